import { useTranslation } from 'react-i18next';
import { languages, setLanguage, type Language } from '@/lib/i18n';

/** RU | EN: the UI language, remembered on this device. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div role="group" aria-label={t('settings.language')} className="flex rounded-xl border border-line bg-surface p-0.5">
      {languages.map((language: Language) => (
        <button
          key={language}
          type="button"
          aria-pressed={i18n.language === language}
          onClick={() => setLanguage(language)}
          className={`rounded-lg px-2.5 py-1 text-xs font-semibold uppercase transition-colors ${i18n.language === language ? 'bg-primary-strong text-white' : 'text-muted hover:text-white'}`}
        >
          {language}
        </button>
      ))}
    </div>
  );
}
