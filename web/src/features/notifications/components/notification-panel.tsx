import { AtSign, CheckCheck, DoorOpen, MessageSquare, Phone, PhoneMissed, UserPlus, type LucideIcon } from 'lucide-react';
import { motion } from 'motion/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatAgo } from '@/lib/time';
import { notificationTypes, type AppNotification, type NotificationType } from '@/lib/types';
import { useMarkAllRead } from '../api/mark-all-read';
import { describe } from '../describe';
import { useOpenNotification } from '../hooks/use-open-notification';

const icons: Record<NotificationType, LucideIcon> = {
  [notificationTypes.friendRequest]: UserPlus,
  [notificationTypes.roomInvitation]: DoorOpen,
  [notificationTypes.incomingCall]: Phone,
  [notificationTypes.missedCall]: PhoneMissed,
  [notificationTypes.message]: MessageSquare,
  [notificationTypes.mention]: AtSign,
};

/** NOTIF-3: the list behind the bell: mark all read, turn on browser notifications, open one. */
export function NotificationPanel({
  notifications,
  unread,
  onOpened,
}: {
  notifications: AppNotification[];
  unread: number;
  onOpened: () => void;
}) {
  const { t } = useTranslation();
  const markingAll = useMarkAllRead();
  const [permission, setPermission] = useState(() => ('Notification' in window ? Notification.permission : 'denied'));
  const openNotification = useOpenNotification();

  return (
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
          disabled={unread === 0 || markingAll.isPending}
          onClick={() => markingAll.mutate()}
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
        {notifications.map((notification) => (
          <li key={notification.id}>
            <NotificationItem
              notification={notification}
              onOpen={() => {
                onOpened();
                openNotification(notification);
              }}
            />
          </li>
        ))}
      </ul>
    </motion.div>
  );
}

function NotificationItem({ notification, onOpen }: { notification: AppNotification; onOpen: () => void }) {
  const Icon = icons[notification.type];
  const read = notification.isRead;
  return (
    <button
      type="button"
      data-testid="notification-item"
      data-read={read}
      onClick={onOpen}
      className="flex w-full items-start gap-3 px-4 py-2.5 text-left hover:bg-raised"
    >
      <span className={`mt-0.5 rounded-lg p-1.5 ${read ? 'bg-raised text-muted' : 'bg-primary/15 text-primary'}`}>
        <Icon className="h-4 w-4" />
      </span>
      <span className="min-w-0 flex-1">
        <span className={`line-clamp-2 text-sm ${read ? 'text-zinc-400' : 'text-white'}`}>{describe(notification)}</span>
        <span className="text-[11px] text-muted">{formatAgo(notification.timestamp)}</span>
      </span>
      {!read && <span className="mt-2 h-2 w-2 shrink-0 rounded-full bg-primary" />}
    </button>
  );
}
