import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useSession } from '@/lib/session';

export const logout = () => api<void>('POST', '/auth/logout');

/** AUTH-6: the server revokes the session, then this tab forgets it and its data. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    // Signing out never fails for the user: a server that cannot be reached forgets the session anyway.
    mutationFn: () => logout().catch(() => {}),
    onSettled: () => {
      useSession.getState().signOut(true);
      queryClient.clear();
    },
  });
}
