import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { AppNotification } from '@/lib/types';
import { addPushedNotification } from './get-notifications';
import { notificationKeys } from '@/lib/query-keys';

const anna = { id: 1, woxlyId: 'WX1001', username: 'anna', avatarUrl: null, status: 'online' as const };
const pushed: AppNotification = { id: 9, type: 'message', isRead: false, timestamp: '2026-12-04T00:00:00Z', from: anna };

describe('addPushedNotification', () => {
  it('keeps a notification pushed while the list is being read, though that read was made before it', async () => {
    const queryClient = new QueryClient();
    // The server's list: the first read is held and answers as it was before the push.
    const onServer: AppNotification[] = [];
    let answerFirstRead = (_: AppNotification[]) => {};
    let reads = 0;
    const queryFn = () => {
      reads += 1;
      if (reads === 1) return new Promise<AppNotification[]>((answer) => (answerFirstRead = answer));
      return Promise.resolve([...onServer]);
    };
    const bell = new QueryObserver(queryClient, { queryKey: notificationKeys.list, queryFn });
    const shown: (AppNotification[] | undefined)[] = [];
    const stop = bell.subscribe((result) => shown.push(result.data));

    onServer.push(pushed);
    addPushedNotification(queryClient, pushed);
    answerFirstRead([]);

    await expect.poll(() => reads).toBe(2);
    await expect.poll(() => queryClient.isFetching({ queryKey: notificationKeys.list })).toBe(0);
    expect(queryClient.getQueryData(notificationKeys.list)).toEqual([pushed]);
    expect(shown).not.toContainEqual([]);
    stop();
  });

  it('replaces a room notification updated in place, and reads nothing again when no read is on its way', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(notificationKeys.list, [{ ...pushed, timestamp: 'earlier' }]);
    addPushedNotification(queryClient, pushed);
    expect(queryClient.getQueryData(notificationKeys.list)).toEqual([pushed]);
    expect(queryClient.isFetching()).toBe(0);
  });
});
