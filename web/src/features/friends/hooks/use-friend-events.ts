import { useQueryClient } from '@tanstack/react-query';
import { serverEvents } from '@/lib/events';
import type { Friend } from '@/lib/types';
import { useSocketEvent } from '@/lib/use-socket-event';
import { friendKeys } from '@/lib/query-keys';

/** Keeps the friends list and requests live from the server's events (FRIEND-3, FRIEND-5, STATUS-3). */
export function useFriendEvents() {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: friendKeys.all });
  useSocketEvent(serverEvents.friendRequest, refresh);
  useSocketEvent(serverEvents.friendAdded, refresh);
  useSocketEvent(serverEvents.friendRemoved, refresh);
  /** Applies an event's change to the list. A read of the list on its way (after a reconnect, say) may
   * have been answered before the change and would undo it when it lands: it is read again instead. */
  const patch = (change: (friend: Friend) => Friend) => {
    const readOnItsWay = queryClient.isFetching({ queryKey: friendKeys.list }) > 0;
    queryClient.setQueryData<Friend[]>(friendKeys.list, (friends) => friends?.map(change));
    if (readOnItsWay) refresh();
  };
  useSocketEvent(serverEvents.friendStatusChanged, ({ userId, status }) =>
    patch((friend) => (friend.id === userId ? { ...friend, status } : friend)),
  );
  // FRIEND-5: a note written on one of my tabs shows on the others.
  useSocketEvent(serverEvents.friendNoteChanged, ({ friend: changed }) =>
    patch((friend) => (friend.id === changed.id ? { ...friend, note: changed.note } : friend)),
  );
}
