import type { Message } from '@/lib/types';
import { chatItems, draftError, mergeMessages, quotePreview } from './messages';

const anna = { id: 1, woxlyId: 'WX1001', username: 'anna', avatarUrl: null, status: 'online' as const };
const boris = { ...anna, id: 2, woxlyId: 'WX1002', username: 'boris' };

function message(id: number, sender: typeof anna, time: string): Message {
  return { id, roomId: 7, content: `m${id}`, timestamp: new Date(time).toISOString(), sender };
}

describe('merging pages, events and acks', () => {
  it('keeps each message once, in id order', () => {
    const page = [message(3, anna, '2026-03-01T10:00'), message(4, anna, '2026-03-01T10:01')];
    const merged = mergeMessages(page, [message(4, anna, '2026-03-01T10:01'), message(5, boris, '2026-03-01T10:02')]);
    expect(merged.map((m) => m.id)).toEqual([3, 4, 5]);
    expect(mergeMessages([message(9, anna, '2026-03-01T10:00')], page).map((m) => m.id)).toEqual([3, 4, 9]);
  });
});

describe('CHAT-3 display', () => {
  it('starts a sender’s group only on a new sender, after 5 minutes, or on a new day', () => {
    const items = chatItems([
      message(1, anna, '2026-03-01T10:00:00'),
      message(2, anna, '2026-03-01T10:04:59'), // same sender within 5 min: grouped
      message(3, anna, '2026-03-01T10:10:00'), // more than 5 min later: new group
      message(4, boris, '2026-03-01T10:10:30'), // another sender
      message(5, boris, '2026-03-02T10:10:40'), // another day
    ]);
    expect(items.map((item) => (item.kind === 'day' ? 'day' : `${item.message.id}${item.startsGroup ? '*' : ''}`))).toEqual([
      'day',
      '1*',
      '2',
      '3*',
      '4*',
      'day',
      '5*',
    ]);
  });

  it('has nothing to show for no messages', () => {
    expect(chatItems([])).toEqual([]);
  });
});

describe('CHAT-1 drafts', () => {
  it('refuses empty, blank and over-2000-character messages', () => {
    expect(draftError('')).toBe('message_empty');
    expect(draftError(' \n\t ')).toBe('message_empty');
    expect(draftError('ы'.repeat(2000))).toBeNull();
    expect(draftError('😀'.repeat(2000))).toBeNull(); // characters, not UTF-16 units
    expect(draftError('x'.repeat(2001))).toBe('message_too_long');
  });
});

describe('quotePreview', () => {
  it('is the first line, cut short as the server cuts it', () => {
    expect(quotePreview('\n  hello there \nsecond')).toBe('hello there');
    const long = quotePreview('ж'.repeat(500));
    expect([...long]).toHaveLength(120);
    expect(long.endsWith('…')).toBe(true);
  });
});
