import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { toastProblem } from '@/lib/i18n';
import { notificationKeys } from '@/lib/query-keys';
import type { RoomNotifications, SetRoomNotifications } from '@/lib/wire';

/** NOTIF-4: what `roomId` tells me, as kept on the server. */
export function useRoomNotifications(roomId: number) {
  return useQuery({
    queryKey: notificationKeys.room(roomId),
    queryFn: () => api<RoomNotifications>('GET', `/rooms/${roomId}/notifications`),
  });
}

/** NOTIF-4: choose what `roomId` tells me. */
export function useChooseRoomNotifications(roomId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (choice: SetRoomNotifications) => api<RoomNotifications>('PUT', `/rooms/${roomId}/notifications`, choice),
    // The menu shows the level while it is saved (`usePendingChoice`); a read of the room's choices
    // still on its way must not land after the answer and undo it.
    onMutate: () => queryClient.cancelQueries({ queryKey: notificationKeys.room(roomId) }),
    onSuccess: (chosen) => queryClient.setQueryData(notificationKeys.room(roomId), chosen),
    onError: toastProblem,
  });
}
