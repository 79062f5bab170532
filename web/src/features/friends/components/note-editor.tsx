import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import type { Friend } from '@/lib/types';
import { useSetNote } from '../api/set-note';

/** FRIEND-5: my private note on a friend, edited in place; Escape cancels. */
export function NoteEditor({ friend, onDone }: { friend: Friend; onDone: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState(friend.note);
  const saving = useSetNote();
  return (
    <form
      className="mt-1 flex gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        saving.mutate({ friendId: friend.id, note }, { onSuccess: onDone });
      }}
    >
      <input
        autoFocus
        aria-label={t('friends.note')}
        maxLength={500}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        onKeyDown={(event) => event.key === 'Escape' && onDone()}
        placeholder={t('friends.notePlaceholder')}
        className="min-w-0 flex-1 rounded-lg border border-line bg-bg px-2 py-1 text-sm focus:border-primary/60 focus:outline-none"
      />
      <Button type="submit" disabled={saving.isPending} className="px-3 py-1">
        {t('common.save')}
      </Button>
    </form>
  );
}
