// The chat's pure rules: merging what arrives from pages, events and acks, and CHAT-3's display.

import type { Message } from '@/lib/types';

export const MAX_MESSAGE_CHARS = 2000;
export const PAGE_SIZE = 50;
/** CHAT-3: messages of one sender closer than this share one header. */
export const GROUP_WINDOW_MS = 5 * 60_000;

/** Both lists as one, each message once (by id), in the server's order (ids follow delivery order). */
export function mergeMessages(existing: Message[], incoming: Message[]): Message[] {
  const byId = new Map(existing.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** How much of a quoted message a reply shows: the server's rule (MSG-3), for quotes changed here. */
const QUOTE_MAX_CHARS = 120;

/** The first non-blank line of a text, cut to `QUOTE_MAX_CHARS` characters with an ellipsis. */
export function quotePreview(content: string): string {
  const line = (content.split('\n').find((l) => l.trim() !== '') ?? '').trim();
  const chars = [...line];
  return chars.length <= QUOTE_MAX_CHARS ? line : `${chars.slice(0, QUOTE_MAX_CHARS - 1).join('')}…`;
}

/** Why a draft cannot be sent (CHAT-1), or null. */
export function draftError(content: string): 'message_empty' | 'message_too_long' | null {
  if (content.trim().length === 0) return 'message_empty';
  if ([...content].length > MAX_MESSAGE_CHARS) return 'message_too_long';
  return null;
}

export type ChatItem =
  | { kind: 'day'; key: string; timestamp: string }
  | { kind: 'message'; key: string; message: Message; startsGroup: boolean };

const dayOf = (timestamp: string) => new Date(timestamp).toDateString();

/** CHAT-3: a separator at each new (local) day, and a header only where a sender's run starts. */
export function chatItems(messages: Message[]): ChatItem[] {
  const items: ChatItem[] = [];
  let previous: Message | undefined;
  for (const message of messages) {
    const newDay = !previous || dayOf(previous.timestamp) !== dayOf(message.timestamp);
    if (newDay) items.push({ kind: 'day', key: `day-${message.id}`, timestamp: message.timestamp });
    const startsGroup =
      newDay ||
      !previous ||
      previous.sender.id !== message.sender.id ||
      new Date(message.timestamp).getTime() - new Date(previous.timestamp).getTime() > GROUP_WINDOW_MS;
    items.push({ kind: 'message', key: `m-${message.id}`, message, startsGroup });
    previous = message;
  }
  return items;
}
