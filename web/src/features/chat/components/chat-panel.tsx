import { AlertCircle, ArrowDown, Loader2, MessageCircle, Paperclip, RotateCw, Upload } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { filesOf } from '@/features/attachments';
import { useUploads } from '@/features/attachments';
import { formatDay } from '@/lib/time';
import type { Message, Participant, Room, RoomPermissions, User } from '@/lib/types';
import { useDeleteMessage } from '../api/delete-message';
import { useEditMessage } from '../api/edit-message';
import { useToggleReaction } from '../api/react';
import { useChat, type PendingMessage } from '../hooks/use-chat';
import { useChatScroll } from '../hooks/use-chat-scroll';
import { useTyping } from '../hooks/use-typing';
import { chatItems } from '../messages';
import { Composer } from './composer';
import { MessageFrame, MessageRow, type MessageActions } from './message-row';
import { namesById } from './reactions';
import { TypingIndicator } from './typing-indicator';

export function ChatPanel({
  room,
  roomName,
  me,
  participants,
  permissions,
}: {
  room: Room;
  roomName: string;
  me: User;
  participants: Participant[];
  permissions: RoomPermissions;
}) {
  const { t } = useTranslation();
  const roomId = room.id;
  const chat = useChat(roomId, me);
  const typing = useTyping(roomId, me.id);
  const items = useMemo(() => chatItems(chat.messages), [chat.messages]);
  const scroll = useChatScroll(roomId, chat);
  const [replyingTo, setReplyingTo] = useState<Message | null>(null);
  const [deleting, setDeleting] = useState<Message | null>(null);
  const editing = useEditMessage();
  const removing = useDeleteMessage();
  const reacting = useToggleReaction(me.id);
  const uploads = useUploads(roomId);
  // Files dragged over the chat: it shows where they would go (FILE-1).
  const [dragging, setDragging] = useState(false);
  const canAttach = permissions.write;

  const members = useMemo(
    () => participants.filter((p) => p.roomStatus === 'accepted').map((p) => p.username),
    [participants],
  );
  const people = useMemo(() => namesById(participants), [participants]);

  // SEARCH-1: a search result opens the room at its message (`?message=`), once the history is there.
  const [params, setParams] = useSearchParams();
  const openAt = Number(params.get('message'));
  useEffect(() => {
    if (!openAt || !chat.loaded) return;
    void scroll.jumpTo(openAt);
    setParams(
      (current) => {
        current.delete('message');
        return current;
      },
      { replace: true },
    );
    // scroll.jumpTo is a new function every render (and setParams stable): only the target and the
    // history being loaded matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [openAt, chat.loaded]);

  const actions: MessageActions = {
    myId: me.id,
    canDeleteAny: permissions.manage,
    readOnly: !permissions.write,
    members,
    people,
    reply: setReplyingTo,
    jumpTo: (id) => void scroll.jumpTo(id),
    edit: (message, content) => editing.mutate({ messageId: message.id, content }),
    remove: setDeleting,
    react: (message, emoji) => reacting.mutate({ message, emoji }),
  };

  return (
    <section
      aria-label={t('chat.title')}
      className="relative flex min-h-0 flex-1 flex-col"
      onDragOver={(event) => {
        if (!canAttach || !event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(event) => {
        setDragging(false);
        const dropped = filesOf(event.dataTransfer);
        if (!canAttach || dropped.length === 0) return;
        event.preventDefault();
        uploads.add(dropped);
      }}
    >
      {dragging && (
        <div
          data-testid="drop-zone"
          className="pointer-events-none absolute inset-2 z-20 flex flex-col items-center justify-center gap-2 rounded-2xl border-2 border-dashed border-primary bg-bg/80 text-white"
        >
          <Upload className="h-8 w-8 text-primary" />
          {t('files.dropHere', { room: roomName })}
        </div>
      )}
      <div
        ref={scroll.scroller}
        onScroll={scroll.onScroll}
        data-testid="message-list"
        // Scrolled with the keyboard too: the list takes focus (a short room above video has no link in view).
        tabIndex={0}
        aria-label={t('chat.listLabel', { room: roomName })}
        className="min-h-0 flex-1 overflow-y-auto px-3 py-4 outline-none focus-visible:ring-2 focus-visible:ring-primary md:px-6"
      >
        {chat.loadingOlder && (
          <div className="flex justify-center py-2 text-muted" aria-label={t('chat.loadingOlder')}>
            <Loader2 className="h-5 w-5 animate-spin" />
          </div>
        )}
        {chat.loaded && !chat.hasMore && chat.messages.length > 0 && (
          <p className="pb-4 pt-2 text-center text-xs text-muted">{room.kind === 'direct' ? t('chat.beginningDirect', { name: roomName }) : t('chat.beginning', { room: roomName })}</p>
        )}
        {chat.loaded && chat.messages.length === 0 && chat.pending.length === 0 && (
          <EmptyState
            icon={MessageCircle}
            title={t('chat.emptyTitle')}
            text={room.kind === 'direct' ? t('chat.emptyTextDirect', { name: roomName }) : t('chat.emptyText')}
          />
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
              <MessageRow key={item.key} message={item.message} startsGroup={item.startsGroup} actions={actions} />
            ),
          )}
          {chat.pending.map((draft) => (
            <PendingRow key={draft.nonce} draft={draft} me={me} onRetry={() => chat.retry(draft.nonce)} />
          ))}
        </ol>
        {chat.loadingNewer && (
          <div className="flex justify-center py-2 text-muted">
            <Loader2 className="h-5 w-5 animate-spin" />
          </div>
        )}
      </div>
      {chat.detached && (
        <div className="relative">
          <button
            type="button"
            onClick={() => {
              scroll.followNewest();
              void chat.backToPresent();
            }}
            className="absolute -top-12 left-1/2 flex -translate-x-1/2 items-center gap-1.5 rounded-full border border-line bg-surface px-3 py-1.5 text-xs text-white shadow-lg hover:bg-raised"
          >
            <ArrowDown className="h-3.5 w-3.5" />
            {t('chat.backToPresent')}
          </button>
        </div>
      )}
      <TypingIndicator names={typing.names} />
      {!permissions.write ? (
        <p className="border-t border-line px-6 py-4 text-sm text-muted">{t('chat.readOnly')}</p>
      ) : (
        <Composer
          roomName={roomName}
          replyingTo={replyingTo}
          onCancelReply={() => setReplyingTo(null)}
          onTyping={typing.typed}
          files={uploads}
          onSend={(content) => {
            scroll.followNewest();
            typing.sent();
            void chat.send(content, replyingTo?.id, uploads.take());
            setReplyingTo(null);
          }}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t('chat.deleteTitle')}
        text={t('chat.deleteText')}
        action={t('chat.delete')}
        busy={removing.isPending}
        onConfirm={() => deleting && removing.mutate(deleting, { onSettled: () => setDeleting(null) })}
      />
    </section>
  );
}

function PendingRow({ draft, me, onRetry }: { draft: PendingMessage & { sender: User }; me: User; onRetry: () => void }) {
  const { t } = useTranslation();
  const state = draft.failed ? 'failed' : 'pending';
  return (
    <MessageFrame sender={me} timestamp={draft.timestamp} startsGroup={false} own state={state}>
      <p
        data-testid="message-text"
        className={`whitespace-pre-wrap break-words text-[15px] leading-relaxed ${draft.failed ? 'text-red-300' : 'text-zinc-100'}`}
      >
        {draft.content}
      </p>
      {draft.attachmentIds && draft.attachmentIds.length > 0 && (
        <p className="flex items-center gap-1 text-xs text-muted">
          <Paperclip className="h-3 w-3" />
          {t('files.count', { count: draft.attachmentIds.length })}
        </p>
      )}
      {draft.failed && (
        <button type="button" onClick={onRetry} className="flex items-center gap-1 text-xs text-red-400 hover:underline">
          <AlertCircle className="h-3.5 w-3.5" />
          {t('chat.notSent')}
          <RotateCw className="h-3 w-3" />
          {t('chat.retry')}
        </button>
      )}
    </MessageFrame>
  );
}
