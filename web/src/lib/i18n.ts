// UI language: Russian by default (the product's own), English selectable; the choice is remembered.

import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { toast } from 'sonner';
import { ApiError } from '@/lib/api-client';
import { formatSize } from '@/lib/size';
import en from '@/locales/en.json';
import ru from '@/locales/ru.json';

export const languages = ['ru', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'woxly.language';

function storedLanguage(): Language {
  const stored = localStorage.getItem(storageKey);
  return stored === 'en' ? 'en' : 'ru';
}

void i18n.use(initReactI18next).init({
  resources: { ru: { translation: ru }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'ru',
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
  showSupportNotice: false,
});
document.documentElement.lang = i18n.language;

export function setLanguage(language: Language) {
  localStorage.setItem(storageKey, language);
  document.documentElement.lang = language;
  void i18n.changeLanguage(language);
}

/** A server error code as a sentence in the UI language (the server's English text as a last resort);
 * `limit` fills in the limit a 413 names. */
export function errorText(code: string, fallback?: string, limit?: string | number): string {
  const key = `errors.${code}`;
  return i18n.exists(key) ? i18n.t(key, { limit }) : (fallback ?? i18n.t('errors.unknown'));
}

export default i18n;

/** What went wrong with a request, for a toast or a form: the server's code translated, or "unknown". */
export function problemText(caught: unknown): string {
  if (!(caught instanceof ApiError)) return i18n.t('errors.unknown');
  // A limit of files per message is a count; the other limits are sizes.
  const limit =
    caught.limit === undefined || caught.code === 'too_many_attachments' ? caught.limit : formatSize(caught.limit, i18n.language);
  return errorText(caught.code, caught.message, limit);
}

/** The error toast of a failed operation (each mutation hook shows its own with this). */
export function toastProblem(caught: unknown) {
  toast.error(problemText(caught));
}
