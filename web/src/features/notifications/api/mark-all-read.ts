import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';
import { notificationKeys } from '@/lib/query-keys';

export const markAllRead = () => api<void>('POST', '/notifications/read-all');

/** NOTIF-3. */
export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markAllRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
    onError: toastProblem,
  });
}
