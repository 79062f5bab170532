import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { User } from '@/lib/types';
import { useSession } from '@/lib/session';

export const updateMe = (body: { username?: string }) => api<{ user: User }>('PATCH', '/users/me', body);

/** Keeps my user as the server now has it; the status stays the one this tab knows (the socket keeps it). */
export function keepMe(updated: User) {
  const { user, setUser } = useSession.getState();
  setUser({ ...updated, status: user?.status ?? updated.status });
}

/** AUTH-7: my username. A refusal belongs to its field in the profile form, which shows it. */
export const useUpdateMe = () => useMutation({ mutationFn: updateMe, onSuccess: ({ user }) => keepMe(user) });
