import { Bell, BellOff } from 'lucide-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconButton } from '@/components/ui/button';
import { useDismiss } from '@/lib/use-dismiss';
import { usePendingChoice } from '@/lib/use-pending-choice';
import type { MuteFor, NotificationLevel, RoomNotifications } from '@/lib/wire';
import { useChooseRoomNotifications, useRoomNotifications } from '../api/room-notifications';

const LEVELS: NotificationLevel[] = ['all', 'mentions', 'nothing'];
const MUTES: MuteFor[] = ['1h', '8h', 'forever'];

/** Whether the room is muted now (a mute that has run out is none). */
const isMuted = (choice: RoomNotifications | undefined) =>
  !!choice && (choice.mutedForever || (choice.mutedUntil !== null && Date.parse(choice.mutedUntil) > Date.now()));

/** NOTIF-4: the room's (or conversation's) bell, in its header and in the settings' list (there with
 * the room's `name` in its label): what it tells me, and a mute. */
export function RoomNotificationsMenu({ roomId, name }: { roomId: number; name?: string }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useDismiss(box, open, () => setOpen(false));
  const choice = useRoomNotifications(roomId).data;
  const choosing = useChooseRoomNotifications(roomId);
  const muted = isMuted(choice);
  const [level, chooseLevel] = usePendingChoice(choice?.level ?? 'all');
  // Without a mute, one that runs keeps running.
  const choose = (next: { level?: NotificationLevel; mute?: MuteFor }) =>
    chooseLevel(next.level ?? level, (chosen) => choosing.mutateAsync({ level: chosen, ...(next.mute ? { mute: next.mute } : {}) }));
  const quiet = muted || level !== 'all';

  return (
    <div ref={box} className="relative">
      <IconButton
        label={name ? t('roomNotifications.openFor', { name }) : t('roomNotifications.open')}
        aria-expanded={open} onClick={() => setOpen((value) => !value)}>
        {quiet ? <BellOff className="h-4 w-4" data-testid="room-muted" /> : <Bell className="h-4 w-4" />}
      </IconButton>
      {open && (
        <div
          role="group"
          aria-label={t('roomNotifications.title')}
          className="absolute right-0 top-full z-30 mt-2 w-64 rounded-2xl border border-line bg-surface p-3 shadow-xl shadow-black/40"
        >
          <fieldset className="flex flex-col gap-1">
            <legend className="pb-1 text-xs font-semibold uppercase tracking-wider text-muted">{t('roomNotifications.title')}</legend>
            {LEVELS.map((option) => (
              <label key={option} className="flex cursor-pointer items-center gap-2 rounded-lg px-2 py-1.5 text-sm text-white hover:bg-raised">
                <input type="radio" name={`level-${roomId}`} checked={level === option} onChange={() => choose({ level: option })} />
                {t(`roomNotifications.level.${option}`)}
              </label>
            ))}
          </fieldset>
          <div className="mt-3 border-t border-line pt-3">
            <p className="pb-1 text-xs font-semibold uppercase tracking-wider text-muted" data-testid="mute-state">
              {choice?.mutedForever
                ? t('roomNotifications.mutedForever')
                : muted && choice?.mutedUntil
                  ? t('roomNotifications.mutedUntil', { time: new Date(choice.mutedUntil).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' }) })
                  : t('roomNotifications.mute')}
            </p>
            <div className="flex flex-wrap gap-1">
              {muted ? (
                <button type="button" className="rounded-lg bg-raised px-2 py-1 text-xs text-white hover:bg-primary/20" onClick={() => choose({ mute: 'off' })}>
                  {t('roomNotifications.unmute')}
                </button>
              ) : (
                MUTES.map((mute) => (
                  <button key={mute} type="button" className="rounded-lg bg-raised px-2 py-1 text-xs text-white hover:bg-primary/20" onClick={() => choose({ mute })}>
                    {t(`roomNotifications.for.${mute}`)}
                  </button>
                ))
              )}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
