import type { Participant } from '@/lib/types';

/** ROOM-4: speaking first, then those in the room, then by username. */
export function sortParticipants(participants: Participant[]): Participant[] {
  return [...participants].sort(
    (a, b) =>
      Number(b.isSpeaking) - Number(a.isSpeaking) ||
      Number(b.isInRoom) - Number(a.isInRoom) ||
      a.username.localeCompare(b.username, undefined, { sensitivity: 'base' }),
  );
}
