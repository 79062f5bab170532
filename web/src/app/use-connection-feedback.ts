import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { friendKeys } from '@/lib/query-keys';
import { notificationKeys } from '@/lib/query-keys';
import { roomKeys } from '@/lib/query-keys';
import { voice } from '@/features/voice';
import { socket } from '@/lib/socket';
import { useConnectionState } from '@/lib/use-connection-state';

const LOST = 'connection-lost';
const RESTORED = 'connection-restored';
const FAILED = 'connection-failed';

/** SYNC-2's toasts as the connection drops, returns or gives up; SYNC-1's refresh whenever it connects. */
export function useConnectionFeedback() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const state = useConnectionState();
  const previous = useRef(state);

  useEffect(() => {
    const was = previous.current;
    previous.current = state;
    // Each toast is a new one: a toast updated in place keeps the first one's deadline, so "restored"
    // after a long outage would vanish at once.
    if (state === 'reconnecting' && was === 'connected') toast.error(t('connection.lost'), { id: LOST });
    if (state === 'connected' && (was === 'reconnecting' || was === 'failed')) {
      toast.dismiss(LOST);
      toast.dismiss(FAILED);
      toast.success(t('connection.restored'), { id: RESTORED });
    }
    if (state === 'failed') {
      toast.dismiss(LOST);
      toast.error(t('connection.failed'), { id: FAILED, duration: Infinity });
    }
  }, [state, t]);

  // Friends, requests, rooms and notifications may all have changed since they were read (before the
  // first connection too: a page load reads them while the socket connects). Not the participants of
  // the room this tab is in (joining again answers with them, in order with the room's events, whereas
  // a REST answer could land after a newer user-joined event and undo it), unless the tab has none;
  // nor the chat, which catches up by itself.
  useEffect(
    () =>
      socket.onResync(() => {
        const inRoom = voice.state.getState().roomId;
        for (const queryKey of [friendKeys.all, notificationKeys.all, roomKeys.list]) {
          void queryClient.invalidateQueries({ queryKey });
        }
        void queryClient.invalidateQueries({
          queryKey: roomKeys.details,
          predicate: (query) => query.queryKey[2] !== inRoom || query.state.data === undefined,
        });
      }),
    [queryClient],
  );
}
