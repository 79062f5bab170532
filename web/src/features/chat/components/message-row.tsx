import { CornerUpLeft, Pencil, Trash2 } from 'lucide-react';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '@/components/ui/avatar';
import { IconButton } from '@/components/ui/button';
import { formatTime } from '@/lib/time';
import type { Message, User } from '@/lib/types';
import { useDisplayName } from '@/lib/use-display-name';
import { AttachmentList } from '@/features/attachments';
import { useIsBlocked } from '@/features/friends';
import { draftError } from '../messages';
import { MessageBody } from './message-body';
import { ReactionChips, ReactionPicker } from './reactions';

/** What a message row can do, given by the chat panel. */
export interface MessageActions {
  myId: number;
  /** The room's permissions allow deleting anyone's message (its owner's, MSG-2). */
  canDeleteAny: boolean;
  /** A direct conversation of ex-friends: nothing new goes in (MSG-1). */
  readOnly: boolean;
  members: string[];
  people: Map<number, string>;
  reply: (message: Message) => void;
  jumpTo: (messageId: number) => void;
  edit: (message: Message, content: string) => void;
  remove: (message: Message) => void;
  react: (message: Message, emoji: string) => void;
}

/** One stored message: its header when it starts a group, the quote it answers, its text (or
 * "deleted"), reactions, and on hover or focus its actions. */
export function MessageRow({
  message,
  startsGroup,
  actions,
}: {
  message: Message;
  startsGroup: boolean;
  actions: MessageActions;
}) {
  const { t } = useTranslation();
  const displayName = useDisplayName();
  const [editing, setEditing] = useState(false);
  const own = message.sender.id === actions.myId;
  const canWrite = !actions.readOnly && !message.deleted;
  // FRIEND-6: a message from someone I blocked is collapsed until I ask to see it.
  const isBlocked = useIsBlocked();
  const [uncovered, setUncovered] = useState(false);

  if (isBlocked(message.sender.id) && !uncovered && !message.deleted) {
    return (
      <MessageFrame sender={message.sender} timestamp={message.timestamp} startsGroup own={false} id={message.id}>
        <p data-testid="blocked-message" className="flex items-center gap-2 text-sm italic text-muted">
          {t('blocking.collapsed')}
          <button type="button" className="not-italic text-primary-soft hover:underline" onClick={() => setUncovered(true)}>
            {t('blocking.show')}
          </button>
        </p>
      </MessageFrame>
    );
  }

  return (
    <MessageFrame
      sender={message.sender}
      timestamp={message.timestamp}
      startsGroup={startsGroup}
      own={own}
      id={message.id}
      deleted={message.deleted}
    >
      {message.replyTo && (
        <button
          type="button"
          data-testid="reply-quote"
          onClick={() => actions.jumpTo(message.replyTo!.id)}
          className="mb-0.5 flex max-w-full items-center gap-1.5 truncate border-l-2 border-zinc-600 pl-2 text-left text-xs text-muted hover:text-zinc-200"
        >
          <CornerUpLeft className="h-3 w-3 shrink-0" />
          {message.replyTo.deleted ? (
            <span className="italic">{t('chat.quoteDeleted')}</span>
          ) : (
            <>
              <span className="font-semibold">{displayName(message.replyTo.sender)}</span>
              <span className="truncate">{message.replyTo.content}</span>
            </>
          )}
        </button>
      )}
      {message.deleted ? (
        <p data-testid="message-text" className="text-sm italic text-muted">
          {t('chat.deleted')}
        </p>
      ) : editing ? (
        <EditBox
          initial={message.content}
          onCancel={() => setEditing(false)}
          onSave={(content) => {
            setEditing(false);
            if (content !== message.content) actions.edit(message, content);
          }}
        />
      ) : (
        (message.content || message.editedAt) && (
        <p
          data-testid="message-text"
          className={`whitespace-pre-wrap break-words text-[15px] leading-relaxed ${own ? 'text-zinc-100' : 'text-zinc-300'}`}
        >
          <MessageBody content={message.content} members={actions.members} />
          {message.editedAt && (
            <span
              data-testid="edited"
              className="ml-1.5 text-[11px] text-muted"
              title={t('chat.editedAt', { time: formatTime(message.editedAt) })}
            >
              ({t('chat.edited')})
            </span>
          )}
        </p>
        )
      )}
      {!message.deleted && <AttachmentList attachments={message.attachments ?? []} />}
      <ReactionChips
        message={message}
        myId={actions.myId}
        people={actions.people}
        onToggle={(emoji) => canWrite && actions.react(message, emoji)}
      />
      {canWrite && !editing && (
        <div
          role="toolbar"
          aria-label={t('chat.actions')}
          className="absolute -top-3 right-2 hidden items-center gap-0.5 rounded-lg border border-line bg-surface p-0.5 shadow group-hover:flex group-focus-within:flex"
        >
          <IconButton label={t('chat.reply')} onClick={() => actions.reply(message)} className="h-7 w-7">
            <CornerUpLeft className="h-4 w-4" />
          </IconButton>
          <ReactionPicker onPick={(emoji) => actions.react(message, emoji)} />
          {own && (
            <IconButton label={t('chat.edit')} onClick={() => setEditing(true)} className="h-7 w-7">
              <Pencil className="h-4 w-4" />
            </IconButton>
          )}
          {(own || actions.canDeleteAny) && (
            <IconButton label={t('chat.delete')} onClick={() => actions.remove(message)} className="h-7 w-7 hover:text-red-400">
              <Trash2 className="h-4 w-4" />
            </IconButton>
          )}
        </div>
      )}
    </MessageFrame>
  );
}

/** Inline editing: Enter saves, Escape cancels (MSG-2). */
function EditBox({ initial, onSave, onCancel }: { initial: string; onSave: (content: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(initial);
  const invalid = draftError(draft) !== null;
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Escape') onCancel();
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      if (!invalid) onSave(draft);
    }
  }
  return (
    <div className="flex flex-col gap-1">
      <textarea
        autoFocus
        value={draft}
        aria-label={t('chat.editLabel')}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
        className="w-full resize-none rounded-lg border border-line bg-bg px-2 py-1 text-[15px] text-white [field-sizing:content]"
      />
      <div className="flex gap-2 text-xs">
        <button type="button" disabled={invalid} onClick={() => onSave(draft)} className="text-primary hover:underline">
          {t('chat.save')}
        </button>
        <button type="button" onClick={onCancel} className="text-muted hover:underline">
          {t('chat.cancel')}
        </button>
      </div>
    </div>
  );
}

/** The frame of a message row, stored or pending: avatar and name where a sender's run starts. */
export function MessageFrame({
  id,
  sender,
  timestamp,
  startsGroup,
  own,
  state = 'sent',
  deleted,
  children,
}: {
  id?: number;
  sender: User;
  timestamp: string;
  startsGroup: boolean;
  own: boolean;
  state?: 'sent' | 'pending' | 'failed';
  deleted?: boolean;
  children: React.ReactNode;
}) {
  const displayName = useDisplayName();
  return (
    <li
      data-testid="message"
      data-message-id={id}
      // Reachable from the keyboard: focusing a stored message shows its actions, as hovering does.
      tabIndex={id === undefined ? undefined : 0}
      data-state={state}
      data-deleted={deleted ? 'true' : undefined}
      className={`group relative flex gap-3 rounded-lg px-2 hover:bg-white/[0.02] focus-within:bg-white/[0.02] ${startsGroup ? 'mt-3 pt-1' : 'mt-0.5'} ${state === 'pending' ? 'opacity-50' : ''}`}
    >
      <div className="w-9 shrink-0">{startsGroup && <Avatar user={sender} size="sm" />}</div>
      <div className="min-w-0 flex-1">
        {startsGroup && (
          <p className="flex items-baseline gap-2">
            <span className={`text-sm font-semibold ${own ? 'text-primary' : 'text-white'}`}>{displayName(sender)}</span>
            <time className="text-[11px] text-muted" dateTime={timestamp}>
              {formatTime(timestamp)}
            </time>
          </p>
        )}
        {children}
      </div>
    </li>
  );
}
