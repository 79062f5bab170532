import { clientEvents } from '@/lib/events';
import { socket } from '@/lib/socket';

type Send = (roomId: number, messageId: number) => Promise<unknown>;

/** One read mark per room in flight: marks made meanwhile wait, and only the newest of them goes
 * when the answer comes. A flood of messages read as they arrive then costs one event per round
 * trip, not one per message: each mark is a write and a `room-read` to every tab, and counts against
 * the same event budget as my own messages. */
export function oneMarkInFlight(send: Send) {
  // Per room with a mark in flight: the newest mark waiting for it (0: none).
  const waiting = new Map<number, number>();
  async function deliver(roomId: number, messageId: number) {
    // Best effort: a refused or lost mark does not hold back the next one.
    await send(roomId, messageId).catch(() => undefined);
    const next = waiting.get(roomId) ?? 0;
    if (next > messageId) {
      waiting.set(roomId, 0);
      return deliver(roomId, next);
    }
    waiting.delete(roomId);
  }
  return (roomId: number, messageId: number) => {
    const queued = waiting.get(roomId);
    if (queued === undefined) {
      waiting.set(roomId, 0);
      void deliver(roomId, messageId);
    } else {
      waiting.set(roomId, Math.max(queued, messageId));
    }
  };
}

/** MSG-5: I have read the room up to `messageId`; every tab of mine hears `room-read`. Best effort:
 * a lost one is sent again with the next message read. */
export const markRead = oneMarkInFlight((roomId, messageId) =>
  socket.emit(clientEvents.markRead, { roomId, messageId }),
);
