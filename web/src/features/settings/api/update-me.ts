import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { User } from '@/lib/types';
import { useSession } from '@/lib/session';

export const updateMe = (body: { username?: string; avatarUrl?: string | null }) =>
  api<{ user: User }>('PATCH', '/users/me', body);

/** AUTH-7: my username and avatar; the status stays the one this tab knows (the socket keeps it). A
 * refusal belongs to its field in the profile form, which shows it. */
export function useUpdateMe() {
  return useMutation({
    mutationFn: updateMe,
    onSuccess: ({ user: updated }) => {
      const { user, setUser } = useSession.getState();
      setUser({ ...updated, status: user?.status ?? updated.status });
    },
  });
}
