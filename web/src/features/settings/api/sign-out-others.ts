import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';
import { settingsKeys } from './keys';

/** AUTH-9: signs out every session of mine but this one. */
export function useSignOutOthers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('POST', '/auth/sessions/sign-out-others', {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: settingsKeys.sessions }),
    onError: toastProblem,
  });
}
