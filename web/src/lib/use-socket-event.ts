import { useEffect, useRef } from 'react';
import { socket } from './socket';

/** Runs `handler` for each `event` from the server while the component is mounted. */
export function useSocketEvent<T>(event: string, handler: (payload: T) => void) {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => socket.on<T>(event, (payload) => latest.current(payload)), [event]);
}
