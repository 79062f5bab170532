import { Check, Clock, Search, UserPlus } from 'lucide-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Avatar } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import { problemText } from '@/lib/i18n';
import type { SearchResult } from '@/lib/types';
import { useDebounced } from '@/lib/use-debounced';
import { addFriend, friendKeys, searchUsers } from '../api';

// FRIEND-1: search as you type, once typing pauses for 300 ms.
export const SEARCH_DEBOUNCE_MS = 300;
const MIN_QUERY = 2;

export function FriendSearch() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS);
  const search = useQuery({
    queryKey: friendKeys.search(query),
    queryFn: () => searchUsers(query),
    enabled: [...query].length >= MIN_QUERY,
    staleTime: 10_000,
  });

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
          <SearchRow key={user.id} user={user} query={query} />
        ))}
      </ul>
    </div>
  );
}

function SearchRow({ user, query }: { user: SearchResult; query: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();

  async function add() {
    try {
      const answer = await addFriend(user.id);
      toast.success(answer.friend ? t('friends.nowFriends', { name: user.username }) : t('friends.requestSent'));
      await queryClient.invalidateQueries({ queryKey: friendKeys.search(query) });
      await queryClient.invalidateQueries({ queryKey: friendKeys.requests });
      await queryClient.invalidateQueries({ queryKey: friendKeys.list });
    } catch (caught) {
      toast.error(problemText(caught));
    }
  }

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
        <Button onClick={() => void add()} className="px-3 py-1.5">
          <UserPlus className="h-4 w-4" />
          {t('friends.add')}
        </Button>
      )}
    </li>
  );
}
