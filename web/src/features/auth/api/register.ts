import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useSession } from '@/lib/session';
import type { Session } from './session';

export const register = (body: { username: string; email: string; password: string }) =>
  api<Session>('POST', '/auth/register', body);

/** AUTH-1: registering signs in. Refusals belong next to the form's fields: the form shows them. */
export function useRegister() {
  const signIn = useSession((state) => state.signIn);
  return useMutation({ mutationFn: register, onSuccess: (session) => signIn(session.token, session.user) });
}
