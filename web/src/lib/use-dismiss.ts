import { useEffect, useRef, type RefObject } from 'react';

/** Closes a popup (menu, panel) on Escape or on a click outside `box`, while it is open. */
export function useDismiss(box: RefObject<HTMLElement | null>, open: boolean, close: () => void) {
  const latestClose = useRef(close);
  latestClose.current = close;
  useEffect(() => {
    if (!open) return;
    const onEvent = (event: MouseEvent | KeyboardEvent) => {
      const outside = event instanceof MouseEvent && !box.current?.contains(event.target as Node);
      if (outside || (event instanceof KeyboardEvent && event.key === 'Escape')) latestClose.current();
    };
    document.addEventListener('mousedown', onEvent);
    document.addEventListener('keydown', onEvent);
    return () => {
      document.removeEventListener('mousedown', onEvent);
      document.removeEventListener('keydown', onEvent);
    };
  }, [box, open]);
}
