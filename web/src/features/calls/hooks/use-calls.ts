import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { useSession } from '@/features/auth/stores/session-store';
import { playSound } from '@/features/notifications/sounds';
import { roomKeys } from '@/features/rooms/api';
import { errorText, problemText } from '@/lib/i18n';
import type { Room, User } from '@/lib/types';
import { useSocketEvent } from '@/lib/use-socket-event';
import { callRoomWith, ringFriend } from '../api';
import { ring, settleOutgoing, setOutgoing, stopRinging, useCalls, type OutgoingPhase } from '../call-store';

type Outcome = { userId: number; roomId: number };

/** CALL-1…3 on every tab: incoming calls ring, and both sides learn every outcome. */
export function useCallEvents() {
  useSocketEvent<{ from: User; room: Room }>('incoming-call', ring);
  useCallOutcome('call-accepted', null);
  useCallOutcome('call-declined', 'declined');
  useCallOutcome('call-cancelled', null);
  useCallOutcome('call-missed', 'missed');
  useRingtone();
}

/** An outcome stops the ringing on every tab of the callee and tells the caller (`null`: nothing to show). */
function useCallOutcome(event: string, shownToCaller: OutgoingPhase | null) {
  useSocketEvent<Outcome>(event, ({ roomId }) => {
    stopRinging(roomId);
    settleOutgoing(roomId, shownToCaller);
  });
}

const RING_EVERY_MS = 2000;

/** The ringtone repeats while a call is ringing this tab. */
function useRingtone() {
  const ringing = useCalls((state) => state.incoming.length > 0);
  useEffect(() => {
    if (!ringing) return;
    playSound('incoming-call');
    const timer = setInterval(() => playSound('incoming-call'), RING_EVERY_MS);
    return () => clearInterval(timer);
  }, [ringing]);
}

/** "Call" on a friend: into the call room, ringing them; the calling screen shows the rest. */
export function useStartCall() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useSession((state) => state.user);
  return async (friend: User) => {
    if (!me || useCalls.getState().outgoing) return;
    try {
      const roomId = await callRoomWith(friend, t('calls.roomName', { a: me.username, b: friend.username }));
      void queryClient.invalidateQueries({ queryKey: roomKeys.list });
      const ack = await ringFriend(friend.id, roomId);
      if (!ack.ok) {
        toast.error(errorText(ack.code, ack.error));
        return;
      }
      setOutgoing({ friend, roomId, phase: ack.state === 'missed' ? 'offline' : 'ringing' });
      void navigate(`/rooms/${roomId}`);
    } catch (caught) {
      toast.error(problemText(caught));
    }
  };
}
