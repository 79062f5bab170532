// The rooms feature as the rest of the client sees it: what other features and the app screens may use.

export { useRoom } from './api/get-room';
export { useRooms } from './api/get-rooms';
export { useQuitRoom } from './api/quit-room';
export { useRemoveMember } from './api/remove-member';
export { Invitation } from './components/invitation';
export { InviteDialog } from './components/invite-dialog';
export { roomLabel } from './label';
export { RoomList } from './components/room-list';
export { useRoomEvents } from './hooks/use-room-events';
export { sortParticipants } from './sort';
