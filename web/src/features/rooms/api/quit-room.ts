import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';
import { roomKeys } from '@/lib/query-keys';

export const leaveRoom = (id: number) => api<void>('POST', `/rooms/${id}/leave`);

export const deleteRoom = (id: number) => api<void>('DELETE', `/rooms/${id}`);

/** ROOM-3: a member leaves the room, or its owner deletes it; either way it is gone from my lists. */
export function useQuitRoom() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ roomId, how }: { roomId: number; how: 'leave' | 'delete' }) =>
      how === 'leave' ? leaveRoom(roomId) : deleteRoom(roomId),
    onSuccess: (_, { roomId }) => {
      queryClient.removeQueries({ queryKey: roomKeys.detail(roomId) });
      return queryClient.invalidateQueries({ queryKey: roomKeys.list });
    },
    onError: toastProblem,
  });
}
