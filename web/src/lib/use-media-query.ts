import { useSyncExternalStore } from 'react';

/** Whether a CSS media query matches now, following changes (a window resized to phone width). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (notify) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', notify);
      return () => list.removeEventListener('change', notify);
    },
    () => window.matchMedia(query).matches,
  );
}

/** Tailwind's `md` breakpoint: from here up, the sidebar stays open beside the page. */
export const useWideScreen = () => useMediaQuery('(min-width: 768px)');
