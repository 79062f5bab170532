import { Hash, Lock, Plus } from 'lucide-react';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { joiningVoice } from '@/lib/voice-link';
import { Avatar } from '@/components/ui/avatar';
import { useFriends } from '@/features/friends';
import { IconButton } from '@/components/ui/button';
import type { MyRoom } from '@/lib/types';
import { useDisplayName } from '@/lib/use-display-name';
import { roomQuery } from '../api/get-room';
import { useRooms } from '../api/get-rooms';
import { CreateRoomDialog } from './create-room-dialog';

/** ROOM-5, MSG-1, MSG-5: my rooms, invitations waiting for an answer, and my direct conversations,
 * each with its unread and mention counts. */
export function RoomList({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const displayName = useDisplayName();
  const { data: rooms } = useRooms();
  // A friend's presence is live in the friend list; the room list's copy is as of its last fetch.
  const { data: friends } = useFriends();
  const presence = (peer: NonNullable<MyRoom['peer']>) => friends?.find((f) => f.id === peer.id)?.status ?? peer.status;
  const [creating, setCreating] = useState(false);
  // Pointing at a room fetches it, so that opening it (and its voice) does not wait for the request.
  const queryClient = useQueryClient();
  const prefetch = (id: number) => void queryClient.prefetchQuery({ ...roomQuery(id), staleTime: 5000 });
  const invitations = rooms?.filter((room) => room.myStatus === 'pending') ?? [];
  const mine = rooms?.filter((room) => room.myStatus === 'accepted' && room.kind === 'group') ?? [];
  const direct = rooms?.filter((room) => room.myStatus === 'accepted' && room.kind === 'direct') ?? [];

  const link = (room: MyRoom, testId: string, icon: ReactNode, name: string, badge?: ReactNode) => (
    <li key={room.id}>
      <NavLink
        to={`/rooms/${room.id}`}
        // VOICE-1: entering a group room from its list joins its voice; a conversation is text until a call.
        state={room.kind === 'group' && room.myStatus === 'accepted' ? joiningVoice.state : undefined}
        onClick={onNavigate}
        onPointerEnter={() => prefetch(room.id)}
        onFocus={() => prefetch(room.id)}
        data-testid={testId}
        className={({ isActive }) =>
          `flex items-center gap-2.5 rounded-xl px-3 py-2 text-sm transition-colors ${isActive ? 'bg-primary/15 text-white' : 'text-zinc-400 hover:bg-raised hover:text-white'} ${room.unreadCount > 0 ? 'font-semibold text-white' : ''}`
        }
      >
        {icon}
        <span className="truncate">{name}</span>
        {badge ?? <UnreadBadges room={room} />}
      </NavLink>
    </li>
  );
  const roomIcon = (room: MyRoom) =>
    room.isPrivate ? <Lock className="h-4 w-4 shrink-0 opacity-70" /> : <Hash className="h-4 w-4 shrink-0 opacity-70" />;
  const newBadge = (
    <span className="ml-auto rounded-full bg-primary-strong px-2 py-0.5 text-[10px] font-semibold uppercase text-white">
      {t('rooms.new')}
    </span>
  );

  return (
    <nav aria-label={t('rooms.title')} className="flex flex-col gap-1">
      <div className="flex items-center justify-between px-3 pb-1">
        <h2 className="text-xs font-semibold uppercase tracking-wider text-muted">{t('rooms.title')}</h2>
        <IconButton label={t('rooms.create')} onClick={() => setCreating(true)} className="h-7 w-7">
          <Plus className="h-4 w-4" />
        </IconButton>
      </div>
      {invitations.length > 0 && (
        <>
          <p className="px-3 pt-1 text-[11px] font-medium text-primary">{t('rooms.invitations')}</p>
          <ul className="flex flex-col gap-0.5">
            {invitations.map((room) => link(room, 'invitation-link', roomIcon(room), room.name, newBadge))}
          </ul>
        </>
      )}
      <ul className="flex flex-col gap-0.5">{mine.map((room) => link(room, 'room-link', roomIcon(room), room.name))}</ul>
      {rooms && mine.length === 0 && invitations.length === 0 && (
        <button
          type="button"
          onClick={() => setCreating(true)}
          className="mx-1 rounded-xl border border-dashed border-line px-3 py-3 text-left text-sm text-muted hover:border-primary/50 hover:text-white"
        >
          {t('rooms.noneYet')}
        </button>
      )}
      <h2 className="px-3 pb-1 pt-4 text-xs font-semibold uppercase tracking-wider text-muted">{t('direct.title')}</h2>
      <ul className="flex flex-col gap-0.5" aria-label={t('direct.title')}>
        {direct.map((room) =>
          link(
            room,
            'direct-link',
            room.peer ? <Avatar user={room.peer} status={presence(room.peer)} size="xs" /> : roomIcon(room),
            room.peer ? displayName(room.peer) : room.name,
          ),
        )}
      </ul>
      {rooms && direct.length === 0 && <p className="px-3 text-xs text-muted">{t('direct.none')}</p>}
      <CreateRoomDialog open={creating} onClose={() => setCreating(false)} onCreated={onNavigate} />
    </nav>
  );
}

/** MSG-5: unread messages ("99+" past 99) and, apart, mentions of me. */
function UnreadBadges({ room }: { room: MyRoom }) {
  const { t } = useTranslation();
  if (room.unreadCount === 0) return null;
  return (
    <span className="ml-auto flex items-center gap-1">
      {room.mentionCount > 0 && (
        <span
          data-testid="mention-badge"
          aria-label={t('unread.mentions', { count: room.mentionCount })}
          className="rounded-full bg-amber-500 px-1.5 text-[11px] font-bold text-black"
        >
          @{room.mentionCount}
        </span>
      )}
      <span
        data-testid="unread-badge"
        aria-label={t('unread.count', { count: room.unreadCount })}
        className="min-w-5 rounded-full bg-primary-strong px-1.5 text-center text-[11px] font-bold text-white"
      >
        {room.unreadCount > 99 ? '99+' : room.unreadCount}
      </span>
    </span>
  );
}
