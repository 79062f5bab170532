import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

// AUTH-8: two-factor sign-in — whether it is on, setting it up with an authenticator app, turning it off.

export interface TwoFactorSetup {
  secret: string;
  otpauthUrl: string;
  /** The otpauth URL as a QR code (`data:image/png;base64,…`). */
  qrCode: string;
}

const twoFactorKey = ['two-factor'] as const;

export const useTwoFactorStatus = () =>
  useQuery({ queryKey: twoFactorKey, queryFn: () => api<{ enabled: boolean }>('GET', '/auth/2fa') });

/** A new secret for the app, replacing one not yet confirmed. */
export const useTwoFactorSetup = () =>
  useMutation({ mutationFn: () => api<TwoFactorSetup>('POST', '/auth/2fa/setup', {}) });

/** Turns it on with a code from the app; answers the recovery codes, shown once. Refusals show in the
 * dialog's field. */
export function useEnableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<{ recoveryCodes: string[] }>('POST', '/auth/2fa/enable', { code }),
    onSuccess: () => queryClient.setQueryData(twoFactorKey, { enabled: true }),
  });
}

/** Turns it off with a code from the app or a recovery code. */
export function useDisableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<void>('POST', '/auth/2fa/disable', { code }),
    onSuccess: () => queryClient.setQueryData(twoFactorKey, { enabled: false }),
  });
}
