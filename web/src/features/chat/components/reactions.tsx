import { SmilePlus } from 'lucide-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconButton } from '@/components/ui/button';
import { EmojiSearch } from '@/components/ui/emoji-picker';
import { useDismiss } from '@/lib/use-dismiss';
import type { Message, Participant } from '@/lib/types';

/** The palette offered first; any other emoji can be typed. */
export const PALETTE = ['👍', '❤️', '😂', '😮', '😢', '🎉', '🔥', '👀'];

/** MSG-4: a message's reactions as chips (mine highlighted; who reacted on hover); clicking one adds or
 * takes back mine. */
export function ReactionChips({
  message,
  myId,
  people,
  onToggle,
}: {
  message: Message;
  myId: number;
  people: Map<number, string>;
  onToggle: (emoji: string) => void;
}) {
  const { t } = useTranslation();
  if (!message.reactions?.length) return null;
  return (
    <ul className="mt-1 flex flex-wrap gap-1">
      {message.reactions.map((reaction) => {
        const mine = reaction.userIds.includes(myId);
        const names = reaction.userIds.map((id) => people.get(id) ?? '…').join(', ');
        const who = t('chat.reactedBy', { names, emoji: reaction.emoji });
        return (
          <li key={reaction.emoji}>
            <button
              type="button"
              data-testid="reaction"
              data-emoji={reaction.emoji}
              aria-pressed={mine}
              aria-label={who}
              title={who}
              onClick={() => onToggle(reaction.emoji)}
              className={`flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs ${mine ? 'border-primary/60 bg-primary/15 text-white' : 'border-line bg-raised text-zinc-300 hover:border-zinc-500'}`}
            >
              <span>{reaction.emoji}</span>
              <span className="tabular-nums">{reaction.count}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** About how tall the picker is: the palette and the emoji list. */
const PICKER_HEIGHT_PX = 380;

/** The palette, and every other emoji with a search. */
export function ReactionPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  // Above the button, unless the message is too near the top of the window for the picker to fit.
  const [below, setBelow] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(ref, open, () => setOpen(false));
  const pick = (emoji: string) => {
    setOpen(false);
    onPick(emoji);
  };
  const toggle = () => {
    setBelow((ref.current?.getBoundingClientRect().top ?? 0) < PICKER_HEIGHT_PX);
    setOpen((value) => !value);
  };
  return (
    <div className="relative" ref={ref}>
      <IconButton label={t('chat.react')} onClick={toggle} aria-expanded={open} className="h-7 w-7">
        <SmilePlus className="h-4 w-4" />
      </IconButton>
      {open && (
        <div
          role="dialog"
          aria-label={t('chat.react')}
          className={`absolute right-0 z-20 w-72 max-w-[calc(100vw-2rem)] rounded-xl border border-line bg-surface p-2 shadow-xl ${below ? 'top-8' : 'bottom-8'}`}
        >
          <div className="mb-2 grid grid-cols-8 gap-1">
            {PALETTE.map((emoji) => (
              <button
                key={emoji}
                type="button"
                data-testid="palette-emoji"
                onClick={() => pick(emoji)}
                className="rounded-lg p-1 text-lg hover:bg-raised"
              >
                {emoji}
              </button>
            ))}
          </div>
          <EmojiSearch onPick={pick} />
        </div>
      )}
    </div>
  );
}

/** Who is who among the room's people, for "who reacted". */
export const namesById = (participants: Participant[]) => new Map(participants.map((p) => [p.id, p.username]));
