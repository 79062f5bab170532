import { CornerUpLeft, Paperclip, SendHorizontal, X } from 'lucide-react';
import { useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { UploadTray } from '@/features/attachments';
import { filesOf } from '@/features/attachments';
import type { useUploads } from '@/features/attachments';
import { errorText } from '@/lib/i18n';
import type { Message } from '@/lib/types';
import { draftError, MAX_MESSAGE_CHARS, quotePreview } from '../messages';

// Show the counter only when it matters.
const COUNTER_FROM = MAX_MESSAGE_CHARS - 200;

/** What the composer needs of the files being attached (FILE-1); none where files cannot be sent. */
type Uploads = Pick<ReturnType<typeof useUploads>, 'uploads' | 'add' | 'remove' | 'busy' | 'ready'>;

/** CHAT-1: Enter sends, Shift+Enter breaks the line; empty or over 2,000 characters is refused here.
 * Above it, the message being answered (MSG-3) and the files attached (FILE-1: the paperclip, or a
 * pasted image; the text is then an optional caption); each keystroke may tell the room I am typing
 * (MSG-5). */
export function Composer({
  roomName,
  onSend,
  replyingTo = null,
  onCancelReply = () => {},
  onTyping = () => {},
  files,
}: {
  roomName: string;
  onSend: (content: string) => void;
  replyingTo?: Message | null;
  onCancelReply?: () => void;
  onTyping?: () => void;
  files?: Uploads;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const length = [...draft].length;
  // A message with files needs no text, but waits for them to finish uploading.
  const problemOf = (text: string) => {
    const problem = draftError(text);
    return problem === 'message_empty' && files?.ready ? null : problem;
  };
  const canSend = problemOf(draft) === null && !files?.busy;

  function send() {
    if (files?.busy) return;
    const problem = problemOf(draft);
    if (problem) {
      setRefusal(problem === 'message_empty' ? null : errorText(problem));
      return;
    }
    onSend(draft);
    setDraft('');
    setRefusal(null);
    input.current?.focus();
  }

  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const pasted = filesOf(event.clipboardData);
    if (!files || pasted.length === 0) return;
    event.preventDefault();
    files.add(pasted);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  }

  return (
    <div className="border-t border-line bg-bg/60 px-3 pb-3 pt-2 md:px-6 md:pb-4">
      {replyingTo && (
        <div data-testid="replying-to" className="mb-1 flex items-center gap-2 text-xs text-muted">
          <CornerUpLeft className="h-3.5 w-3.5" />
          <span className="truncate">
            {t('chat.replyingTo', { name: replyingTo.sender.username })}: {quotePreview(replyingTo.content)}
          </span>
          <button type="button" onClick={onCancelReply} aria-label={t('chat.cancelReply')} className="ml-auto hover:text-white">
            <X className="h-3.5 w-3.5" />
          </button>
        </div>
      )}
      {refusal && (
        <p role="alert" className="mb-1 text-xs text-red-400">
          {refusal}
        </p>
      )}
      {files && <UploadTray uploads={files.uploads} onRemove={files.remove} />}
      <div className="flex items-end gap-2 rounded-2xl border border-line bg-surface px-3 py-2 focus-within:border-primary/50">
        {files && (
          <>
            <button
              type="button"
              onClick={() => picker.current?.click()}
              aria-label={t('files.attach')}
              className="flex h-9 w-9 shrink-0 items-center justify-center rounded-xl text-muted hover:bg-raised hover:text-white"
            >
              <Paperclip className="h-4 w-4" />
            </button>
            <input
              ref={picker}
              type="file"
              multiple
              hidden
              data-testid="file-input"
              onChange={(event) => {
                files.add([...(event.target.files ?? [])]);
                event.target.value = '';
              }}
            />
          </>
        )}
        <textarea
          ref={input}
          rows={1}
          value={draft}
          aria-label={t('chat.composerLabel')}
          placeholder={t('chat.placeholder', { room: roomName })}
          onChange={(event) => {
            setDraft(event.target.value);
            setRefusal(null);
            if (event.target.value.trim()) onTyping();
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          className="max-h-40 min-h-[1.5rem] flex-1 resize-none bg-transparent py-1 text-[15px] text-white placeholder:text-zinc-600 focus:outline-none [field-sizing:content]"
        />
        {length >= COUNTER_FROM && (
          <span
            data-testid="char-counter"
            className={`pb-1.5 text-xs tabular-nums ${length > MAX_MESSAGE_CHARS ? 'text-red-400' : 'text-muted'}`}
          >
            {length}/{MAX_MESSAGE_CHARS}
          </span>
        )}
        <button
          type="button"
          onClick={send}
          disabled={!canSend}
          aria-label={t('chat.send')}
          className="flex h-9 w-9 shrink-0 items-center justify-center rounded-xl bg-primary-strong text-white transition-all hover:bg-primary-deep active:scale-95 disabled:bg-raised disabled:text-zinc-600"
        >
          <SendHorizontal className="h-4 w-4" />
        </button>
      </div>
    </div>
  );
}
