import { useQueryClient } from '@tanstack/react-query';
import { logout } from '@/features/auth/api';
import { useSession } from '@/features/auth/stores/session-store';

/** Logout (AUTH-6): the server revokes the session, then this tab forgets it and its data. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return async () => {
    await logout().catch(() => {});
    useSession.getState().signOut();
    queryClient.clear();
  };
}
