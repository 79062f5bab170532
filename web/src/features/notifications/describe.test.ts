import { describe as suite, expect, it } from 'vitest';
import i18n from '@/lib/i18n';
import type { AppNotification, Room, User } from '@/lib/types';
import { describe } from './describe';

const anna: User = { id: 1, woxlyId: 'WX1001', username: 'anna', avatarUrl: null, status: 'online' };
const room = (kind: Room['kind'], name: string): Room => ({
  id: 5,
  kind,
  name,
  ownerId: 1,
  isPrivate: true,
  maxParticipants: null,
  createdAt: '2026-12-03T00:00:00Z',
});
const message = (r: Room): AppNotification => ({
  id: 9,
  type: 'message',
  isRead: false,
  timestamp: '2026-12-03T00:00:00Z',
  from: anna,
  room: r,
  message: { id: 3, roomId: r.id, content: 'hi', timestamp: '2026-12-03T00:00:00Z', sender: anna },
});

suite('describe', () => {
  it('names the room of a group message, and only the person for a direct one', async () => {
    await i18n.changeLanguage('en');
    expect(describe(message(room('group', 'Evening')))).toBe('anna in “Evening”: hi');
    expect(describe(message(room('direct', 'anna & boris')))).toBe('anna: hi');
  });

  it('names the files of a message that has no text', async () => {
    await i18n.changeLanguage('en');
    const photo = { id: 1, name: 'beach.jpg', contentType: 'image/jpeg', kind: 'image' as const, size: 10 };
    const notification = message(room('direct', 'anna & boris'));
    notification.message = { ...notification.message!, content: '', attachments: [photo] };
    expect(describe(notification)).toBe('anna: 📎 beach.jpg');
  });
});
