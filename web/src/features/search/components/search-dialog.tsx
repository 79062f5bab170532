import { Loader2, Paperclip, Search } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import { Dialog } from '@/components/ui/dialog';
import { roomLabel, useRooms } from '@/features/rooms';
import { problemText } from '@/lib/i18n';
import { formatDay, formatTime } from '@/lib/time';
import { useDebounced } from '@/lib/use-debounced';
import { useDisplayName } from '@/lib/use-display-name';
import { useMessageSearch, type Found } from '../api/search-messages';
import { highlight, queryWords } from '../highlight';

/** SEARCH-1: search as you type (300 ms after the last key), in all my rooms or in the one I am in;
 * a result opens its room at the message. */
export function SearchDialog({
  open,
  onClose,
  room,
}: {
  open: boolean;
  onClose: () => void;
  /** The room I am in, to narrow the search to. */
  room: { id: number; name: string } | null;
}) {
  const { t } = useTranslation();
  const displayName = useDisplayName();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [onlyHere, setOnlyHere] = useState(false);
  const settled = useDebounced(query.trim(), 300);
  const search = useMessageSearch(settled, onlyHere && room ? room.id : null);
  const results = useMemo(() => search.data?.pages.flat() ?? [], [search.data]);
  const words = useMemo(() => queryWords(settled), [settled]);
  const names = useRoomNames();

  function openResult(found: Found) {
    onClose();
    void navigate(`/rooms/${found.room.id}?message=${found.message.id}`);
  }

  return (
    <Dialog open={open} onClose={onClose} title={t('search.title')} wide>
      <div className="flex items-center gap-2 rounded-xl border border-line bg-bg px-3 py-2 focus-within:border-primary/50">
        <Search className="h-4 w-4 text-muted" />
        <input
          autoFocus
          type="search"
          value={query}
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          onChange={(event) => setQuery(event.target.value)}
          className="flex-1 bg-transparent text-sm text-white placeholder:text-zinc-600 focus:outline-none"
        />
        {search.isFetching && <Loader2 className="h-4 w-4 animate-spin text-muted" />}
      </div>
      {room && (
        <label className="mt-2 flex items-center gap-2 text-xs text-muted">
          <input type="checkbox" checked={onlyHere} onChange={(event) => setOnlyHere(event.target.checked)} />
          {t('search.thisRoom', { room: room.name })}
        </label>
      )}
      <div className="mt-3 max-h-[60vh] overflow-y-auto">
        {search.isError && (
          <p role="alert" className="py-4 text-sm text-red-400">
            {problemText(search.error)}
          </p>
        )}
        {!settled && <p className="py-4 text-sm text-muted">{t('search.hint')}</p>}
        {settled && search.isSuccess && results.length === 0 && <p className="py-4 text-sm text-muted">{t('search.empty')}</p>}
        <ul aria-label={t('search.title')} className="flex flex-col gap-1">
          {results.map((found) => (
            <li key={found.message.id}>
              <button
                type="button"
                data-testid="search-result"
                onClick={() => openResult(found)}
                className="flex w-full gap-3 rounded-lg p-2 text-left hover:bg-raised"
              >
                <Avatar user={found.message.sender} size="sm" />
                <span className="min-w-0 flex-1">
                  <span className="flex items-baseline gap-2 text-xs text-muted">
                    <span className="font-semibold text-white">{displayName(found.message.sender)}</span>
                    <span className="truncate">{names.get(found.room.id) ?? found.room.name}</span>
                    <span className="ml-auto shrink-0">
                      {formatDay(found.message.timestamp)} {formatTime(found.message.timestamp)}
                    </span>
                  </span>
                  <span className="line-clamp-3 whitespace-pre-wrap break-words text-sm text-zinc-200">
                    {highlight(found.message.content, words).map((piece, index) =>
                      piece.hit ? (
                        <mark key={index} className="rounded bg-primary/30 px-0.5 text-white">
                          {piece.text}
                        </mark>
                      ) : (
                        piece.text
                      ),
                    )}
                  </span>
                  {(found.message.attachments?.length ?? 0) > 0 && (
                    <span className="mt-0.5 flex items-center gap-1 text-xs text-muted">
                      <Paperclip className="h-3 w-3" />
                      {found.message.attachments?.map((a) => a.name).join(', ')}
                    </span>
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {search.hasNextPage && (
          <button
            type="button"
            onClick={() => void search.fetchNextPage()}
            className="mt-2 w-full rounded-lg py-2 text-sm text-primary hover:bg-raised"
          >
            {t('search.more')}
          </button>
        )}
      </div>
    </Dialog>
  );
}

/** Where a result is: a room by its name, a direct conversation as "Direct message with anna". */
function useRoomNames(): Map<number, string> {
  const { t } = useTranslation();
  const rooms = useRooms().data;
  return useMemo(
    () => new Map((rooms ?? []).map((r) => [r.id, roomLabel(r, t)])),
    [rooms, t],
  );
}
