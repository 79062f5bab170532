import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import { Section } from '@/components/ui/section';
import { RoomNotificationsMenu } from '@/features/notifications';
import { chooseStatus } from '@/features/presence';
import { roomLabel, useRooms } from '@/features/rooms';
import { useSession } from '@/lib/session';
import { usePendingChoice } from '@/lib/use-pending-choice';

/** NOTIF-5: do not disturb; the browser's permission for notifications; and NOTIF-4: what each room
 * and direct conversation tells me, each with its own bell. */
export function NotificationsSection() {
  const { t } = useTranslation();
  const status = useSession((state) => state.user?.status);
  const [doNotDisturb, choose] = usePendingChoice(status === 'busy');
  const rooms = useRooms().data ?? [];
  return (
    <Section title={t('settings.notifications')}>
      <label className="flex min-h-11 items-start gap-3 text-sm">
        <input
          type="checkbox"
          className="mt-1 accent-pink-500"
          data-testid="do-not-disturb"
          checked={doNotDisturb}
          onChange={(event) => choose(event.target.checked, (on) => chooseStatus(on ? 'busy' : 'online'))}
        />
        <span>
          <span className="text-white">{t('status.busy')}</span>
          <span className="block text-xs text-muted">{t('settings.doNotDisturbHint')}</span>
        </span>
      </label>
      <BrowserPermission />
      <div className="flex flex-col gap-1">
        <span className="text-xs font-medium uppercase tracking-wide text-muted">{t('settings.perRoom')}</span>
        {rooms.length === 0 && <p className="text-sm text-muted">{t('settings.noRooms')}</p>}
        <ul className="flex flex-col gap-1" aria-label={t('settings.perRoom')}>
          {rooms.map((room) => {
            const name = room.peer?.username ?? room.name;
            return (
              <li key={room.id} data-testid="room-notifications-row" className="flex items-center gap-3 rounded-xl bg-bg px-3 py-1.5">
                {room.peer ? (
                  <Avatar user={room.peer} size="sm" />
                ) : (
                  <span aria-hidden="true" className="flex h-8 w-8 items-center justify-center rounded-full bg-raised text-xs text-muted">
                    #
                  </span>
                )}
                <span className="min-w-0 flex-1 truncate text-sm text-white" title={name}>
                  {roomLabel(room, t)}
                </span>
                <RoomNotificationsMenu roomId={room.id} name={name} />
              </li>
            );
          })}
        </ul>
      </div>
    </Section>
  );
}

/** Browser notifications need the browser's permission, asked only when the person presses this. */
function BrowserPermission() {
  const { t } = useTranslation();
  const supported = 'Notification' in window;
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');
  if (!supported) return null;
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
      <span className="text-white">{t(`settings.browserNotifications.${permission}`)}</span>
      {permission === 'default' && (
        <Button variant="secondary" onClick={() => void Notification.requestPermission().then(setPermission)}>
          {t('settings.browserNotifications.ask')}
        </Button>
      )}
    </div>
  );
}
