import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notificationKeys } from '@/lib/query-keys';
import { api } from '@/lib/api-client';
import type { RoomDetail } from '@/lib/events';
import { toastProblem } from '@/lib/i18n';
import { roomKeys } from '@/lib/query-keys';

export const acceptInvitation = (id: number) => api<RoomDetail>('POST', `/rooms/${id}/join`);

export const declineInvitation = (id: number) => api<void>('POST', `/rooms/${id}/decline`);

/** ROOM-3: accepting makes me a member (the answer is the room as I now see it); either way the
 * invitation's notification is settled. */
export function useAnswerInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ roomId, accept }: { roomId: number; accept: boolean }) => {
      if (!accept) return declineInvitation(roomId);
      queryClient.setQueryData(roomKeys.detail(roomId), await acceptInvitation(roomId));
    },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: roomKeys.list }),
        queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      ]),
    onError: toastProblem,
  });
}
