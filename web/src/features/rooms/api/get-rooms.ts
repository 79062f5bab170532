import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { MyRoom } from '@/lib/types';
import { roomKeys } from '@/lib/query-keys';

export const getRooms = () => api<{ rooms: MyRoom[] }>('GET', '/rooms').then((body) => body.rooms);

/** ROOM-5: my rooms and invitations. */
export const useRooms = () => useQuery({ queryKey: roomKeys.list, queryFn: getRooms });
