import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { clientEvents, serverEvents } from '@/lib/events';
import { socket } from '@/lib/socket';
import type { Message, User } from '@/lib/types';
import { useSocketEvent } from '@/lib/use-socket-event';
import { asDeleted } from '../api/delete-message';
import { addNewest, getMessages, replaceMessage, updateMessage, useMessages } from '../api/get-messages';
import { withReaction } from '../api/react';
import { PAGE_SIZE } from '../messages';

/** A message of mine on its way: shown at once, replaced by the stored one when the server acks it. */
export interface PendingMessage {
  nonce: string;
  content: string;
  timestamp: string;
  failed: boolean;
  replyTo?: number;
}

/**
 * One room's chat: the history (`useMessages`), live new, edited and deleted messages and reactions
 * (MSG-2, MSG-4), and my own messages pending → acknowledged. Each send carries a nonce, so a retry after a lost connection never stores a message
 * twice (the server acks the first).
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

  const settle = useCallback(
    (message: Message) => {
      addNewest(queryClient, roomId, [message]);
      if (message.nonce) setPending((list) => list.filter((p) => p.nonce !== message.nonce));
    },
    [queryClient, roomId],
  );

  const deliver = useCallback(
    async (draft: PendingMessage) => {
      const ack = await socket.emit(clientEvents.sendMessage, {
        roomId,
        content: draft.content,
        nonce: draft.nonce,
        replyTo: draft.replyTo,
      });
      if (ack.ok) settle(ack.message);
      else setPending((list) => list.map((p) => (p.nonce === draft.nonce ? { ...p, failed: true } : p)));
      return ack;
    },
    [roomId, settle],
  );

  const send = useCallback(
    (content: string, replyTo?: number) => {
      const draft = { nonce: crypto.randomUUID(), content, timestamp: new Date().toISOString(), failed: false, replyTo };
      setPending((list) => [...list, draft]);
      return deliver(draft);
    },
    [deliver],
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

  useEffect(() => setPending([]), [roomId]);

  // SYNC-1: after a reconnect, fetch what was said meanwhile and send again what never got its ack.
  useEffect(
    () =>
      socket.onReconnect(() => {
        void getMessages(roomId, PAGE_SIZE)
          .then((page) => addNewest(queryClient, roomId, page, true))
          .catch(() => {});
        for (const draft of pendingRef.current) void deliver(draft);
      }),
    [roomId, queryClient, deliver],
  );

  useSocketEvent(serverEvents.newMessage, (message) => {
    if (message.roomId === roomId) settle(message);
  });
  useSocketEvent(serverEvents.messageUpdated, (message) => {
    if (message.roomId === roomId) replaceMessage(queryClient, message);
  });
  useSocketEvent(serverEvents.messageDeleted, (event) => {
    const stored = messagesRef.current.find((m) => m.id === event.messageId);
    if (event.roomId === roomId && stored) replaceMessage(queryClient, asDeleted(stored));
  });
  useSocketEvent(serverEvents.reactionAdded, (event) => {
    if (event.roomId !== roomId) return;
    updateMessage(queryClient, roomId, event.messageId, (m) => withReaction(m, event.emoji, event.userId, true));
  });
  useSocketEvent(serverEvents.reactionRemoved, (event) => {
    if (event.roomId !== roomId) return;
    updateMessage(queryClient, roomId, event.messageId, (m) => withReaction(m, event.emoji, event.userId, false));
  });

  return {
    messages,
    pending: pending.map((p) => ({ ...p, sender: me })),
    hasMore: history.hasNextPage,
    loaded: !history.isPending,
    loadingOlder: history.isFetchingNextPage,
    loadOlder: () => history.fetchNextPage(),
    send,
    retry,
  };
}
