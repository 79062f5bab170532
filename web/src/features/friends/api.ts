import { api } from '@/lib/api-client';
import type { Friend, FriendRequest, SearchResult } from '@/lib/types';

export const friendKeys = {
  list: ['friends'] as const,
  requests: ['friend-requests'] as const,
  search: (query: string) => ['user-search', query] as const,
};

export const getFriends = () => api<{ friends: Friend[] }>('GET', '/friends').then((body) => body.friends);

export const getFriendRequests = () =>
  api<{ incoming: FriendRequest[]; outgoing: FriendRequest[] }>('GET', '/friends/requests');

export const searchUsers = (q: string) =>
  api<{ users: SearchResult[] }>('GET', '/users/search', undefined, { q }).then((body) => body.users);

export const addFriend = (userId: number) =>
  api<{ request?: FriendRequest; friend?: Friend }>('POST', '/friends/add', { userId });

export const acceptRequest = (id: number) => api<{ friend: Friend }>('POST', `/friends/requests/${id}/accept`);

export const declineRequest = (id: number) => api<void>('POST', `/friends/requests/${id}/decline`);

export const setNote = (userId: number, note: string) =>
  api<{ friend: Friend }>('PUT', `/friends/${userId}/note`, { note });

export const removeFriend = (userId: number) => api<void>('DELETE', `/friends/${userId}`);
