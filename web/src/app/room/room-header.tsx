import { DoorOpen, Hash, Lock, Phone, Trash2, UserPlus, Users } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import { IconButton } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useStartCall } from '@/features/calls';
import { RoomNotificationsMenu } from '@/features/notifications';
import type { Room, RoomPermissions, User } from '@/lib/types';
import { useDisplayName } from '@/lib/use-display-name';
import { useQuitRoom } from '@/features/rooms';

/** The room's name and what I can do with it: invite, show the participants (narrow screens), and
 * leave it, or delete it when it is mine. A direct conversation shows the other person, their presence
 * and a call button instead (MSG-1), the button only while they may talk and are not in a call. */
export function RoomHeader({
  room,
  title,
  peer,
  permissions,
  inVoice,
  onInvite,
  people,
}: {
  room: Room;
  title: string;
  peer?: User;
  permissions: RoomPermissions;
  /** This tab is in the room's voice (a call, in a direct conversation). */
  inVoice: boolean;
  onInvite: () => void;
  people: { shown: boolean; toggle: () => void } | null;
}) {
  const { t } = useTranslation();
  const displayName = useDisplayName();
  const navigate = useNavigate();
  const quitting = useQuitRoom();
  const [confirming, setConfirming] = useState(false);
  const startCall = useStartCall();
  const how = permissions.manage ? 'delete' : 'leave';
  const quit = () =>
    quitting.mutate(
      { roomId: room.id, how },
      {
        onSuccess: () => {
          setConfirming(false);
          void navigate('/');
        },
      },
    );

  return (
    <header className="flex items-center gap-2 border-b border-line px-4 py-3 md:px-6">
      {peer ? (
        <Avatar user={peer} status={peer.status} size="sm" />
      ) : room.isPrivate ? (
        <Lock className="h-4 w-4 text-muted" />
      ) : (
        <Hash className="h-4 w-4 text-muted" />
      )}
      <div className="min-w-0">
        <h1 className="truncate text-base font-semibold text-white" data-testid="room-title">
          {title}
        </h1>
        {peer && (
          <p className="truncate text-[11px] text-muted" data-testid="peer-status">
            {t(`status.${peer.status}`)}
          </p>
        )}
      </div>
      {peer ? (
        <div className="ml-auto flex items-center gap-1">
          <RoomNotificationsMenu roomId={room.id} />
          {permissions.voice && !inVoice && (
            <IconButton
              label={t('calls.call', { name: displayName(peer) })}
              onClick={() => startCall.mutate(peer)}
              className="hover:text-emerald-400"
            >
              <Phone className="h-4 w-4" />
            </IconButton>
          )}
          {people && (
            <IconButton label={t('rooms.participants')} onClick={people.toggle} aria-expanded={people.shown}>
              <Users className="h-4 w-4" />
            </IconButton>
          )}
        </div>
      ) : (
        <>
          <span className="hidden rounded-full bg-raised px-2 py-0.5 text-[11px] text-muted sm:inline">
            {room.isPrivate ? t('rooms.privateBadge') : t('rooms.publicBadge')}
          </span>
          <div className="ml-auto flex items-center gap-1">
        <RoomNotificationsMenu roomId={room.id} />
        {permissions.invite && (
          <IconButton label={t('rooms.invite')} onClick={onInvite}>
            <UserPlus className="h-4 w-4" />
          </IconButton>
        )}
        {people && (
          <IconButton label={t('rooms.participants')} onClick={people.toggle} aria-expanded={people.shown}>
            <Users className="h-4 w-4" />
          </IconButton>
        )}
        {(permissions.manage || permissions.leave) && (
          <IconButton label={t(`rooms.${how}`)} onClick={() => setConfirming(true)} className="hover:text-red-400">
            {how === 'delete' ? <Trash2 className="h-4 w-4" /> : <DoorOpen className="h-4 w-4" />}
          </IconButton>
        )}
          </div>
        </>
      )}
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t(`rooms.${how}Title`)}
        text={t(`rooms.${how}Text`, { room: room.name })}
        action={t(`rooms.${how}`)}
        busy={quitting.isPending}
        onConfirm={quit}
      />
    </header>
  );
}
