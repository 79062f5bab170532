import { api } from '@/lib/api-client';
import type { User } from '@/lib/types';

/** AUTH-7: who the token belongs to, with my email and stored status. */
export const getMe = () => api<{ user: User }>('GET', '/users/me');
