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
    // The level shows as chosen at once (also before the room's choices were read: their answer, on
    // its way, must not undo it); the mute's end is the server's to say.
    onMutate: async (choice) => {
      const key = notificationKeys.room(roomId);
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<RoomNotifications>(key);
      const shown = before ?? { level: choice.level, mutedUntil: null, mutedForever: false };
      queryClient.setQueryData<RoomNotifications>(key, { ...shown, level: choice.level });
      return { before };
    },
    onSuccess: (chosen) => queryClient.setQueryData(notificationKeys.room(roomId), chosen),
    onError: (error, _, context) => {
      if (context?.before) queryClient.setQueryData(notificationKeys.room(roomId), context.before);
      toastProblem(error);
    },
  });
}
