import { getRoom, getRooms, createRoom } from '@/features/rooms/api';
import { socket } from '@/lib/socket';
import type { User } from '@/lib/types';

/** CALL-1: calls between two friends happen in their private two-person room, made on the first
 * call and reused afterwards, so their calls and messages stay in one place. */
export async function callRoomWith(friend: User, roomName: string): Promise<number> {
  const candidates = (await getRooms()).filter(
    (room) => room.isPrivate && room.maxParticipants === 2 && room.myStatus === 'accepted',
  );
  for (const candidate of candidates) {
    const { participants } = await getRoom(candidate.id);
    if (participants.some((p) => p.id === friend.id && p.roomStatus !== 'declined')) return candidate.id;
  }
  // `call-friend` invites the friend, without a separate invitation toast competing with the ringing.
  const room = await createRoom({ name: roomName, isPrivate: true, invitedFriends: [], maxParticipants: 2 });
  return room.id;
}

export const ringFriend = (friendId: number, roomId: number) =>
  socket.emit<{ state: 'ringing' | 'missed' }>('call-friend', { friendId, roomId });

export const cancelCall = (friendId: number, roomId: number) => socket.emit('cancel-call', { roomId, friendId });

export const acceptCall = (callerId: number, roomId: number) => socket.emit('accept-call', { roomId, callerId });

export const declineCall = (callerId: number, roomId: number) => socket.emit('decline-call', { roomId, callerId });
