import { Check } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '@/components/ui/avatar';
import type { Friend } from '@/lib/types';

/** A list of friends to tick, for creating a room or inviting to one. */
export function FriendPicker({
  friends,
  chosen,
  onToggle,
}: {
  friends: Friend[];
  chosen: Set<number>;
  onToggle: (id: number) => void;
}) {
  const { t } = useTranslation();
  if (friends.length === 0) return <p className="text-sm text-muted">{t('rooms.noFriendsToInvite')}</p>;
  return (
    <ul className="flex max-h-60 flex-col gap-1 overflow-y-auto pr-1">
      {friends.map((friend) => {
        const on = chosen.has(friend.id);
        return (
          <li key={friend.id}>
            <button
              type="button"
              role="checkbox"
              aria-checked={on}
              onClick={() => onToggle(friend.id)}
              className={`flex w-full items-center gap-3 rounded-xl border px-3 py-2 text-left transition-colors ${on ? 'border-primary/60 bg-primary/10' : 'border-transparent hover:bg-raised'}`}
            >
              <Avatar user={friend} size="sm" status={friend.status} />
              <span className="flex-1 truncate text-sm text-white">{friend.username}</span>
              <span
                className={`flex h-5 w-5 items-center justify-center rounded-md border ${on ? 'border-primary bg-primary' : 'border-zinc-600'}`}
              >
                {on && <Check className="h-3.5 w-3.5 text-white" />}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function toggled(set: Set<number>, id: number): Set<number> {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
}
