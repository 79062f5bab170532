import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useSession } from '@/lib/session';
import type { Session } from './session';

/** `code`: AUTH-8's second step, for an account with two-factor sign-in. */
export const login = (body: { login: string; password: string; code?: string }) =>
  api<Session>('POST', '/auth/login', body);

/** AUTH-5: by email or username. A refusal shows in the form, not as a toast. */
export function useLogin() {
  const signIn = useSession((state) => state.signIn);
  return useMutation({ mutationFn: login, onSuccess: (session) => signIn(session.token, session.user) });
}
