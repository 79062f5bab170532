import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';
import type { Privacy, UpdatePrivacy } from '@/lib/wire';
import { settingsKeys } from './keys';

/** FRIEND-7: who may send me friend requests, and who finds me in the search. */
export const usePrivacy = () =>
  useQuery({ queryKey: settingsKeys.privacy, queryFn: () => api<Privacy>('GET', '/users/me/privacy') });

/** Changes one choice; the screen shows it while it is saved (`usePendingChoice`), then the answer. */
export function useSetPrivacy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: UpdatePrivacy) => api<Privacy>('PUT', '/users/me/privacy', change),
    onSuccess: (privacy) => queryClient.setQueryData(settingsKeys.privacy, privacy),
    onError: toastProblem,
  });
}
