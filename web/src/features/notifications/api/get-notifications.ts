import { type QueryClient, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { AppNotification } from '@/lib/types';
import { notificationKeys } from '@/lib/query-keys';

export const getNotifications = () =>
  api<{ notifications: AppNotification[] }>('GET', '/notifications', undefined, { limit: 50 }).then(
    (body) => body.notifications,
  );

/** NOTIF-3: the newest 50, read or not; pushed ones join it (`useNotificationEvents`). */
export const useNotifications = () => useQuery({ queryKey: notificationKeys.list, queryFn: getNotifications });

/** NOTIF-2: a pushed notification joins the list at once (a room's unread message notification is
 * one, updated in place: replaced by id). A read of the list still on its way was made before this
 * one existed and would overwrite it when it lands (a page just opened): the list is read again. */
export function addPushedNotification(queryClient: QueryClient, notification: AppNotification) {
  const reading = queryClient.isFetching({ queryKey: notificationKeys.list }) > 0;
  queryClient.setQueryData<AppNotification[]>(notificationKeys.list, (list) => [
    notification,
    ...(list ?? []).filter((n) => n.id !== notification.id),
  ]);
  if (reading) void queryClient.invalidateQueries({ queryKey: notificationKeys.list });
}
