import { infiniteQueryOptions, useInfiniteQuery, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { Message } from '@/lib/types';
import { mergeMessages, PAGE_SIZE, quotePreview } from '../messages';

export const chatKeys = {
  room: (roomId: number) => ['chat', roomId] as const,
};

/** CHAT-2: one page, oldest first; `before` is the oldest id already shown (the cursor). */
export const getMessages = (roomId: number, limit: number, before?: number) =>
  api<{ messages: Message[] }>('GET', '/messages', undefined, { roomId, limit, before }).then((body) => body.messages);

/** MSG-3: a page around one message (it and older ones first, then newer), or the page newer than one. */
export const getMessagesAround = (roomId: number, around: number, limit: number) =>
  api<{ messages: Message[] }>('GET', '/messages', undefined, { roomId, limit, around }).then((body) => body.messages);
export const getMessagesAfter = (roomId: number, after: number, limit: number) =>
  api<{ messages: Message[] }>('GET', '/messages', undefined, { roomId, limit, after }).then((body) => body.messages);

/** A room's history, newest page first, each older page asked for by the oldest message shown. The
 * cache is dropped on leaving the room (it is not live while nobody looks at it), and live messages
 * join the newest page through `addNewest`. */
export const historyQuery = (roomId: number) =>
  infiniteQueryOptions({
    queryKey: chatKeys.room(roomId),
    queryFn: ({ pageParam }) => getMessages(roomId, PAGE_SIZE, pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => (page.length === PAGE_SIZE ? page[0]?.id : undefined),
    staleTime: Infinity,
    gcTime: 0,
  });
export const useMessages = (roomId: number) => useInfiniteQuery(historyQuery(roomId));

type History = InfiniteData<Message[], number | undefined>;

/** Merges messages into the newest page: live ones, my acknowledged ones, and after a reconnect what
 * was said meanwhile. A newest page that does not reach what we had (a gap of more than a page)
 * replaces the history, so nothing in between is silently missing. */
export function addNewest(queryClient: QueryClient, roomId: number, messages: Message[], page = false) {
  queryClient.setQueryData<History>(chatKeys.room(roomId), (history) => {
    if (!history) return history;
    const [newest = [], ...older] = history.pages;
    const known = newest.at(-1)?.id ?? 0;
    const gap = page && messages.length === PAGE_SIZE && (messages[0]?.id ?? 0) > known;
    if (gap) return { pages: [messages], pageParams: [undefined] };
    return { ...history, pages: [mergeMessages(newest, messages), ...older] };
  });
}

/** Shows a window of history (around a quoted message) in place of the newest pages; older pages
 * follow it as usual. */
export function showWindow(queryClient: QueryClient, roomId: number, page: Message[]) {
  queryClient.setQueryData<History>(chatKeys.room(roomId), { pages: [page], pageParams: [undefined] });
}

/** Puts a page of newer messages under a window, on the way back to the present. */
export function addNewerPage(queryClient: QueryClient, roomId: number, page: Message[]) {
  queryClient.setQueryData<History>(chatKeys.room(roomId), (history) =>
    history && { pages: [page, ...history.pages], pageParams: [undefined, ...history.pageParams] },
  );
}

/** Changes every loaded message through `change` (which returns those it leaves alone as they are). */
export function updateMessages(queryClient: QueryClient, roomId: number, change: (message: Message) => Message) {
  queryClient.setQueryData<History>(chatKeys.room(roomId), (history) =>
    history && { ...history, pages: history.pages.map((page) => page.map(change)) },
  );
}

/** Changes one message wherever it is in the loaded history (an edit, a deletion, a reaction). */
export function updateMessage(
  queryClient: QueryClient,
  roomId: number,
  messageId: number,
  change: (message: Message) => Message,
) {
  updateMessages(queryClient, roomId, (m) => (m.id === messageId ? change(m) : m));
}

/** A message as it now is, and the quotes of it in the replies loaded (MSG-3: first line, or deleted). */
export function replaceMessage(queryClient: QueryClient, message: Message) {
  const quote = { id: message.id, sender: message.sender, content: quotePreview(message.content), deleted: !!message.deleted };
  updateMessages(queryClient, message.roomId, (m) => {
    if (m.id === message.id) return message;
    return m.replyTo?.id === message.id ? { ...m, replyTo: quote } : m;
  });
}
