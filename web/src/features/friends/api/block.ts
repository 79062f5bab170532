import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';
import type { User } from '@/lib/types';
import { friendKeys } from '@/lib/query-keys';

// FRIEND-6: blocking — who I blocked, blocking (which unfriends), unblocking.

export const useBlocked = () =>
  useQuery({
    queryKey: friendKeys.blocked,
    queryFn: () => api<{ users: User[] }>('GET', '/users/blocked').then((body) => body.users),
  });

/** Whether a user's messages are to be collapsed for me. */
export function useIsBlocked() {
  const blocked = useBlocked();
  return (userId: number) => blocked.data?.some((user) => user.id === userId) ?? false;
}

export function useBlock() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: number) => api<void>('PUT', `/users/${userId}/block`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: friendKeys.all }),
    onError: toastProblem,
  });
}

export function useUnblock() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: number) => api<void>('DELETE', `/users/${userId}/block`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: friendKeys.all }),
    onError: toastProblem,
  });
}
