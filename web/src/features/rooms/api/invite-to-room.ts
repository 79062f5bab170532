import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';
import type { Participant } from '@/lib/types';
import { roomKeys } from '@/lib/query-keys';

export const inviteToRoom = (id: number, userIds: number[]) =>
  api<{ participants: Participant[] }>('POST', `/rooms/${id}/invite`, { userIds });

/** ROOM-3: members invite more friends. */
export function useInviteToRoom() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ roomId, userIds }: { roomId: number; userIds: number[] }) => inviteToRoom(roomId, userIds),
    onSuccess: (_, { roomId }) => queryClient.invalidateQueries({ queryKey: roomKeys.detail(roomId) }),
    onError: toastProblem,
  });
}
