// CALL-1…3: the call this tab is making and the calls ringing it.

import { create } from 'zustand';
import type { Room, User } from '@/lib/types';

/** `ringing` until the friend answers; then the outcome the caller is shown. */
export type OutgoingPhase = 'ringing' | 'declined' | 'missed' | 'offline';

export interface OutgoingCall {
  friend: User;
  roomId: number;
  phase: OutgoingPhase;
}

export interface IncomingCall {
  from: User;
  room: Room;
}

interface CallState {
  outgoing: OutgoingCall | null;
  incoming: IncomingCall[];
}

export const useCalls = create<CallState>(() => ({ outgoing: null, incoming: [] }));

export const setOutgoing = (outgoing: OutgoingCall | null) => useCalls.setState({ outgoing });

export function ring(call: IncomingCall) {
  useCalls.setState((state) => ({
    incoming: [...state.incoming.filter((c) => c.room.id !== call.room.id), call],
  }));
}

/** The call in `roomId` stopped ringing here (answered on any tab, declined, cancelled or missed). */
export function stopRinging(roomId: number) {
  useCalls.setState((state) => ({ incoming: state.incoming.filter((c) => c.room.id !== roomId) }));
}

/** The caller learns the outcome of their call. */
export function settleOutgoing(roomId: number, phase: OutgoingPhase | null) {
  const { outgoing } = useCalls.getState();
  if (outgoing?.roomId !== roomId) return;
  setOutgoing(phase ? { ...outgoing, phase } : null);
}
