import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { SearchUser } from '@/lib/types';
import { friendKeys } from '@/lib/query-keys';

/** FRIEND-1: the server's shortest query. */
export const MIN_QUERY = 2;

export const searchUsers = (q: string) =>
  api<{ users: SearchUser[] }>('GET', '/users/search', undefined, { q }).then((body) => body.users);

export const useUserSearch = (query: string) =>
  useQuery({
    queryKey: friendKeys.search(query),
    queryFn: () => searchUsers(query),
    enabled: [...query].length >= MIN_QUERY,
    staleTime: 10_000,
  });
