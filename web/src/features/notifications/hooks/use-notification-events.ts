import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { roomKeys } from '@/lib/query-keys';
import { serverEvents } from '@/lib/events';
import { notificationTypes } from '@/lib/types';
import { useSocketEvent } from '@/lib/use-socket-event';
import { addPushedNotification } from '../api/get-notifications';
import { describe } from '../describe';
import { doNotDisturb, playSound } from '../sounds';
import { useOpenNotification } from './use-open-notification';

/** Long enough to read a notification and reach its "Open" (a toast's default is 4 s). */
const TOAST_MS = 8000;

/** NOTIF-2: each pushed notification joins the list, shows a toast with "Open", plays its sound,
 * and shows a browser notification while the tab is hidden (NOTIF-5: neither sound nor browser
 * notification while I do not want to be disturbed). */
export function useNotificationEvents() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const openNotification = useOpenNotification();

  useSocketEvent(serverEvents.notification, (notification) => {
    addPushedNotification(queryClient, notification);
    // Unread and mention counts of the room list changed (MSG-5).
    if (notification.type === notificationTypes.message || notification.type === notificationTypes.mention) {
      void queryClient.invalidateQueries({ queryKey: roomKeys.list });
    }
    const text = describe(notification);
    const open = () => openNotification(notification);
    // A ringing call has its own screen and ringtone (CALL-1).
    if (notification.type !== notificationTypes.incomingCall) {
      toast(text, {
        id: `notification-${notification.id}`,
        duration: TOAST_MS,
        action: { label: t('notifications.open'), onClick: open },
      });
      playSound(notification.type);
    }
    if (document.hidden && !doNotDisturb() && 'Notification' in window && Notification.permission === 'granted') {
      const shown = new Notification('WOXLY', { body: text, icon: '/logo.svg', tag: `woxly-${notification.id}` });
      shown.onclick = () => {
        window.focus();
        open();
      };
    }
  });
}
