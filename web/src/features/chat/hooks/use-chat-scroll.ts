import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { markRead } from '../api/mark-read';
import type { useChat } from './use-chat';

// How close to an edge counts as "at" it: near the top loads older messages, near the bottom follows new
// ones (or, away from the present, loads newer ones).
const EDGE_PX = 120;

/** How a room's message list scrolls (CHAT-2, MSG-3, MSG-5): older messages come in on top without
 * moving what the reader looks at; new ones are followed only by a reader at the bottom; a quoted or
 * searched message is brought into view; what a reader at the bottom sees is marked read. The list's
 * element takes `scroller` and `onScroll`. */
export function useChatScroll(roomId: number, chat: ReturnType<typeof useChat>) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const keepFromBottom = useRef<number | null>(null);
  const lastMarked = useRef(0);
  // A quoted message to bring into view once it is rendered (MSG-3).
  const pendingJump = useRef<number | null>(null);

  // MSG-5: what a reader at the bottom sees is read, on every tab of theirs.
  function readIfAtBottom() {
    const newest = chat.messages.at(-1)?.id ?? 0;
    const reading = atBottom.current && !chat.detached && document.visibilityState === 'visible';
    if (reading && newest > lastMarked.current) {
      lastMarked.current = newest;
      markRead(roomId, newest);
    }
  }

  // Older messages go on top without moving what the reader looks at; new ones are followed only
  // by a reader who is already at the bottom (or who just sent one).
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (pendingJump.current !== null && showMessage(pendingJump.current)) {
      pendingJump.current = null;
    } else if (keepFromBottom.current !== null) {
      element.scrollTop = element.scrollHeight - keepFromBottom.current;
      keepFromBottom.current = null;
    } else if (atBottom.current) {
      element.scrollTop = element.scrollHeight;
    }
    readIfAtBottom();
  });

  function onScroll() {
    const element = scroller.current;
    if (!element) return;
    const nearBottom = element.scrollHeight - element.scrollTop - element.clientHeight < EDGE_PX;
    atBottom.current = nearBottom && !chat.detached;
    if (element.scrollTop < EDGE_PX && chat.hasMore && !chat.loadingOlder) {
      keepFromBottom.current = element.scrollHeight - element.scrollTop;
      void chat.loadOlder();
    }
    if (nearBottom && chat.detached) void chat.loadNewer();
    readIfAtBottom();
  }

  /** Scrolls a rendered message into the middle and highlights it for a moment; false if not rendered. */
  function showMessage(messageId: number): boolean {
    const target = scroller.current?.querySelector<HTMLElement>(`[data-message-id="${messageId}"]`);
    if (!target) return false;
    atBottom.current = false;
    target.scrollIntoView({ block: 'center' });
    target.dataset.highlight = 'true';
    setTimeout(() => delete target.dataset.highlight, 1500);
    return true;
  }

  /** MSG-3: brings a quoted message into view; one not loaded is shown in a window of history around it. */
  async function jumpTo(messageId: number) {
    if (showMessage(messageId)) return;
    pendingJump.current = messageId;
    try {
      await chat.showAround(messageId);
    } catch {
      pendingJump.current = null;
      toast(t('chat.jumpFailed'));
    }
  }

  /** The reader goes back to the newest messages (they sent one, or asked for the present). */
  const followNewest = () => {
    atBottom.current = true;
  };

  return { scroller, onScroll, jumpTo, followNewest };
}
