import { Ban, Ellipsis, MessageSquare, NotebookPen, Phone, UserMinus } from 'lucide-react';
import { motion } from 'motion/react';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '@/components/ui/avatar';
import { IconButton } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useStartCall } from '@/features/calls';
import { useOpenDirect } from '../api/open-direct';
import type { Friend } from '@/lib/types';
import { useDismiss } from '@/lib/use-dismiss';
import { useBlock } from '../api/block';
import { NoteEditor } from './note-editor';
import { RemoveFriendDialog } from './remove-friend-dialog';

/** A friend: who, their note or status, and what I can do: message and call, always shown (found
 * without a mouse hovering over the row), and the note, removing and blocking under "⋯". */
export function FriendRow({ friend }: { friend: Friend }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [blocking, setBlocking] = useState(false);
  const block = useBlock();
  const startCall = useStartCall();
  const openDirect = useOpenDirect();

  return (
    <motion.li
      layout
      initial={{ opacity: 0 }}
      animate={{ opacity: 1 }}
      exit={{ opacity: 0 }}
      data-testid="friend-row"
      data-username={friend.username}
      className="flex items-center gap-3 rounded-xl px-2 py-2 hover:bg-surface"
    >
      <Avatar user={friend} status={friend.status} />
      <div className="min-w-0 flex-1">
        <p className="flex min-w-0 flex-wrap items-baseline gap-x-2">
          <span className="min-w-0 max-w-full truncate font-medium text-white" title={friend.username}>
            {friend.username}
          </span>
          <span className="font-mono text-xs text-muted">{friend.woxlyId}</span>
        </p>
        {editing ? (
          <NoteEditor friend={friend} onDone={() => setEditing(false)} />
        ) : (
          <p className="truncate text-sm text-muted">{friend.note || t(`status.${friend.status}`)}</p>
        )}
      </div>
      <div className="flex gap-1">
        <IconButton label={t('direct.message', { name: friend.username })} onClick={() => openDirect.mutate(friend.id)}>
          <MessageSquare className="h-4 w-4" />
        </IconButton>
        <IconButton
          label={t('calls.call', { name: friend.username })}
          onClick={() => startCall.mutate(friend)}
          className="hover:text-emerald-400"
        >
          <Phone className="h-4 w-4" />
        </IconButton>
        <MoreMenu label={t('friends.more', { name: friend.username })}>
          <MenuItem icon={<NotebookPen className="h-4 w-4" />} onClick={() => setEditing((value) => !value)}>
            {t('friends.editNote')}
          </MenuItem>
          <MenuItem icon={<UserMinus className="h-4 w-4" />} danger onClick={() => setConfirming(true)}>
            {t('friends.remove')}
          </MenuItem>
          <MenuItem icon={<Ban className="h-4 w-4" />} danger onClick={() => setBlocking(true)}>
            {t('blocking.block', { name: friend.username })}
          </MenuItem>
        </MoreMenu>
      </div>
      <RemoveFriendDialog friend={friend} open={confirming} onClose={() => setConfirming(false)} />
      <ConfirmDialog
        open={blocking}
        onClose={() => setBlocking(false)}
        title={t('blocking.title', { name: friend.username })}
        text={t('blocking.text')}
        action={t('blocking.confirm')}
        busy={block.isPending}
        onConfirm={() => block.mutate(friend.id, { onSuccess: () => setBlocking(false) })}
      />
    </motion.li>
  );
}

/** "⋯": the row's less frequent actions, in a menu that closes on a choice, a click elsewhere or Escape. */
function MoreMenu({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useDismiss(box, open, () => setOpen(false));
  return (
    <div ref={box} className="relative">
      <IconButton label={label} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((value) => !value)}>
        <Ellipsis className="h-4 w-4" />
      </IconButton>
      {open && (
        <div
          role="menu"
          aria-label={label}
          onClick={() => setOpen(false)}
          className="absolute right-0 top-full z-30 mt-1 w-56 rounded-2xl border border-line bg-surface p-1.5 shadow-xl shadow-black/40"
        >
          {children}
        </div>
      )}
    </div>
  );
}

function MenuItem({ icon, danger = false, onClick, children }: { icon: ReactNode; danger?: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      role="menuitem"
      onClick={onClick}
      className={`flex min-h-11 w-full items-center gap-3 rounded-xl px-3 text-left text-sm ${danger ? 'text-red-400 hover:bg-red-500/10' : 'text-zinc-200 hover:bg-raised'}`}
    >
      {icon}
      {children}
    </button>
  );
}
