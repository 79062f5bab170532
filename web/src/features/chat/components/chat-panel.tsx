import { AlertCircle, Loader2, MessageCircle, RotateCw } from 'lucide-react';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '@/components/ui/avatar';
import { EmptyState } from '@/components/ui/empty-state';
import { formatDay, formatTime } from '@/lib/time';
import type { User } from '@/lib/types';
import { useChat, type PendingMessage } from '../hooks/use-chat';
import { chatItems } from '../messages';
import { Composer } from './composer';

// How close to an edge counts as "at" it: near the top loads older messages, near the bottom follows new ones.
const EDGE_PX = 120;

export function ChatPanel({ roomId, roomName, me }: { roomId: number; roomName: string; me: User }) {
  const { t } = useTranslation();
  const chat = useChat(roomId, me);
  const items = useMemo(() => chatItems(chat.messages), [chat.messages]);
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const keepFromBottom = useRef<number | null>(null);

  // Older messages go on top without moving what the reader looks at; new ones are followed only
  // by a reader who is already at the bottom (or who just sent one).
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (keepFromBottom.current !== null) {
      element.scrollTop = element.scrollHeight - keepFromBottom.current;
      keepFromBottom.current = null;
    } else if (atBottom.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [items, chat.pending.length]);

  function onScroll() {
    const element = scroller.current;
    if (!element) return;
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < EDGE_PX;
    if (element.scrollTop < EDGE_PX && chat.hasMore && !chat.loadingOlder) {
      keepFromBottom.current = element.scrollHeight - element.scrollTop;
      void chat.loadOlder();
    }
  }

  return (
    <section aria-label={t('chat.title')} className="flex min-h-0 flex-1 flex-col">
      <div
        ref={scroller}
        onScroll={onScroll}
        data-testid="message-list"
        className="min-h-0 flex-1 overflow-y-auto px-3 py-4 md:px-6"
      >
        {chat.loadingOlder && (
          <div className="flex justify-center py-2 text-muted" aria-label={t('chat.loadingOlder')}>
            <Loader2 className="h-5 w-5 animate-spin" />
          </div>
        )}
        {chat.loaded && !chat.hasMore && chat.messages.length > 0 && (
          <p className="pb-4 pt-2 text-center text-xs text-muted">{t('chat.beginning', { room: roomName })}</p>
        )}
        {chat.loaded && chat.messages.length === 0 && chat.pending.length === 0 && (
          <EmptyState icon={MessageCircle} title={t('chat.emptyTitle')} text={t('chat.emptyText')} />
        )}
        <ol className="flex flex-col">
          {items.map((item) =>
            item.kind === 'day' ? (
              <li key={item.key} className="my-4 flex items-center gap-3" role="separator">
                <span className="h-px flex-1 bg-line" />
                <span className="text-xs font-medium text-muted">{formatDay(item.timestamp)}</span>
                <span className="h-px flex-1 bg-line" />
              </li>
            ) : (
              <MessageRow
                key={item.key}
                sender={item.message.sender}
                content={item.message.content}
                timestamp={item.message.timestamp}
                startsGroup={item.startsGroup}
                own={item.message.sender.id === me.id}
                id={item.message.id}
              />
            ),
          )}
          {chat.pending.map((draft) => (
            <PendingRow key={draft.nonce} draft={draft} me={me} onRetry={() => chat.retry(draft.nonce)} />
          ))}
        </ol>
      </div>
      <Composer
        roomName={roomName}
        onSend={(content) => {
          atBottom.current = true;
          void chat.send(content);
        }}
      />
    </section>
  );
}

function MessageRow({
  id,
  sender,
  content,
  timestamp,
  startsGroup,
  own,
  state = 'sent',
}: {
  id?: number;
  sender: User;
  content: string;
  timestamp: string;
  startsGroup: boolean;
  own: boolean;
  state?: 'sent' | 'pending' | 'failed';
}) {
  return (
    <li
      data-testid="message"
      data-message-id={id}
      data-state={state}
      className={`group flex gap-3 rounded-lg px-2 hover:bg-white/[0.02] ${startsGroup ? 'mt-3 pt-1' : 'mt-0.5'}`}
    >
      <div className="w-9 shrink-0">{startsGroup && <Avatar user={sender} size="sm" />}</div>
      <div className="min-w-0 flex-1">
        {startsGroup && (
          <p className="flex items-baseline gap-2">
            <span className={`text-sm font-semibold ${own ? 'text-primary' : 'text-white'}`}>{sender.username}</span>
            <time className="text-[11px] text-muted" dateTime={timestamp}>
              {formatTime(timestamp)}
            </time>
          </p>
        )}
        {/* CHAT-3: text is a text node, never HTML. */}
        <p
          data-testid="message-text"
          className={`whitespace-pre-wrap break-words text-[15px] leading-relaxed ${own ? 'text-zinc-100' : 'text-zinc-300'} ${state === 'pending' ? 'opacity-50' : ''} ${state === 'failed' ? 'text-red-300' : ''}`}
        >
          {content}
        </p>
      </div>
    </li>
  );
}

function PendingRow({ draft, me, onRetry }: { draft: PendingMessage & { sender: User }; me: User; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="relative">
      <MessageRow
        sender={me}
        content={draft.content}
        timestamp={draft.timestamp}
        startsGroup={false}
        own
        state={draft.failed ? 'failed' : 'pending'}
      />
      {draft.failed && (
        <button
          type="button"
          onClick={onRetry}
          className="ml-14 flex items-center gap-1 text-xs text-red-400 hover:underline"
        >
          <AlertCircle className="h-3.5 w-3.5" />
          {t('chat.notSent')}
          <RotateCw className="h-3 w-3" />
          {t('chat.retry')}
        </button>
      )}
    </div>
  );
}
