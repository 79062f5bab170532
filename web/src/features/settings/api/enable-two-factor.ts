import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { settingsKeys } from './keys';

/** AUTH-8: turns it on with a code from the app; answers the recovery codes, shown once. Refusals show
 * in the dialog's field. */
export function useEnableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<{ recoveryCodes: string[] }>('POST', '/auth/2fa/enable', { code }),
    onSuccess: () => queryClient.setQueryData(settingsKeys.twoFactor, { enabled: true }),
  });
}
