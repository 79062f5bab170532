import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';
import { useSession } from '../stores/session-store';

// AUTH-9: my sessions (device, address, last seen), signing them out, and changing my password;
// AUTH-10: deleting my account.

export interface SessionInfo {
  id: string;
  device: string;
  address: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

const sessionsKey = ['sessions'] as const;

export const useSessions = () =>
  useQuery({
    queryKey: sessionsKey,
    queryFn: () => api<{ sessions: SessionInfo[] }>('GET', '/auth/sessions').then((body) => body.sessions),
  });

export function useSignOutSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/auth/sessions/${encodeURIComponent(id)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
    onError: toastProblem,
  });
}

export function useSignOutOthers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('POST', '/auth/sessions/sign-out-others', {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
    onError: toastProblem,
  });
}

/** A refusal (wrong current password, a new one too short) shows in the form. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api<void>('POST', '/auth/password', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}

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
