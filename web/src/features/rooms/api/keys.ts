/** The rooms' query keys. */
export const roomKeys = {
  list: ['rooms', 'list'] as const,
  details: ['rooms', 'detail'] as const,
  detail: (id: number) => ['rooms', 'detail', id] as const,
};
