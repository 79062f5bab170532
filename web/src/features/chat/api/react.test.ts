import { describe, expect, it } from 'vitest';
import type { Message } from '@/lib/types';
import { withReaction } from './react';

const anna = { id: 1, woxlyId: 'WX1001', username: 'anna', avatarUrl: null, status: 'online' as const };
const message: Message = { id: 3, roomId: 7, content: 'hi', timestamp: '2026-12-03T00:00:00Z', sender: anna };

describe('withReaction', () => {
  it('adds once, keeps each emoji in its place, and drops one nobody reacts with', () => {
    const thumbs = withReaction(message, '👍', 1, true);
    const both = withReaction(withReaction(thumbs, '🎉', 2, true), '👍', 2, true);
    expect(withReaction(both, '👍', 2, true)).toEqual(both);
    expect(both.reactions).toEqual([
      { emoji: '👍', count: 2, userIds: [1, 2] },
      { emoji: '🎉', count: 1, userIds: [2] },
    ]);
    expect(withReaction(both, '🎉', 2, false).reactions).toEqual([{ emoji: '👍', count: 2, userIds: [1, 2] }]);
    expect(withReaction(message, '🔥', 2, false).reactions).toEqual([]);
  });
});
