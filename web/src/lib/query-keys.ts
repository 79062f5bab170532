// The query keys of data more than one feature reads or refreshes (rooms, friends, notifications):
// every query and invalidation names them from here.

/** Rooms: the list and each room's detail. */
export const roomKeys = {
  all: ['rooms'] as const,
  list: ['rooms', 'list'] as const,
  details: ['rooms', 'detail'] as const,
  detail: (id: number) => ['rooms', 'detail', id] as const,
};

/** Friends, requests, the people I blocked and user searches. */
export const friendKeys = {
  all: ['friends'] as const,
  list: ['friends', 'list'] as const,
  requests: ['friends', 'requests'] as const,
  blocked: ['friends', 'blocked'] as const,
  searches: ['friends', 'search'] as const,
  search: (query: string) => ['friends', 'search', query] as const,
};

/** Notifications. */
export const notificationKeys = {
  all: ['notifications'] as const,
  list: ['notifications', 'list'] as const,
  /** NOTIF-4: what one room tells me. */
  room: (roomId: number) => ['notifications', 'room', roomId] as const,
};
