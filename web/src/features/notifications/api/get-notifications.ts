import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { AppNotification } from '@/lib/types';
import { notificationKeys } from './keys';

export const getNotifications = () =>
  api<{ notifications: AppNotification[] }>('GET', '/notifications', undefined, { limit: 50 }).then(
    (body) => body.notifications,
  );

/** NOTIF-3: the newest 50, read or not; pushed ones join it (`useNotificationEvents`). */
export const useNotifications = () => useQuery({ queryKey: notificationKeys.list, queryFn: getNotifications });
