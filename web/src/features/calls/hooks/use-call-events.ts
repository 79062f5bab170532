import { useEffect } from 'react';
import { playSound } from '@/features/notifications';
import { serverEvents, type CallEvent } from '@/lib/events';
import { notificationTypes } from '@/lib/types';
import { useSocketEvent } from '@/lib/use-socket-event';
import { ring, settleOutgoing, stopRinging, useCalls, type OutgoingPhase } from '../call-store';

/** CALL-1…3 on every tab: incoming calls ring, and both sides learn every outcome. */
export function useCallEvents() {
  useSocketEvent(serverEvents.incomingCall, ring);
  // An outcome stops the ringing on every tab of the callee and tells the caller (`null`: nothing to show).
  const outcome = (shownToCaller: OutgoingPhase | null) => ({ roomId }: CallEvent) => {
    stopRinging(roomId);
    settleOutgoing(roomId, shownToCaller);
  };
  useSocketEvent(serverEvents.callAccepted, outcome(null));
  useSocketEvent(serverEvents.callDeclined, outcome('declined'));
  useSocketEvent(serverEvents.callCancelled, outcome(null));
  useSocketEvent(serverEvents.callMissed, outcome('missed'));
  useRingtone();
}

const RING_EVERY_MS = 2000;

/** The ringtone repeats while a call is ringing this tab. */
function useRingtone() {
  const ringing = useCalls((state) => state.incoming.length > 0);
  useEffect(() => {
    if (!ringing) return;
    playSound(notificationTypes.incomingCall);
    const timer = setInterval(() => playSound(notificationTypes.incomingCall), RING_EVERY_MS);
    return () => clearInterval(timer);
  }, [ringing]);
}
