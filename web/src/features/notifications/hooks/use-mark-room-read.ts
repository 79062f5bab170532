import { useEffect } from 'react';
import { notificationTypes } from '@/lib/types';
import { useMarkRead } from '../api/mark-read';
import { useNotifications } from '../api/get-notifications';

/** Looking at a room reads its message notifications (CHAT-4). */
export function useMarkRoomNotificationsRead(roomId: number) {
  const { data } = useNotifications();
  const { mutate } = useMarkRead();
  const unread = data?.filter((n) => !n.isRead && n.type === notificationTypes.message && n.room?.id === roomId) ?? [];
  const ids = unread.map((n) => n.id).join(',');
  useEffect(() => {
    if (ids) mutate(ids.split(',').map(Number));
  }, [ids, mutate]);
}
