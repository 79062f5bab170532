// The rooms feature as the rest of the client sees it: what other features and the app screens may use.

export { useRooms } from './api/get-rooms';
export { roomKeys } from './api/keys';
export { useOpenDirect } from './api/open-direct';
export { RoomList } from './components/room-list';
export { RoomPage } from './components/room-page';
export { useRoomEvents } from './hooks/use-room-events';
