import { useQueryClient } from '@tanstack/react-query';
import { serverEvents, type RoomDetail, type RoomRef } from '@/lib/events';
import type { MyRoom, Participant } from '@/lib/types';
import { useSocketEvent } from '@/lib/use-socket-event';
import { roomKeys } from '@/lib/query-keys';

/** Keeps room lists, participants (with cameras, shares and who watches them) and unread counts live
 * from the server's events (ROOM-3, ROOM-4, MSG-5, VIDEO-1, VIDEO-2). */
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

  useSocketEvent(serverEvents.roomInvitation, refreshList);
  // A direct conversation turns read-only when the two stop being friends (or one blocks the other),
  // and writable when they are friends again: what I may do there is asked of the server again.
  const permissionsChanged = () => void queryClient.invalidateQueries({ queryKey: roomKeys.all });
  useSocketEvent(serverEvents.friendAdded, permissionsChanged);
  useSocketEvent(serverEvents.friendRemoved, permissionsChanged);
  useSocketEvent(serverEvents.roomUpdated, (detail) => {
    queryClient.setQueryData(roomKeys.detail(detail.room.id), detail);
    refreshList();
  });
  const gone = ({ roomId }: RoomRef) => {
    queryClient.removeQueries({ queryKey: roomKeys.detail(roomId) });
    refreshList();
  };
  useSocketEvent(serverEvents.roomRemoved, gone);
  // Read on one of my tabs: read on all of them. A tab reads up to the newest message it shows.
  useSocketEvent(serverEvents.roomRead, ({ roomId, lastReadId }) =>
    queryClient.setQueryData<MyRoom[]>(roomKeys.list, (rooms) =>
      rooms?.map((room) => (room.id === roomId ? { ...room, lastReadId, unreadCount: 0, mentionCount: 0 } : room)),
    ),
  );
  useSocketEvent(serverEvents.roomDeleted, gone);
  useSocketEvent(serverEvents.userJoinedRoom, ({ roomId, userId, participant }) =>
    patchParticipant(roomId, userId, { ...participant, isInRoom: true }),
  );
  useSocketEvent(serverEvents.userLeftRoom, ({ roomId, userId }) =>
    patchParticipant(roomId, userId, { isInRoom: false, isSpeaking: false, isCameraOn: false, isSharing: false, watching: null }),
  );
  useSocketEvent(serverEvents.userSpeaking, (e) => patchParticipant(e.roomId, e.userId, { isSpeaking: e.isSpeaking }));
  useSocketEvent(serverEvents.userMicToggle, (e) => patchParticipant(e.roomId, e.userId, { isMuted: e.isMuted }));
  useSocketEvent(serverEvents.userDeafenToggle, (e) => patchParticipant(e.roomId, e.userId, { isDeafened: e.isDeafened }));
  useSocketEvent(serverEvents.userCameraToggle, (e) => patchParticipant(e.roomId, e.userId, { isCameraOn: e.isCameraOn }));
  useSocketEvent(serverEvents.userShareToggle, (e) => patchParticipant(e.roomId, e.userId, { isSharing: e.isSharing }));
  useSocketEvent(serverEvents.userWatchShare, (e) => patchParticipant(e.roomId, e.userId, { watching: e.watching }));
  // A friend's status shows on their avatar in every room we have open.
  useSocketEvent(serverEvents.friendStatusChanged, ({ userId, status }) => {
    for (const [key] of queryClient.getQueriesData<RoomDetail>({ queryKey: roomKeys.details })) {
      const roomId = key[2];
      if (typeof roomId === 'number') patchParticipant(roomId, userId, { status, isOnline: status !== 'offline' });
    }
  });
}
