import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';
import type { Friend } from '@/lib/types';
import { friendKeys } from '@/lib/query-keys';

export const setNote = (userId: number, note: string) =>
  api<{ friend: Friend }>('PUT', `/friends/${userId}/note`, { note });

/** FRIEND-5: my private note on a friend. */
export function useSetNote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ friendId, note }: { friendId: number; note: string }) => setNote(friendId, note.trim()),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: friendKeys.list }),
    onError: toastProblem,
  });
}
