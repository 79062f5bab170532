import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Friend, FriendRequest, Status, User } from '@/lib/types';
import { useSocketEvent } from '@/lib/use-socket-event';
import { friendKeys, getFriendRequests, getFriends } from '../api';

export const useFriends = () => useQuery({ queryKey: friendKeys.list, queryFn: getFriends });

export const useFriendRequests = () => useQuery({ queryKey: friendKeys.requests, queryFn: getFriendRequests });

/** Keeps the friends list and requests live from the server's events (FRIEND-3, STATUS-3). */
export function useFriendEvents() {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: friendKeys.list });
    void queryClient.invalidateQueries({ queryKey: friendKeys.requests });
    void queryClient.invalidateQueries({ queryKey: ['user-search'] });
  };
  useSocketEvent<{ request: FriendRequest; from: User }>('friend-request', refresh);
  useSocketEvent<{ friend: Friend }>('friend-added', refresh);
  useSocketEvent<{ userId: number }>('friend-removed', refresh);
  useSocketEvent<{ userId: number; status: Status }>('friend-status-changed', ({ userId, status }) => {
    queryClient.setQueryData<Friend[]>(friendKeys.list, (friends) =>
      friends?.map((friend) => (friend.id === userId ? { ...friend, status } : friend)),
    );
  });
}
