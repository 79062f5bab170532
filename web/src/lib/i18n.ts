// UI language: Russian by default (the product's own), English selectable; the choice is remembered.

import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { toast } from 'sonner';
import { ApiError } from '@/lib/api-client';
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

/** A server error code as a sentence in the UI language (the server's English text as a last resort). */
export function errorText(code: string, fallback?: string): string {
  const key = `errors.${code}`;
  return i18n.exists(key) ? i18n.t(key) : (fallback ?? i18n.t('errors.unknown'));
}

export default i18n;

/** What went wrong with a request, for a toast or a form: the server's code translated, or "unknown". */
export function problemText(caught: unknown): string {
  return caught instanceof ApiError ? errorText(caught.code, caught.message) : i18n.t('errors.unknown');
}

/** The error toast of a failed operation (each mutation hook shows its own with this). */
export function toastProblem(caught: unknown) {
  toast.error(problemText(caught));
}
