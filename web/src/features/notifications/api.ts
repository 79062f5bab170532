import { api } from '@/lib/api-client';
import type { AppNotification } from '@/lib/types';

export const notificationKeys = { list: ['notifications'] as const };

export const getNotifications = () =>
  api<{ notifications: AppNotification[] }>('GET', '/notifications', undefined, { limit: 50 }).then(
    (body) => body.notifications,
  );

export const markRead = (id: number) => api<void>('POST', `/notifications/${id}/read`);

export const markAllRead = () => api<void>('POST', '/notifications/read-all');
