import { useCallback, useEffect, useRef, useState } from 'react';
import { clientEvents, serverEvents } from '@/lib/events';
import { socket } from '@/lib/socket';
import { useSocketEvent } from '@/lib/use-socket-event';

/** While typing, a signal at most this often. */
const SEND_EVERY_MS = 3000;
/** A typist is shown this long after their last signal. */
const SHOW_FOR_MS = 5000;

interface Typist {
  userId: number;
  name: string;
  until: number;
}

/** MSG-5: who else is typing in the room, and `typed()` to tell them I am. A typist is dropped after
 * 5 s without a signal, or as soon as their message arrives. */
export function useTyping(roomId: number, myId: number) {
  const [typists, setTypists] = useState<Typist[]>([]);
  const lastSent = useRef(0);

  useEffect(() => {
    setTypists([]);
    lastSent.current = 0;
  }, [roomId]);

  useEffect(() => {
    if (typists.length === 0) return;
    const next = Math.min(...typists.map((t) => t.until)) - Date.now();
    const timer = setTimeout(() => setTypists((list) => list.filter((t) => t.until > Date.now())), Math.max(next, 0));
    return () => clearTimeout(timer);
  }, [typists]);

  useSocketEvent(serverEvents.userTyping, (event) => {
    if (event.roomId !== roomId || event.userId === myId) return;
    const typist = { userId: event.userId, name: event.username, until: Date.now() + SHOW_FOR_MS };
    setTypists((list) => [...list.filter((t) => t.userId !== event.userId), typist]);
  });
  useSocketEvent(serverEvents.newMessage, (message) => {
    if (message.roomId === roomId) setTypists((list) => list.filter((t) => t.userId !== message.sender.id));
  });

  const typed = useCallback(() => {
    const now = Date.now();
    if (now - lastSent.current < SEND_EVERY_MS) return;
    lastSent.current = now;
    void socket.emit(clientEvents.typing, { roomId }).catch(() => undefined);
  }, [roomId]);

  /** After sending, the next keystroke signals again at once. */
  const sent = useCallback(() => {
    lastSent.current = 0;
  }, []);

  return { names: typists.map((t) => t.name), typed, sent };
}
