import { Ban, MessageSquare, NotebookPen, Phone, UserMinus } from 'lucide-react';
import { motion } from 'motion/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '@/components/ui/avatar';
import { IconButton } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useStartCall } from '@/features/calls';
import { useOpenDirect } from '../api/open-direct';
import type { Friend } from '@/lib/types';
import { useBlock } from '../api/block';
import { NoteEditor } from './note-editor';
import { RemoveFriendDialog } from './remove-friend-dialog';

/** A friend: who, their note or status, and what I can do (message, call, note, remove, block). The actions are always
 * shown, so they can be found without a mouse hovering over the row. */
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
        <p className="flex items-baseline gap-2 truncate">
          <span className="font-medium text-white">{friend.username}</span>
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
        <IconButton label={t('friends.editNote')} onClick={() => setEditing((value) => !value)} aria-expanded={editing}>
          <NotebookPen className="h-4 w-4" />
        </IconButton>
        <IconButton label={t('friends.remove')} onClick={() => setConfirming(true)} className="hover:text-red-400">
          <UserMinus className="h-4 w-4" />
        </IconButton>
        <IconButton label={t('blocking.block', { name: friend.username })} onClick={() => setBlocking(true)} className="hover:text-red-400">
          <Ban className="h-4 w-4" />
        </IconButton>
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
