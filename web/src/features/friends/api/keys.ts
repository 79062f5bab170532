/** The friends' query keys; every query and invalidation of friends data names them from here. */
export const friendKeys = {
  all: ['friends'] as const,
  list: ['friends', 'list'] as const,
  requests: ['friends', 'requests'] as const,
  blocked: ['friends', 'blocked'] as const,
  searches: ['friends', 'search'] as const,
  search: (query: string) => ['friends', 'search', query] as const,
};
