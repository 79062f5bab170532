import { Bell, BellRing } from 'lucide-react';
import { AnimatePresence } from 'motion/react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconButton } from '@/components/ui/button';
import { useDismiss } from '@/lib/use-dismiss';
import { useNotifications } from '../api/get-notifications';
import { NotificationPanel } from './notification-panel';

/** NOTIF-2/3: the bell with the unread count (in its name too, for a screen reader), and the list. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { data: notifications = [] } = useNotifications();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const unread = notifications.filter((n) => !n.isRead).length;
  useDismiss(box, open, () => setOpen(false));

  return (
    <div className="relative" ref={box}>
      <IconButton
        label={unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.title')}
        onClick={() => setOpen((value) => !value)}
        aria-expanded={open}
        data-testid="notification-bell"
      >
        {unread > 0 ? <BellRing className="h-5 w-5 text-white" /> : <Bell className="h-5 w-5" />}
        {unread > 0 && (
          <span
            data-testid="unread-count"
            aria-hidden="true"
            className="absolute -right-0.5 -top-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-primary-strong px-1 text-[10px] font-bold text-white"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </IconButton>
      <AnimatePresence>
        {open && <NotificationPanel notifications={notifications} unread={unread} onOpened={() => setOpen(false)} />}
      </AnimatePresence>
    </div>
  );
}
