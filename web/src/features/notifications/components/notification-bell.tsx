import { Bell, BellRing, CheckCheck, MessageSquare, Phone, PhoneMissed, UserPlus, DoorOpen } from 'lucide-react';
import { AnimatePresence, motion } from 'motion/react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDismiss } from '@/lib/use-dismiss';
import { useQueryClient } from '@tanstack/react-query';
import { IconButton } from '@/components/ui/button';
import { formatAgo } from '@/lib/time';
import type { AppNotification, NotificationType } from '@/lib/types';
import { markAllRead, notificationKeys } from '../api';
import { describe } from '../describe';
import { useNotifications, useOpenNotification } from '../hooks/use-notifications';

const icons: Record<NotificationType, typeof Bell> = {
  'friend-request': UserPlus,
  'room-invitation': DoorOpen,
  'incoming-call': Phone,
  'missed-call': PhoneMissed,
  message: MessageSquare,
};

/** NOTIF-2/3: the bell with the unread count, and the list behind it. */
export function NotificationBell() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data: notifications = [] } = useNotifications();
  const [open, setOpen] = useState(false);
  const [permission, setPermission] = useState(() => ('Notification' in window ? Notification.permission : 'denied'));
  const panel = useRef<HTMLDivElement>(null);
  const unread = notifications.filter((n) => !n.isRead).length;

  useDismiss(panel, open, () => setOpen(false));

  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationKeys.list });

  const openNotification = useOpenNotification();
  function openOne(notification: AppNotification) {
    setOpen(false);
    openNotification(notification);
  }

  return (
    <div className="relative" ref={panel}>
      <IconButton
        label={t('notifications.title')}
        onClick={() => setOpen((value) => !value)}
        aria-expanded={open}
        data-testid="notification-bell"
      >
        {unread > 0 ? <BellRing className="h-5 w-5 text-white" /> : <Bell className="h-5 w-5" />}
        {unread > 0 && (
          <span
            data-testid="unread-count"
            className="absolute -right-0.5 -top-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-primary px-1 text-[10px] font-bold text-white"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </IconButton>
      <AnimatePresence>
        {open && (
          <motion.div
            initial={{ opacity: 0, y: -6, scale: 0.98 }}
            animate={{ opacity: 1, y: 0, scale: 1 }}
            exit={{ opacity: 0, y: -6, scale: 0.98 }}
            transition={{ duration: 0.15 }}
            role="dialog"
            aria-label={t('notifications.title')}
            className="absolute right-0 top-11 z-40 md:left-0 md:right-auto w-[min(22rem,calc(100vw-1.5rem))] overflow-hidden rounded-2xl border border-line bg-surface shadow-2xl shadow-black/60"
          >
            <div className="flex items-center justify-between border-b border-line px-4 py-3">
              <p className="font-semibold text-white">{t('notifications.title')}</p>
              <button
                type="button"
                disabled={unread === 0}
                onClick={() => void markAllRead().then(refresh)}
                className="flex items-center gap-1 text-xs text-primary hover:underline disabled:text-zinc-600 disabled:no-underline"
              >
                <CheckCheck className="h-3.5 w-3.5" />
                {t('notifications.markAll')}
              </button>
            </div>
            {permission === 'default' && (
              <button
                type="button"
                onClick={() => void Notification.requestPermission().then(setPermission)}
                className="w-full border-b border-line bg-primary/5 px-4 py-2 text-left text-xs text-primary-soft hover:bg-primary/10"
              >
                {t('notifications.enableBrowser')}
              </button>
            )}
            <ul className="max-h-96 overflow-y-auto py-1">
              {notifications.length === 0 && <li className="px-4 py-8 text-center text-sm text-muted">{t('notifications.empty')}</li>}
              {notifications.map((notification) => {
                const Icon = icons[notification.type];
                return (
                  <li key={notification.id}>
                    <button
                      type="button"
                      data-testid="notification-item"
                      data-read={notification.isRead}
                      onClick={() => openOne(notification)}
                      className="flex w-full items-start gap-3 px-4 py-2.5 text-left hover:bg-raised"
                    >
                      <span className={`mt-0.5 rounded-lg p-1.5 ${notification.isRead ? 'bg-raised text-muted' : 'bg-primary/15 text-primary'}`}>
                        <Icon className="h-4 w-4" />
                      </span>
                      <span className="min-w-0 flex-1">
                        <span className={`line-clamp-2 text-sm ${notification.isRead ? 'text-zinc-400' : 'text-white'}`}>
                          {describe(notification)}
                        </span>
                        <span className="text-[11px] text-muted">{formatAgo(notification.timestamp)}</span>
                      </span>
                      {!notification.isRead && <span className="mt-2 h-2 w-2 shrink-0 rounded-full bg-primary" />}
                    </button>
                  </li>
                );
              })}
            </ul>
          </motion.div>
        )}
      </AnimatePresence>
    </div>
  );
}
