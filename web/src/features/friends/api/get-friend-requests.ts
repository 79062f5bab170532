import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { FriendRequest } from '@/lib/types';
import { friendKeys } from '@/lib/query-keys';

export const getFriendRequests = () =>
  api<{ incoming: FriendRequest[]; outgoing: FriendRequest[] }>('GET', '/friends/requests');

/** FRIEND-2: requests to me and from me. */
export const useFriendRequests = () => useQuery({ queryKey: friendKeys.requests, queryFn: getFriendRequests });
