import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';
import type { Friend, FriendRequest, User } from '@/lib/types';
import { friendKeys } from '@/lib/query-keys';

export const addFriend = (userId: number) =>
  api<{ request?: FriendRequest; friend?: Friend }>('POST', '/friends/add', { userId });

/** FRIEND-2: a request, or a friendship at once when they had asked me first. */
export function useAddFriend() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: User) => addFriend(user.id),
    onSuccess: (answer, user) => {
      toast.success(answer.friend ? t('friends.nowFriends', { name: user.username }) : t('friends.requestSent'));
      return queryClient.invalidateQueries({ queryKey: friendKeys.all });
    },
    onError: toastProblem,
  });
}
