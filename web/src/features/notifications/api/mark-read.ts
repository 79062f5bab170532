import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';
import { notificationKeys } from '@/lib/query-keys';

export const markRead = (id: number) => api<void>('POST', `/notifications/${id}/read`);

/** NOTIF-3: marks these notifications read. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[]) => Promise.all(ids.map(markRead)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
    onError: toastProblem,
  });
}
