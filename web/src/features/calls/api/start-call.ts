import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useSession } from '@/lib/session';
import { roomKeys } from '@/lib/query-keys';
import { clientEvents } from '@/lib/events';
import { toastProblem } from '@/lib/i18n';
import { socket } from '@/lib/socket';
import type { User } from '@/lib/types';
import { joiningVoice } from '@/lib/voice-link';
import { setOutgoing, useCalls } from '../call-store';

/** CALL-1: rings a friend in our direct conversation (MSG-1), which the server finds or makes. */
export const callFriend = (friendId: number) => socket.request(clientEvents.callFriend, { friendId });

/** "Call" on a friend: into the call room's voice, ringing them; the calling screen shows the rest. */
export function useStartCall() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useSession((state) => state.user);
  return useMutation({
    mutationFn: async (friend: User) => {
      if (!me || useCalls.getState().outgoing) return null;
      return callFriend(friend.id);
    },
    onSuccess: (answer, friend) => {
      if (!answer) return;
      setOutgoing({ friend, roomId: answer.roomId, phase: answer.state === 'missed' ? 'offline' : 'ringing' });
      void navigate(`/rooms/${answer.roomId}`, joiningVoice);
      return queryClient.invalidateQueries({ queryKey: roomKeys.list });
    },
    onError: toastProblem,
  });
}
