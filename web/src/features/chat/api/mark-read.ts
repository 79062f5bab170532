import { clientEvents } from '@/lib/events';
import { socket } from '@/lib/socket';

/** MSG-5: I have read the room up to `messageId`; every tab of mine hears `room-read`. Best effort:
 * a lost one is sent again with the next message read. */
export const markRead = (roomId: number, messageId: number) =>
  socket.emit(clientEvents.markRead, { roomId, messageId }).catch(() => undefined);
