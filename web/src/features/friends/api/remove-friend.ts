import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';
import { friendKeys } from '@/lib/query-keys';

export const removeFriend = (userId: number) => api<void>('DELETE', `/friends/${userId}`);

/** FRIEND-5. */
export function useRemoveFriend() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: removeFriend,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: friendKeys.all }),
    onError: toastProblem,
  });
}
