import { useEffect, useRef } from 'react';
import type { PayloadOf, ServerEventName } from './events';
import { socket } from './socket';

/** Runs `handler` for each `event` from the server while the component is mounted. */
export function useSocketEvent<E extends ServerEventName>(event: E, handler: (payload: PayloadOf<E>) => void) {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => socket.on(event, (payload) => latest.current(payload)), [event]);
}
