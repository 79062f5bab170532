import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useSession } from '../stores/session-store';
import type { Session } from './session';

export const login = (body: { login: string; password: string }) => api<Session>('POST', '/auth/login', body);

/** AUTH-5: by email or username. A refusal shows in the form, not as a toast. */
export function useLogin() {
  const signIn = useSession((state) => state.signIn);
  return useMutation({ mutationFn: login, onSuccess: (session) => signIn(session.token, session.user) });
}
