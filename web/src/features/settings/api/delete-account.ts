import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useSession } from '@/lib/session';

/** AUTH-10: deletes my account, given my password; this tab then forgets the session, as at logout.
 * A wrong password shows in the form. */
export function useDeleteAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => api<void>('DELETE', '/users/me', { password }),
    onSuccess: () => {
      useSession.getState().signOut(true);
      queryClient.clear();
    },
  });
}
