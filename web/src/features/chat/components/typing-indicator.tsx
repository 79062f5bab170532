import { useTranslation } from 'react-i18next';

/** MSG-5: "ivan is typing…", "ivan and olga are typing…", "ivan and 2 others are typing…". */
export function TypingIndicator({ names }: { names: string[] }) {
  const { t } = useTranslation();
  const [first, second] = names;
  const text =
    names.length === 0
      ? ''
      : names.length === 1
        ? t('chat.typingOne', { name: first })
        : names.length === 2
          ? t('chat.typingTwo', { first, second })
          : t('chat.typingMany', { name: first, count: names.length - 1 });
  return (
    <p data-testid="typing" aria-live="polite" className="h-5 px-4 text-xs italic text-muted md:px-7">
      {text}
    </p>
  );
}
