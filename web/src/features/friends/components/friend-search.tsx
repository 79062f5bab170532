import { Check, Clock, Search, UserPlus } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import type { SearchUser } from '@/lib/types';
import { useDebounced } from '@/lib/use-debounced';
import { useAddFriend } from '../api/add-friend';
import { MIN_QUERY, useUserSearch } from '../api/search-users';

// FRIEND-1: search as you type, once typing pauses for 300 ms.
export const SEARCH_DEBOUNCE_MS = 300;

export function FriendSearch() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS);
  const search = useUserSearch(query);

  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-4">
      <div>
        <h2 className="text-base font-semibold text-white">{t('friends.addTitle')}</h2>
        <p className="text-sm text-muted">{t('friends.addText')}</p>
      </div>
      <label className="relative block">
        <Search className="pointer-events-none absolute left-3.5 top-1/2 h-4 w-4 -translate-y-1/2 text-muted" />
        <input
          autoFocus
          type="search"
          aria-label={t('friends.searchLabel')}
          placeholder={t('friends.searchPlaceholder')}
          value={text}
          onChange={(event) => setText(event.target.value)}
          className="w-full rounded-xl border border-line bg-surface py-3 pl-10 pr-4 text-sm text-white placeholder:text-zinc-600 focus:border-primary/60 focus:outline-none focus:ring-2 focus:ring-primary/30"
        />
      </label>
      {[...text.trim()].length > 0 && [...text.trim()].length < MIN_QUERY && (
        <p className="text-sm text-muted">{t('friends.typeMore')}</p>
      )}
      {search.isError && <p className="text-sm text-red-400">{t('errors.unknown')}</p>}
      {search.data && search.data.length === 0 && <p className="text-sm text-muted">{t('friends.nobodyFound')}</p>}
      <ul className="flex flex-col gap-1">
        {search.data?.map((user) => (
          <SearchRow key={user.id} user={user} />
        ))}
      </ul>
    </div>
  );
}

function SearchRow({ user }: { user: SearchUser }) {
  const { t } = useTranslation();
  const adding = useAddFriend();

  return (
    <li data-testid="search-result" className="flex items-center gap-3 rounded-xl border border-line bg-surface px-3 py-2.5">
      <Avatar user={user} />
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium text-white">{user.username}</p>
        <p className="font-mono text-xs text-muted">{user.woxlyId}</p>
      </div>
      {user.isFriend ? (
        <span className="flex items-center gap-1 text-sm text-green-400">
          <Check className="h-4 w-4" />
          {t('friends.alreadyFriends')}
        </span>
      ) : user.requestPending ? (
        <span className="flex items-center gap-1 text-sm text-muted">
          <Clock className="h-4 w-4" />
          {t('friends.pending')}
        </span>
      ) : (
        <Button onClick={() => adding.mutate(user)} disabled={adding.isPending} className="px-3 py-1.5">
          <UserPlus className="h-4 w-4" />
          {t('friends.add')}
        </Button>
      )}
    </li>
  );
}
