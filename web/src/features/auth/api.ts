import { api } from '@/lib/api-client';
import type { User } from '@/lib/types';

export interface Session {
  user: User;
  token: string;
}

export const register = (body: { username: string; email: string; password: string }) =>
  api<Session>('POST', '/auth/register', body);

export const login = (body: { login: string; password: string }) => api<Session>('POST', '/auth/login', body);

export const logout = () => api<void>('POST', '/auth/logout');

export const getMe = () => api<{ user: User }>('GET', '/users/me');

export const updateMe = (body: { username?: string; avatarUrl?: string | null }) =>
  api<{ user: User }>('PATCH', '/users/me', body);
