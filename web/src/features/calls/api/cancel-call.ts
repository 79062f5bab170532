import { useMutation } from '@tanstack/react-query';
import { clientEvents } from '@/lib/events';
import { socket } from '@/lib/socket';
import type { OutgoingCall } from '../call-store';

export const cancelCall = (friendId: number, roomId: number) =>
  socket.request(clientEvents.cancelCall, { roomId, friendId });

/** CALL-3: the caller hangs up before an answer. A call that stopped ringing meanwhile (answered,
 * missed) is no error to show: the outcome arrives as its event. */
export const useCancelCall = () =>
  useMutation({ mutationFn: ({ friend, roomId }: OutgoingCall) => cancelCall(friend.id, roomId) });
