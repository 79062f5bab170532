import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { settingsKeys } from './keys';

/** AUTH-8: turns it off with a code from the app or a recovery code. */
export function useDisableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<void>('POST', '/auth/2fa/disable', { code }),
    onSuccess: () => queryClient.setQueryData(settingsKeys.twoFactor, { enabled: false }),
  });
}
