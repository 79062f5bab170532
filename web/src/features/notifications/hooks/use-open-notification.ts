import { useNavigate } from 'react-router';
import type { AppNotification } from '@/lib/types';
import { useMarkRead } from '../api/mark-read';
import { target } from '../describe';

/** Opening a notification goes where it points (the requests tab or its room) and reads it. */
export function useOpenNotification() {
  const navigate = useNavigate();
  const marking = useMarkRead();
  return (notification: AppNotification) => {
    void navigate(target(notification));
    if (!notification.isRead) marking.mutate([notification.id]);
  };
}
