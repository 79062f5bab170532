import { useCallback, useEffect, useRef, useState } from 'react';
import { socket } from '@/lib/socket';
import type { Ack, Message, User } from '@/lib/types';
import { useSocketEvent } from '@/lib/use-socket-event';
import { getMessages } from '../api';
import { mergeMessages, PAGE_SIZE } from '../messages';

/** A message of mine on its way: shown at once, replaced by the stored one when the server acks it. */
export interface PendingMessage {
  nonce: string;
  content: string;
  timestamp: string;
  failed: boolean;
}

/**
 * One room's chat: the newest page on entering, older pages by cursor, live `new-message`s, and my
 * own messages pending → acknowledged. Each send carries a nonce, so a retry after a lost
 * connection never stores a message twice (the server acks the first).
 */
export function useChat(roomId: number, me: User) {
  const [messages, setMessages] = useState<Message[]>([]);
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const pendingRef = useRef(pending);
  pendingRef.current = pending;

  const settle = useCallback((message: Message) => {
    setMessages((list) => mergeMessages(list, [message]));
    if (message.nonce) setPending((list) => list.filter((p) => p.nonce !== message.nonce));
  }, []);

  const loadNewest = useCallback(async () => {
    const page = await getMessages(roomId, PAGE_SIZE);
    setMessages((list) => {
      const newestKnown = list.at(-1)?.id ?? 0;
      // A gap bigger than a page since we last heard: start over from the newest page.
      const gap = page.length === PAGE_SIZE && (page[0]?.id ?? 0) > newestKnown;
      const next = gap || list.length === 0 ? page : mergeMessages(list, page);
      if (gap || list.length === 0) setHasMore(page.length === PAGE_SIZE);
      return next;
    });
    setLoaded(true);
  }, [roomId]);

  // The cursor is the oldest message shown.
  const oldestId = messages[0]?.id;
  const loadOlder = useCallback(async () => {
    if (loadingOlder || !hasMore || oldestId === undefined) return;
    setLoadingOlder(true);
    try {
      const page = await getMessages(roomId, PAGE_SIZE, oldestId);
      setHasMore(page.length === PAGE_SIZE);
      setMessages((list) => mergeMessages(page, list));
    } finally {
      setLoadingOlder(false);
    }
  }, [roomId, hasMore, loadingOlder, oldestId]);

  const deliver = useCallback(
    async (draft: PendingMessage) => {
      const ack = await socket.emit<{ message: Message }>('send-message', {
        roomId,
        content: draft.content,
        nonce: draft.nonce,
      });
      if (ack.ok) settle(ack.message);
      else setPending((list) => list.map((p) => (p.nonce === draft.nonce ? { ...p, failed: true } : p)));
      return ack as Ack<{ message: Message }>;
    },
    [roomId, settle],
  );

  const send = useCallback(
    (content: string) => {
      const draft = { nonce: crypto.randomUUID(), content, timestamp: new Date().toISOString(), failed: false };
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

  useEffect(() => {
    setMessages([]);
    setPending([]);
    setLoaded(false);
    setHasMore(false);
    void loadNewest().catch(() => setLoaded(true));
  }, [loadNewest]);

  // SYNC-1: after a reconnect, fetch what was said meanwhile and send again what never got its ack.
  useEffect(
    () =>
      socket.onReconnect(() => {
        void loadNewest().catch(() => {});
        for (const draft of pendingRef.current) void deliver(draft);
      }),
    [loadNewest, deliver],
  );

  useSocketEvent<Message>('new-message', (message) => {
    if (message.roomId === roomId) settle(message);
  });

  const mine = pending.map((p) => ({ ...p, sender: me }));
  return { messages, pending: mine, hasMore, loaded, loadingOlder, loadOlder, send, retry };
}
