import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { roomKeys } from '@/lib/query-keys';
import { clientEvents } from '@/lib/events';
import { toastProblem } from '@/lib/i18n';
import { socket } from '@/lib/socket';
import { joiningVoice } from '@/lib/voice-link';
import { stopRinging, type IncomingCall } from '../call-store';

export const acceptCall = (callerId: number, roomId: number) =>
  socket.request(clientEvents.acceptCall, { roomId, callerId });

export const declineCall = (callerId: number, roomId: number) =>
  socket.request(clientEvents.declineCall, { roomId, callerId });

/** CALL-2: the callee accepts (and goes into the call room's voice, now a member) or declines. */
export function useAnswerCall() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ call, accept }: { call: IncomingCall; accept: boolean }) => {
      stopRinging(call.room.id);
      return accept ? acceptCall(call.from.id, call.room.id) : declineCall(call.from.id, call.room.id);
    },
    onSuccess: async (_, { call, accept }) => {
      if (!accept) return;
      await queryClient.invalidateQueries({ queryKey: roomKeys.detail(call.room.id) });
      void queryClient.invalidateQueries({ queryKey: roomKeys.list });
      void navigate(`/rooms/${call.room.id}`, joiningVoice);
    },
    onError: toastProblem,
  });
}
