import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useSession } from '@/lib/session';
import { socket } from '@/lib/socket';

export const logout = () => api<void>('POST', '/auth/logout');

/** AUTH-6: the server revokes the session, then this tab forgets it and its data. The socket is closed
 * first, by this tab: the server closing it would read as a lost connection. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    // Signing out never fails for the user: a server that cannot be reached forgets the session anyway.
    mutationFn: () => {
      socket.disconnect();
      return logout().catch(() => {});
    },
    onSettled: () => {
      useSession.getState().signOut(true);
      queryClient.clear();
    },
  });
}
