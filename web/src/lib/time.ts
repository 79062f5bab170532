import i18n from './i18n';

export const MINUTE = 60_000;

/** "14:05" in the UI language. */
export function formatTime(timestamp: string): string {
  return new Date(timestamp).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
}

/** "Today", "Yesterday" or a date such as "3 March 2026", for day separators and lists. */
export function formatDay(timestamp: string, now = new Date()): string {
  const date = new Date(timestamp);
  const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (days === 0) return i18n.t('time.today');
  if (days === 1) return i18n.t('time.yesterday');
  return date.toLocaleDateString(i18n.language, {
    day: 'numeric',
    month: 'long',
    year: date.getFullYear() === now.getFullYear() ? undefined : 'numeric',
  });
}

/** "just now", "5 min ago", or a day and time, for notifications. */
export function formatAgo(timestamp: string, now = Date.now()): string {
  const minutes = Math.floor((now - new Date(timestamp).getTime()) / MINUTE);
  if (minutes < 1) return i18n.t('time.justNow');
  if (minutes < 60) return i18n.t('time.minutesAgo', { count: minutes });
  return `${formatDay(timestamp)}, ${formatTime(timestamp)}`;
}
