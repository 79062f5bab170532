import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { Room } from '@/lib/types';
import { roomKeys } from '@/lib/query-keys';

export interface NewRoom {
  name: string;
  isPrivate: boolean;
  invitedFriends: number[];
  maxParticipants?: number;
}

export const createRoom = (body: NewRoom) => api<{ room: Room }>('POST', '/rooms', body).then((answer) => answer.room);

/** ROOM-1. Its errors belong next to the form's name field, not in a toast: the form shows them. */
export function useCreateRoom() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createRoom,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: roomKeys.list }),
  });
}
