import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { Friend } from '@/lib/types';
import { friendKeys } from '@/lib/query-keys';

export const getFriends = () => api<{ friends: Friend[] }>('GET', '/friends').then((body) => body.friends);

/** FRIEND-4: my friends, kept live by `useFriendEvents`. */
export const useFriends = () => useQuery({ queryKey: friendKeys.list, queryFn: getFriends });
