import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { SessionView } from '@/lib/wire';
import { settingsKeys } from './keys';

/** AUTH-9: my sessions (device, address, last seen), the most recently seen first. */
export const useSessions = () =>
  useQuery({
    queryKey: settingsKeys.sessions,
    queryFn: () => api<{ sessions: SessionView[] }>('GET', '/auth/sessions').then((body) => body.sessions),
  });
