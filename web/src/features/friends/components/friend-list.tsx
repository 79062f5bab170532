import { NotebookPen, Phone, UserMinus, Users } from 'lucide-react';
import { AnimatePresence, motion } from 'motion/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useQueryClient } from '@tanstack/react-query';
import { Avatar } from '@/components/ui/avatar';
import { Button, IconButton } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { useStartCall } from '@/features/calls/hooks/use-calls';
import { problemText } from '@/lib/i18n';
import type { Friend } from '@/lib/types';
import { friendKeys, removeFriend, setNote } from '../api';
import { useFriends } from '../hooks/use-friends';
import { groupFriends } from '../sort';

export function FriendList() {
  const { t } = useTranslation();
  const { data: friends, isPending } = useFriends();
  if (isPending) return null;
  if (!friends || friends.length === 0) {
    return <EmptyState icon={Users} title={t('friends.emptyTitle')} text={t('friends.emptyText')} />;
  }
  return (
    <div className="flex flex-col gap-6">
      {groupFriends(friends).map((group) => (
        <section key={group.status} aria-label={t(`status.${group.status}`)} data-testid={`friends-${group.status}`}>
          <h2 className="mb-2 px-2 text-xs font-semibold uppercase tracking-wider text-muted">
            {t(`status.${group.status}`)} — {group.friends.length}
          </h2>
          <ul className="flex flex-col gap-1">
            <AnimatePresence initial={false}>
              {group.friends.map((friend) => (
                <FriendRow key={friend.id} friend={friend} />
              ))}
            </AnimatePresence>
          </ul>
        </section>
      ))}
    </div>
  );
}

function FriendRow({ friend }: { friend: Friend }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [note, setNoteText] = useState(friend.note ?? '');
  const startCall = useStartCall();

  async function saveNote() {
    try {
      await setNote(friend.id, note.trim());
      await queryClient.invalidateQueries({ queryKey: friendKeys.list });
      setEditing(false);
    } catch (caught) {
      toast.error(problemText(caught));
    }
  }

  async function remove() {
    try {
      await removeFriend(friend.id);
      await queryClient.invalidateQueries({ queryKey: friendKeys.list });
      setConfirming(false);
    } catch (caught) {
      toast.error(problemText(caught));
    }
  }

  return (
    <motion.li
      layout
      initial={{ opacity: 0 }}
      animate={{ opacity: 1 }}
      exit={{ opacity: 0 }}
      data-testid="friend-row"
      data-username={friend.username}
      className="group flex items-center gap-3 rounded-xl px-2 py-2 hover:bg-surface"
    >
      <Avatar user={friend} status={friend.status} />
      <div className="min-w-0 flex-1">
        <p className="flex items-baseline gap-2 truncate">
          <span className="font-medium text-white">{friend.username}</span>
          <span className="font-mono text-xs text-muted">{friend.woxlyId}</span>
        </p>
        {editing ? (
          <form
            className="mt-1 flex gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              void saveNote();
            }}
          >
            <input
              autoFocus
              aria-label={t('friends.note')}
              maxLength={500}
              value={note}
              onChange={(event) => setNoteText(event.target.value)}
              onKeyDown={(event) => event.key === 'Escape' && setEditing(false)}
              placeholder={t('friends.notePlaceholder')}
              className="min-w-0 flex-1 rounded-lg border border-line bg-bg px-2 py-1 text-sm focus:border-primary/60 focus:outline-none"
            />
            <Button type="submit" className="px-3 py-1">
              {t('common.save')}
            </Button>
          </form>
        ) : (
          <p className="truncate text-sm text-muted">{friend.note || t(`status.${friend.status}`)}</p>
        )}
      </div>
      <div className="flex gap-1 opacity-100 transition-opacity md:opacity-0 md:group-focus-within:opacity-100 md:group-hover:opacity-100">
        <IconButton
          label={t('calls.call', { name: friend.username })}
          onClick={() => void startCall(friend)}
          className="hover:text-emerald-400"
        >
          <Phone className="h-4 w-4" />
        </IconButton>
        <IconButton label={t('friends.editNote')} onClick={() => setEditing((value) => !value)}>
          <NotebookPen className="h-4 w-4" />
        </IconButton>
        <IconButton label={t('friends.remove')} onClick={() => setConfirming(true)} className="hover:text-red-400">
          <UserMinus className="h-4 w-4" />
        </IconButton>
      </div>
      <Dialog open={confirming} onClose={() => setConfirming(false)} title={t('friends.removeTitle')}>
        <p className="text-sm text-zinc-300">{t('friends.removeText', { name: friend.username })}</p>
        <div className="mt-6 flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </Button>
          <Button variant="danger" onClick={() => void remove()}>
            {t('friends.remove')}
          </Button>
        </div>
      </Dialog>
    </motion.li>
  );
}
