import { EmojiPicker } from 'frimousse';
import type { CSSProperties } from 'react';
import { EMOJI_FAMILY } from '@/lib/emoji-font';
import { useTranslation } from 'react-i18next';

/** Emoji newer than this are left out: the shipped font (Twemoji 15) draws everything up to it, and
 * naming the version spares the picker guessing what this machine's fonts can draw. */
const EMOJI_VERSION = 15;

/** Every emoji, by category, with a search in the UI's language (frimousse, on Emojibase's data
 * that WOXLY serves itself at /emojibase). */
export function EmojiSearch({ onPick }: { onPick: (emoji: string) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <EmojiPicker.Root
      locale={i18n.language.startsWith('ru') ? 'ru' : 'en'}
      emojibaseUrl="/emojibase"
      emojiVersion={EMOJI_VERSION}
      columns={8}
      onEmojiSelect={({ emoji }) => onPick(emoji)}
      className="flex h-72 w-full flex-col"
      // The shipped emoji font first (the picker's own default names only system fonts).
      style={{ '--frimousse-emoji-font': `'${EMOJI_FAMILY}', sans-serif` } as CSSProperties}
    >
      <EmojiPicker.Search
        aria-label={t('emoji.search')}
        placeholder={t('emoji.search')}
        className="mb-2 w-full rounded-lg border border-line bg-bg px-2 py-1 text-sm text-white"
      />
      <EmojiPicker.Viewport className="relative flex-1 outline-none" data-testid="emoji-list">
        <EmojiPicker.Loading className="absolute inset-0 flex items-center justify-center text-sm text-muted">
          {t('emoji.loading')}
        </EmojiPicker.Loading>
        <EmojiPicker.Empty className="absolute inset-0 flex items-center justify-center text-sm text-muted">
          {t('emoji.none')}
        </EmojiPicker.Empty>
        <EmojiPicker.List
          className="select-none pb-1"
          components={{
            CategoryHeader: ({ category, ...props }) => (
              <div className="bg-surface px-1 pb-1 pt-2 text-xs font-medium text-muted" {...props}>
                {category.label}
              </div>
            ),
            Emoji: ({ emoji, ...props }) => (
              <button
                type="button"
                aria-label={emoji.label}
                className="flex h-8 w-8 items-center justify-center rounded-lg text-lg data-[active]:bg-raised"
                {...props}
              >
                {emoji.emoji}
              </button>
            ),
          }}
        />
      </EmojiPicker.Viewport>
    </EmojiPicker.Root>
  );
}
