import { useSyncExternalStore } from 'react';
import { socket, type ConnectionState } from './socket';

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(
    (notify) => socket.onState(notify),
    () => socket.state,
  );
}
