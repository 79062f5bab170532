import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import type { AppNotification } from '@/lib/types';
import { useSocketEvent } from '@/lib/use-socket-event';
import { getNotifications, markRead, notificationKeys } from '../api';
import { describe, target } from '../describe';
import { playSound } from '../sounds';

export const useNotifications = () => useQuery({ queryKey: notificationKeys.list, queryFn: getNotifications });

/** NOTIF-2: each pushed notification joins the list, shows a toast with "Open", plays its sound,
 * and shows a browser notification while the tab is hidden. */
export function useNotificationEvents() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const openNotification = useOpenNotification();

  useSocketEvent<AppNotification>('notification', (notification) => {
    // A room's unread message notification is one, updated in place (CHAT-4): replace it by id.
    queryClient.setQueryData<AppNotification[]>(notificationKeys.list, (list) => [
      notification,
      ...(list ?? []).filter((n) => n.id !== notification.id),
    ]);
    const text = describe(notification);
    const open = () => openNotification(notification);
    // A ringing call has its own screen and ringtone (CALL-1).
    if (notification.type !== 'incoming-call') {
      toast(text, { id: `notification-${notification.id}`, action: { label: t('notifications.open'), onClick: open } });
      playSound(notification.type);
    }
    if (document.hidden && 'Notification' in window && Notification.permission === 'granted') {
      const shown = new Notification('WOXLY', { body: text, icon: '/logo.svg', tag: `woxly-${notification.id}` });
      shown.onclick = () => {
        window.focus();
        open();
      };
    }
  });
}

/** Opening a notification goes where it points (the requests tab or its room) and reads it. */
export function useOpenNotification() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (notification: AppNotification) => {
    void navigate(target(notification));
    if (!notification.isRead) {
      void markRead(notification.id).then(() => queryClient.invalidateQueries({ queryKey: notificationKeys.list }));
    }
  };
}

/** Looking at a room reads its message notifications. */
export function useMarkRoomNotificationsRead(roomId: number) {
  const queryClient = useQueryClient();
  const { data } = useNotifications();
  const unread = data?.filter((n) => !n.isRead && n.type === 'message' && n.room?.id === roomId) ?? [];
  const ids = unread.map((n) => n.id).join(',');
  useEffect(() => {
    if (!ids) return;
    void Promise.all(ids.split(',').map((id) => markRead(Number(id)))).then(() =>
      queryClient.invalidateQueries({ queryKey: notificationKeys.list }),
    );
  }, [ids, queryClient]);
}
