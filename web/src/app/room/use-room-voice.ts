import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useVoice, voice } from '@/features/voice';
import type { RoomDetail } from '@/lib/events';
import type { User } from '@/lib/types';
import { roomKeys } from '@/lib/query-keys';

/** Being on a room's page is being in the room, with voice (ROOM-3, VOICE-1); the voice manager joins
 * again and rebuilds voice after a reconnect (SYNC-1). Returns the participants with my own live state
 * as this tab knows it (ahead of the server's echo). */
export function useRoomVoice(detail: RoomDetail, me: User) {
  const queryClient = useQueryClient();
  const roomId = detail.room.id;
  useEffect(() => {
    voice.enter(roomId, me.id, {
      // The join's answer refreshes the room and who is in it; what I may do there stays as the room said.
      joined: (joined, people) =>
        queryClient.setQueryData<RoomDetail>(
          roomKeys.detail(joined.id),
          (detail) => detail && { ...detail, room: joined, participants: people },
        ),
      refused: () => void queryClient.invalidateQueries({ queryKey: roomKeys.detail(roomId) }),
    });
    return () => voice.exit();
  }, [roomId, me.id, queryClient]);
  const mine = useVoice(useShallow((s) => ({ isSpeaking: s.speaking, isMuted: s.muted, isDeafened: s.deafened })));
  return detail.participants.map((p) => (p.id === me.id ? { ...p, ...mine, isInRoom: true } : p));
}
