import { api } from '@/lib/api-client';
import type { Message } from '@/lib/types';

/** CHAT-2: one page, oldest first; `before` is the oldest id already shown (the cursor). */
export const getMessages = (roomId: number, limit: number, before?: number) =>
  api<{ messages: Message[] }>('GET', '/messages', undefined, { roomId, limit, before }).then((body) => body.messages);
