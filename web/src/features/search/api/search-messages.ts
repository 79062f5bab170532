import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { Message, Room } from '@/lib/types';

export interface Found {
  message: Message;
  room: Room;
}

const PAGE = 25;

/** SEARCH-1: messages matching `q` (in one room, or all of mine), newest first, a page at a time. */
export function useMessageSearch(q: string, roomId: number | null) {
  return useInfiniteQuery({
    queryKey: ['search', 'messages', q, roomId],
    enabled: q.trim().length > 0,
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      api<{ results: Found[] }>('GET', '/search/messages', undefined, {
        q,
        roomId: roomId ?? undefined,
        before: pageParam,
        limit: PAGE,
      }).then((body) => body.results),
    getNextPageParam: (last) => (last.length === PAGE ? last.at(-1)?.message.id : undefined),
    // Each keystroke is a new query: keep showing the last results until the new ones come.
    placeholderData: (previous) => previous,
    staleTime: 30_000,
  });
}
