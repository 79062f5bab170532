import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { settingsKeys } from './keys';

/** AUTH-8: whether my account has two-factor sign-in. */
export const useTwoFactorStatus = () =>
  useQuery({ queryKey: settingsKeys.twoFactor, queryFn: () => api<{ enabled: boolean }>('GET', '/auth/2fa') });
