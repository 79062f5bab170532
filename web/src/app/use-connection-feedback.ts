import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { voice } from '@/features/voice/voice';
import { socket } from '@/lib/socket';
import { useConnectionState } from '@/lib/use-connection-state';

/** SYNC-2's toasts as the connection drops, returns or gives up; SYNC-1's refresh when it returns. */
export function useConnectionFeedback() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const state = useConnectionState();
  const previous = useRef(state);

  useEffect(() => {
    const was = previous.current;
    previous.current = state;
    if (state === 'reconnecting' && was === 'connected') toast.error(t('connection.lost'), { id: 'connection' });
    if (state === 'connected' && (was === 'reconnecting' || was === 'failed'))
      toast.success(t('connection.restored'), { id: 'connection' });
    if (state === 'failed') toast.error(t('connection.failed'), { id: 'connection', duration: Infinity });
  }, [state, t]);

  // Friends, requests, rooms and notifications may all have changed meanwhile. Not the participants of
  // the room this tab is in: joining again answers with them, in order with the room's events, whereas
  // a REST answer could land after a newer `user-joined-room` and undo it (seen in CI after a restart).
  useEffect(
    () =>
      socket.onReconnect(() => {
        const inRoom = voice.state.getState().roomId;
        void queryClient.invalidateQueries({
          predicate: ({ queryKey: [kind, id] }) => !(kind === 'room' && id === inRoom),
        });
      }),
    [queryClient],
  );
}
