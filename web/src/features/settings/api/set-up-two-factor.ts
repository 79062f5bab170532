import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export interface TwoFactorSetup {
  secret: string;
  otpauthUrl: string;
  /** The otpauth URL as a QR code (`data:image/png;base64,…`). */
  qrCode: string;
}

/** AUTH-8: a new secret for the authenticator app, replacing one not yet confirmed. */
export const useTwoFactorSetup = () =>
  useMutation({ mutationFn: () => api<TwoFactorSetup>('POST', '/auth/2fa/setup', {}) });
