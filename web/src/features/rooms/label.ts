import type { TFunction } from 'i18next';
import type { MyRoom } from '@/lib/wire';

/** A room named among others (a search result, the notification settings): a group room by its
 * name, a direct conversation as "Direct message with anna". */
export const roomLabel = (room: Pick<MyRoom, 'name' | 'peer'>, t: TFunction) =>
  room.peer ? t('rooms.directWith', { name: room.peer.username }) : room.name;
