import { useEffect, useRef } from 'react';
import { getMe } from '@/features/auth';
import { useSession } from '@/lib/session';
import { clientEvents } from '@/lib/events';
import { socket } from '@/lib/socket';
import type { Status } from '@/lib/types';
import { useConnectionState } from '@/lib/use-connection-state';
import { IdleTracker } from '../idle';

export type ChoosableStatus = Exclude<Status, 'offline'>;

/** Chooses a status over the socket (STATUS-2); the server tells friends. */
export async function chooseStatus(status: ChoosableStatus): Promise<boolean> {
  const ack = await socket.emit(clientEvents.statusChange, { status });
  const { user, setUser } = useSession.getState();
  if (ack.ok && user) setUser({ ...user, status: ack.status });
  return ack.ok;
}

/**
 * Keeps my status true: read from the server once connected, re-announced after a reconnect if I
 * had chosen one (SYNC-1), and away after 10 minutes idle, online again on activity (STATUS-2).
 */
export function usePresence() {
  const connection = useConnectionState();
  const setUser = useSession((state) => state.setUser);
  const autoAway = useRef(false);

  useEffect(() => {
    if (connection !== 'connected') return;
    const chosen = useSession.getState().user?.status;
    void (async () => {
      const { user } = await getMe();
      // The server set "online" for this new connection; a status I chose before a reconnect comes back.
      if ((chosen === 'away' || chosen === 'busy') && user.status !== chosen) await chooseStatus(chosen);
      else setUser(user);
    })().catch(() => {});
  }, [connection, setUser]);

  useEffect(() => {
    const tracker = new IdleTracker(
      () => {
        if (useSession.getState().user?.status !== 'online') return;
        autoAway.current = true;
        void chooseStatus('away');
      },
      () => {
        if (!autoAway.current) return;
        autoAway.current = false;
        if (useSession.getState().user?.status === 'away') void chooseStatus('online');
      },
    );
    tracker.start();
    return () => tracker.stop();
  }, []);
}
