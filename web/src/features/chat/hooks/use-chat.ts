import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { clientEvents, serverEvents } from '@/lib/events';
import { socket } from '@/lib/socket';
import type { Message, User } from '@/lib/types';
import { useSocketEvent } from '@/lib/use-socket-event';
import { useVoice } from '@/features/voice';
import { applyLive, catchUp, dropCatchUp } from '../api/catch-up';
import { markDeleted } from '../api/delete-message';
import {
  addNewerPage,
  addNewest,
  chatKeys,
  getMessages,
  getMessagesAfter,
  getMessagesAround,
  replaceMessage,
  showWindow,
  updateMessage,
  useMessages,
} from '../api/get-messages';
import { withReaction } from '../api/react';
import { historyWindow, useHistoryWindow } from '../history-window';
import { PAGE_SIZE } from '../messages';

/** A message of mine on its way: shown at once, replaced by the stored one when the server acks it. */
export interface PendingMessage {
  nonce: string;
  content: string;
  timestamp: string;
  failed: boolean;
  replyTo?: number;
  attachmentIds?: number[];
}

/**
 * One room's chat: the history (`useMessages`), live new, edited and deleted messages and reactions
 * (MSG-2, MSG-4), and my own messages pending → acknowledged. Each send carries a nonce, so a retry
 * after a lost connection never stores a message twice (the server acks the first).
 *
 * Opening a quoted message far back shows a window around it (MSG-3): the history is then `detached`
 * from the present (kept in the `history-window` store); scrolling down loads newer pages until it
 * meets the present again, and new messages join only then.
 */
export function useChat(roomId: number, me: User) {
  const queryClient = useQueryClient();
  const history = useMessages(roomId);
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const pendingRef = useRef(pending);
  pendingRef.current = pending;

  const messages = useMemo(() => (history.data?.pages ?? []).toReversed().flat(), [history.data]);
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const detached = useHistoryWindow((state) => state.detachedRoom === roomId);
  const loadingNewer = useHistoryWindow((state) => state.loadingNewer);

  const settle = useCallback(
    (message: Message) => {
      if (!historyWindow.isDetached(roomId)) addNewest(queryClient, roomId, [message]);
      if (message.nonce) setPending((list) => list.filter((p) => p.nonce !== message.nonce));
    },
    [queryClient, roomId],
  );

  /** Back to the newest messages. */
  const backToPresent = useCallback(async () => {
    if (!historyWindow.isDetached(roomId)) return;
    historyWindow.setDetached(roomId, false);
    await queryClient.resetQueries({ queryKey: chatKeys.room(roomId) });
  }, [queryClient, roomId]);

  /** Shows the window around `messageId` (which must be of this room). */
  const showAround = useCallback(
    async (messageId: number) => {
      const page = await getMessagesAround(roomId, messageId, PAGE_SIZE);
      const newestShown = messagesRef.current.at(-1)?.id ?? 0;
      dropCatchUp(roomId);
      showWindow(queryClient, roomId, page);
      historyWindow.setDetached(roomId, (page.at(-1)?.id ?? 0) < newestShown);
    },
    [queryClient, roomId],
  );

  /** The next newer page under a window; meeting the present ends the detachment. */
  const loadNewer = useCallback(async () => {
    const newest = messagesRef.current.at(-1)?.id;
    if (!historyWindow.isDetached(roomId) || historyWindow.isLoadingNewer() || newest === undefined) return;
    historyWindow.setLoadingNewer(true);
    try {
      const page = await getMessagesAfter(roomId, newest, PAGE_SIZE);
      if (page.length > 0) addNewerPage(queryClient, roomId, page);
      if (page.length < PAGE_SIZE) {
        historyWindow.setDetached(roomId, false);
        // Whatever arrived while the last page was on its way.
        addNewest(queryClient, roomId, await getMessages(roomId, PAGE_SIZE), true);
      }
    } finally {
      historyWindow.setLoadingNewer(false);
    }
  }, [queryClient, roomId]);

  const deliver = useCallback(
    async (draft: PendingMessage) => {
      const ack = await socket.emit(clientEvents.sendMessage, {
        roomId,
        content: draft.content,
        nonce: draft.nonce,
        replyTo: draft.replyTo,
        attachmentIds: draft.attachmentIds,
      });
      if (ack.ok) settle(ack.message);
      else setPending((list) => list.map((p) => (p.nonce === draft.nonce ? { ...p, failed: true } : p)));
      return ack;
    },
    [roomId, settle],
  );

  const send = useCallback(
    async (content: string, replyTo?: number, attachmentIds?: number[]) => {
      const timestamp = new Date().toISOString();
      const draft = { nonce: crypto.randomUUID(), content, timestamp, failed: false, replyTo, attachmentIds };
      setPending((list) => [...list, draft]);
      await backToPresent();
      return deliver(draft);
    },
    [deliver, backToPresent],
  );

  const retry = useCallback(
    (nonce: string) => {
      const draft = pendingRef.current.find((p) => p.nonce === nonce);
      if (!draft) return;
      setPending((list) => list.map((p) => (p.nonce === nonce ? { ...p, failed: false } : p)));
      void deliver(draft);
    },
    [deliver],
  );

  useEffect(() => {
    setPending([]);
    historyWindow.setDetached(roomId, false);
  }, [roomId]);

  // SYNC-1: on each connection, send again what never got its ack.
  useEffect(
    () =>
      socket.onResync(() => {
        for (const draft of pendingRef.current) void deliver(draft);
      }),
    [deliver],
  );

  // SYNC-3: each time the room is joined (entering it, and after every reconnect) its live events reach
  // us from then on: catch up on everything before. A window stays where the reader is (entering the
  // room at a search result joins it while the window loads).
  const joins = useVoice((state) => (state.roomId === roomId ? state.joins : 0));
  useEffect(() => {
    if (joins === 0) return;
    const upTo = historyWindow.isDetached(roomId) ? messagesRef.current.at(-1)?.id : undefined;
    void catchUp(queryClient, roomId, upTo).catch(() => {});
  }, [joins, roomId, queryClient]);

  const live = (roomOfEvent: number, change: () => void) => {
    if (roomOfEvent === roomId) applyLive(roomId, change);
  };
  useSocketEvent(serverEvents.newMessage, (message) => live(message.roomId, () => settle(message)));
  useSocketEvent(serverEvents.messageUpdated, (message) =>
    live(message.roomId, () => replaceMessage(queryClient, message)),
  );
  useSocketEvent(serverEvents.messageDeleted, (event) =>
    live(event.roomId, () => markDeleted(queryClient, roomId, event.messageId)),
  );
  useSocketEvent(serverEvents.reactionAdded, (event) =>
    live(event.roomId, () =>
      updateMessage(queryClient, roomId, event.messageId, (m) => withReaction(m, event.emoji, event.userId, true)),
    ),
  );
  useSocketEvent(serverEvents.reactionRemoved, (event) =>
    live(event.roomId, () =>
      updateMessage(queryClient, roomId, event.messageId, (m) => withReaction(m, event.emoji, event.userId, false)),
    ),
  );

  return {
    messages,
    pending: pending.map((p) => ({ ...p, sender: me })),
    hasMore: history.hasNextPage,
    loaded: !history.isPending,
    loadingOlder: history.isFetchingNextPage,
    loadOlder: () => history.fetchNextPage(),
    send,
    retry,
    detached,
    loadingNewer,
    showAround,
    loadNewer,
    backToPresent,
  };
}
