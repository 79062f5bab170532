import { api } from '@/lib/api-client';
import type { MyRoom, Participant, Room } from '@/lib/types';

export interface RoomDetail {
  room: Room;
  participants: Participant[];
}

export const roomKeys = {
  list: ['rooms'] as const,
  detail: (id: number) => ['room', id] as const,
};

export const getRooms = () => api<{ rooms: MyRoom[] }>('GET', '/rooms').then((body) => body.rooms);

export const getRoom = (id: number) => api<RoomDetail>('GET', `/rooms/${id}`);

export const createRoom = (body: {
  name: string;
  isPrivate: boolean;
  invitedFriends: number[];
  maxParticipants?: number;
}) =>
  api<{ room: Room }>('POST', '/rooms', body).then((answer) => answer.room);

export const acceptInvitation = (id: number) => api<RoomDetail>('POST', `/rooms/${id}/join`);

export const declineInvitation = (id: number) => api<void>('POST', `/rooms/${id}/decline`);

export const leaveRoom = (id: number) => api<void>('POST', `/rooms/${id}/leave`);

export const deleteRoom = (id: number) => api<void>('DELETE', `/rooms/${id}`);

export const inviteToRoom = (id: number, userIds: number[]) =>
  api<{ participants: Participant[] }>('POST', `/rooms/${id}/invite`, { userIds });

export const removeMember = (id: number, userId: number) => api<void>('DELETE', `/rooms/${id}/members/${userId}`);
