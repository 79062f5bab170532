import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Participant, Room, Status, User } from '@/lib/types';
import { useSocketEvent } from '@/lib/use-socket-event';
import { getRoom, getRooms, roomKeys, type RoomDetail } from '../api';

export const useRooms = () => useQuery({ queryKey: roomKeys.list, queryFn: getRooms });

export const useRoom = (id: number) =>
  useQuery({ queryKey: roomKeys.detail(id), queryFn: () => getRoom(id), retry: false });

/** Keeps room lists and participants live from the server's events (ROOM-3, ROOM-4). */
export function useRoomEvents() {
  const queryClient = useQueryClient();
  const patchParticipant = (roomId: number, userId: number, change: Partial<Participant>) =>
    queryClient.setQueryData<RoomDetail>(roomKeys.detail(roomId), (detail) =>
      detail && {
        ...detail,
        participants: detail.participants.map((p) => (p.id === userId ? { ...p, ...change } : p)),
      },
    );
  const refreshList = () => void queryClient.invalidateQueries({ queryKey: roomKeys.list });

  useSocketEvent<{ from: User; room: Room }>('room-invitation', refreshList);
  useSocketEvent<RoomDetail>('room-updated', (detail) => {
    queryClient.setQueryData(roomKeys.detail(detail.room.id), detail);
    refreshList();
  });
  const gone = ({ roomId }: { roomId: number }) => {
    queryClient.removeQueries({ queryKey: roomKeys.detail(roomId) });
    refreshList();
  };
  useSocketEvent('room-removed', gone);
  useSocketEvent('room-deleted', gone);
  useSocketEvent<{ userId: number; roomId: number; participant?: Participant }>(
    'user-joined-room',
    ({ roomId, userId, participant }) => patchParticipant(roomId, userId, { ...participant, isInRoom: true }),
  );
  useSocketEvent<{ userId: number; roomId: number }>('user-left-room', ({ roomId, userId }) =>
    patchParticipant(roomId, userId, { isInRoom: false, isSpeaking: false }),
  );
  useSocketEvent<{ userId: number; roomId: number; isSpeaking: boolean }>('user-speaking', (e) =>
    patchParticipant(e.roomId, e.userId, { isSpeaking: e.isSpeaking }),
  );
  useSocketEvent<{ userId: number; roomId: number; isMuted: boolean }>('user-mic-toggle', (e) =>
    patchParticipant(e.roomId, e.userId, { isMuted: e.isMuted }),
  );
  useSocketEvent<{ userId: number; roomId: number; isDeafened: boolean }>('user-deafen-toggle', (e) =>
    patchParticipant(e.roomId, e.userId, { isDeafened: e.isDeafened }),
  );
  // A friend's status shows on their avatar in every room we have open.
  useSocketEvent<{ userId: number; status: Status }>('friend-status-changed', ({ userId, status }) => {
    for (const [key] of queryClient.getQueriesData<RoomDetail>({ queryKey: ['room'] })) {
      const roomId = key[1];
      if (typeof roomId === 'number') patchParticipant(roomId, userId, { status, isOnline: status !== 'offline' });
    }
  });
}
