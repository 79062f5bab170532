import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';
import type { Privacy, UpdatePrivacy } from '@/lib/wire';
import { settingsKeys } from './keys';

/** FRIEND-7: who may send me friend requests, and who finds me in the search. */
export const usePrivacy = () =>
  useQuery({ queryKey: settingsKeys.privacy, queryFn: () => api<Privacy>('GET', '/users/me/privacy') });

/** Changes one choice, shown at once and taken back if the server refuses it. */
export function useSetPrivacy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: UpdatePrivacy) => api<Privacy>('PUT', '/users/me/privacy', change),
    onMutate: (change) => {
      const before = queryClient.getQueryData<Privacy>(settingsKeys.privacy);
      if (before) queryClient.setQueryData<Privacy>(settingsKeys.privacy, { ...before, ...change });
      return before;
    },
    onSuccess: (privacy) => queryClient.setQueryData(settingsKeys.privacy, privacy),
    onError: (error, _change, before) => {
      if (before) queryClient.setQueryData(settingsKeys.privacy, before);
      toastProblem(error);
    },
  });
}
