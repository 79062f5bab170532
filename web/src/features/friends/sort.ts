import type { Friend, Status } from '@/lib/types';

// FRIEND-4: groups in this order, by username inside each.
export const statusOrder: Status[] = ['online', 'busy', 'away', 'offline'];

export const byUsername = (a: { username: string }, b: { username: string }) =>
  a.username.localeCompare(b.username, undefined, { sensitivity: 'base' });

/** The friends list as shown: one group per status that has anyone, each sorted by username. */
export function groupFriends(friends: Friend[]): { status: Status; friends: Friend[] }[] {
  return statusOrder
    .map((status) => ({ status, friends: friends.filter((friend) => friend.status === status).sort(byUsername) }))
    .filter((group) => group.friends.length > 0);
}
