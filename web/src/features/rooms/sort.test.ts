import type { Participant } from '@/lib/types';
import { sortParticipants } from './sort';

const participant = (username: string, state: Partial<Participant> = {}): Participant => ({
  id: username.length,
  username,
  woxlyId: 'WX1000',
  avatarUrl: null,
  status: 'online',
  roomStatus: 'accepted',
  isOnline: true,
  isInRoom: false,
  isSpeaking: false,
  isMuted: false,
  isDeafened: false,
  isCameraOn: false,
  isSharing: false,
  watching: null,
  ...state,
});

describe('ROOM-4 order', () => {
  it('puts speakers first, then those in the room, then everyone by name', () => {
    const sorted = sortParticipants([
      participant('zed'),
      participant('Yan', { isInRoom: true }),
      participant('bob', { isInRoom: true, isSpeaking: true }),
      participant('Amy'),
      participant('carl', { isInRoom: true }),
    ]);
    expect(sorted.map((p) => p.username)).toEqual(['bob', 'carl', 'Yan', 'Amy', 'zed']);
  });

  it('leaves the given list as it was', () => {
    const list = [participant('b'), participant('a')];
    sortParticipants(list);
    expect(list.map((p) => p.username)).toEqual(['b', 'a']);
  });
});
