import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useShallow } from 'zustand/react/shallow';
import { useVoice, voice } from '@/features/voice';
import type { RoomDetail } from '@/lib/events';
import type { User } from '@/lib/types';
import { roomKeys } from '@/lib/query-keys';
import { asksToJoinVoice } from '@/lib/voice-link';

/** Being on a room's page shows the room: its chat and who is in its voice (ROOM-3); the voice is
 * joined only by choice (VOICE-1): "Join voice", a call, or entering a group room from the room list.
 * The voice manager shows the room again, and rejoins its voice, after a reconnect (SYNC-1). Returns
 * the participants with my own live state as this tab knows it (ahead of the server's echo). */
export function useRoomVoice(detail: RoomDetail, me: User) {
  const queryClient = useQueryClient();
  const roomId = detail.room.id;
  const mayUseVoice = detail.permissions.voice;
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
  useJoinVoiceWhenAsked(mayUseVoice);
  // A conversation that became read-only (unfriended, blocked) has no voice.
  useEffect(() => {
    if (!mayUseVoice) voice.leaveVoice();
  }, [mayUseVoice]);
  const mine = useVoice(
    useShallow((s) => ({ inVoice: s.inVoice, isSpeaking: s.speaking, isMuted: s.muted, isDeafened: s.deafened })),
  );
  return detail.participants.map((p) => {
    if (p.id !== me.id || !mine.inVoice) return p;
    const { inVoice, ...live } = mine;
    return { ...p, ...live, isInRoom: inVoice };
  });
}

/** Joins the voice when the navigation that showed the page asked for it, once: the request is taken
 * out of the history entry, so a reload or coming back to it shows the chat only. */
function useJoinVoiceWhenAsked(mayUseVoice: boolean) {
  const location = useLocation();
  const navigate = useNavigate();
  const asked = asksToJoinVoice(location.state);
  useEffect(() => {
    if (!asked) return;
    if (mayUseVoice) voice.joinVoice();
    void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
  }, [asked, mayUseVoice, location.key, location.pathname, location.search, navigate]);
}
