import { Hash, Lock, Plus } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { IconButton } from '@/components/ui/button';
import { useRooms } from '../api/get-rooms';
import { CreateRoomDialog } from './create-room-dialog';

/** ROOM-5: my rooms, and invitations waiting for an answer. */
export function RoomList({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { data: rooms } = useRooms();
  const [creating, setCreating] = useState(false);
  const invitations = rooms?.filter((room) => room.myStatus === 'pending') ?? [];
  const mine = rooms?.filter((room) => room.myStatus === 'accepted') ?? [];

  const link = (room: { id: number; name: string; isPrivate: boolean }, invited: boolean) => (
    <li key={room.id}>
      <NavLink
        to={`/rooms/${room.id}`}
        onClick={onNavigate}
        data-testid={invited ? 'invitation-link' : 'room-link'}
        className={({ isActive }) =>
          `flex items-center gap-2.5 rounded-xl px-3 py-2 text-sm transition-colors ${isActive ? 'bg-primary/15 text-white' : 'text-zinc-400 hover:bg-raised hover:text-white'}`
        }
      >
        {room.isPrivate ? <Lock className="h-4 w-4 shrink-0 opacity-70" /> : <Hash className="h-4 w-4 shrink-0 opacity-70" />}
        <span className="truncate">{room.name}</span>
        {invited && (
          <span className="ml-auto rounded-full bg-primary-strong px-2 py-0.5 text-[10px] font-semibold uppercase text-white">
            {t('rooms.new')}
          </span>
        )}
      </NavLink>
    </li>
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
          <ul className="flex flex-col gap-0.5">{invitations.map((room) => link(room, true))}</ul>
        </>
      )}
      <ul className="flex flex-col gap-0.5">{mine.map((room) => link(room, false))}</ul>
      {rooms && mine.length === 0 && invitations.length === 0 && (
        <button
          type="button"
          onClick={() => setCreating(true)}
          className="mx-1 rounded-xl border border-dashed border-line px-3 py-3 text-left text-sm text-muted hover:border-primary/50 hover:text-white"
        >
          {t('rooms.noneYet')}
        </button>
      )}
      <CreateRoomDialog open={creating} onClose={() => setCreating(false)} onCreated={onNavigate} />
    </nav>
  );
}
