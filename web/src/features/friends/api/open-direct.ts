import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';
import type { Room } from '@/lib/types';
import { roomKeys } from '@/lib/query-keys';

/** MSG-1: the direct conversation with a friend, made on first use. */
export const openDirect = (friendId: number) =>
  api<{ room: Room }>('POST', `/direct/${friendId}`).then((answer) => answer.room);

/** "Message" on a friend: opens our conversation. */
export function useOpenDirect() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: openDirect,
    onSuccess: (room) => {
      void navigate(`/rooms/${room.id}`);
      return queryClient.invalidateQueries({ queryKey: roomKeys.list });
    },
    onError: toastProblem,
  });
}
