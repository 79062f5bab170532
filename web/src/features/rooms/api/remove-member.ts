import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';

export const removeMember = (id: number, userId: number) => api<void>('DELETE', `/rooms/${id}/members/${userId}`);

/** ROOM-3: the owner removes a member; the room's new membership arrives as `serverEvents.roomUpdated`. */
export const useRemoveMember = () =>
  useMutation({
    mutationFn: ({ roomId, userId }: { roomId: number; userId: number }) => removeMember(roomId, userId),
    onError: toastProblem,
  });
