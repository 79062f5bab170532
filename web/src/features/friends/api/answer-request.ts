import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { notificationKeys } from '@/lib/query-keys';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';
import type { Friend, FriendRequest } from '@/lib/types';
import { friendKeys } from '@/lib/query-keys';

export const acceptRequest = (id: number) => api<{ friend: Friend }>('POST', `/friends/requests/${id}/accept`);

export const declineRequest = (id: number) => api<void>('POST', `/friends/requests/${id}/decline`);

/** FRIEND-2: accepting or declining a request to me settles its notification too. */
export function useAnswerRequest() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ request, accept }: { request: FriendRequest; accept: boolean }) => {
      await (accept ? acceptRequest(request.id) : declineRequest(request.id));
    },
    onSuccess: (_, { request, accept }) => {
      if (accept) toast.success(t('friends.nowFriends', { name: request.from.username }));
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: friendKeys.all }),
        queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      ]);
    },
    onError: toastProblem,
  });
}
