// The notifications feature as the rest of the client sees it: what other features and the app screens may use.

export { NotificationBell } from './components/notification-bell';
export { RoomNotificationsMenu } from './components/room-notifications-menu';
export { useMarkRoomNotificationsRead } from './hooks/use-mark-room-read';
export { useNotificationEvents } from './hooks/use-notification-events';
export { playSound } from './sounds';
