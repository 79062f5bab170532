import { useQuery } from '@tanstack/react-query';
import { api, isRefusal } from '@/lib/api-client';
import type { RoomDetail } from '@/lib/events';
import { roomKeys } from '@/lib/query-keys';

export const getRoom = (id: number) => api<RoomDetail>('GET', `/rooms/${id}`);

/** A room and its participants, kept live by `useRoomEvents`. A refusal is final; a failure that may
 * pass (no connection, a restarting server) is tried again. */
export const useRoom = (id: number) =>
  useQuery({ ...roomQuery(id), retry: (failures, error) => !isRefusal(error) && failures < 3 });

/** What a room's query is, for `useRoom` and for fetching it ahead (the room list on hover). */
export const roomQuery = (id: number) => ({ queryKey: roomKeys.detail(id), queryFn: () => getRoom(id) });
