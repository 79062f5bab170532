// SYNC-3: after a drop, the room's chat as the server has it now — no gap, no duplicate, and the
// edits, deletions and reactions made meanwhile — merged with what keeps arriving live.

import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { Message } from '@/lib/types';
import { mergeMessages } from '../messages';
import { chatKeys, getMessagesAfter, historyQuery } from './get-messages';

/** The largest page the server gives (CHAT-2). */
const CATCH_UP_PAGE = 100;

/** Per room, the live changes applied while its catch-up is on its way. */
const underway = new Map<number, (() => void)[]>();

/** Applies a live change (a new, edited or deleted message, a reaction) to a room's history now, and
 * again over the catch-up's snapshot when one is on its way: the snapshot may have been read before
 * the change happened. Every change is idempotent, so applying one twice is harmless. */
export function applyLive(roomId: number, change: () => void) {
  change();
  underway.get(roomId)?.push(change);
}

/** A window of the past shown in place of the history a catch-up is bringing up to date: that
 * catch-up would add the present to the window, so it is dropped (the window was read just now). */
export function dropCatchUp(roomId: number) {
  underway.delete(roomId);
}

/**
 * Brings the history up to date once the room is joined again (its live events reach us from then
 * on): every message from the oldest one shown onwards, in pages, replaces what we had — what was said
 * meanwhile joins the newest page, what was edited, deleted or reacted to changes in place — and
 * then the live changes that arrived meanwhile are applied again, in order, over it.
 *
 * A window of the past (a quote or a search result opened far back) is brought up to date only up to
 * `upTo`, its newest message: the reader keeps their place, and the rest comes on the way down.
 */
export async function catchUp(queryClient: QueryClient, roomId: number, upTo = Infinity) {
  const replay: (() => void)[] = [];
  underway.set(roomId, replay);
  try {
    // The first page may still be on its way (asked for before the join): it is what we bring up to date.
    const history = await queryClient.fetchInfiniteQuery(historyQuery(roomId));
    const ids = history.pages.flat().map((m) => m.id);
    const fresh: Message[] = [];
    for (let after = ids.length > 0 ? Math.min(...ids) - 1 : 0; ; ) {
      const page = await getMessagesAfter(roomId, after, CATCH_UP_PAGE);
      fresh.push(...page);
      const last = page.at(-1);
      if (page.length < CATCH_UP_PAGE || !last || last.id >= upTo) break;
      after = last.id;
    }
    if (underway.get(roomId) !== replay) return; // a later catch-up took over
    bringUpToDate(queryClient, roomId, fresh.filter((m) => m.id <= upTo));
    for (const change of replay) change();
  } finally {
    if (underway.get(roomId) === replay) underway.delete(roomId);
  }
}

/** Each loaded message as it now is, in its page (so paging back further works as before), and the
 * ones said meanwhile in the newest page (which the newest page's own are merged with, once each). */
function bringUpToDate(queryClient: QueryClient, roomId: number, fresh: Message[]) {
  const byId = new Map(fresh.map((m) => [m.id, m]));
  queryClient.setQueryData<InfiniteData<Message[], number | undefined>>(chatKeys.room(roomId), (history) => {
    if (!history) return history;
    const pages = history.pages.map((page) => page.map((m) => byId.get(m.id) ?? m));
    const [newest = [], ...older] = pages;
    const inOlder = new Set(older.flat().map((m) => m.id));
    return { ...history, pages: [mergeMessages(newest, fresh.filter((m) => !inOlder.has(m.id))), ...older] };
  });
}
