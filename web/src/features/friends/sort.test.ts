import type { Friend, Status } from '@/lib/types';
import { groupFriends } from './sort';

const friend = (id: number, username: string, status: Status): Friend => ({
  id,
  username,
  status,
  woxlyId: `WX${1000 + id}`,
  avatarUrl: null,
  note: '',
  createdAt: '2026-01-01T00:00:00Z',
});

describe('FRIEND-4 grouping', () => {
  it('groups online, busy, away, offline, sorted by name without regard to case; empty groups left out', () => {
    const groups = groupFriends([
      friend(1, 'zoe', 'online'),
      friend(2, 'Boris', 'offline'),
      friend(3, 'anna', 'online'),
      friend(4, 'Вера', 'busy'),
      friend(5, 'alex', 'offline'),
      friend(6, 'Bob', 'online'),
    ]);
    expect(groups.map((g) => [g.status, g.friends.map((f) => f.username)])).toEqual([
      ['online', ['anna', 'Bob', 'zoe']],
      ['busy', ['Вера']],
      ['offline', ['alex', 'Boris']],
    ]);
  });
});
