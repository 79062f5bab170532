import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { clientEvents } from '@/lib/events';
import { toastProblem } from '@/lib/i18n';
import { socket } from '@/lib/socket';
import type { Message } from '@/lib/types';
import { updateMessages } from './get-messages';

/** MSG-2: a deleted message keeps its place, without its text; the replies loaded quote it as deleted,
 * whether it is loaded itself or not. */
export function markDeleted(queryClient: QueryClient, roomId: number, messageId: number) {
  updateMessages(queryClient, roomId, (m) => {
    if (m.id === messageId) return { ...m, content: '', deleted: true, reactions: [] };
    return m.replyTo?.id === messageId ? { ...m, replyTo: { ...m.replyTo, content: '', deleted: true } } : m;
  });
}

export function useDeleteMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: Message) => socket.request(clientEvents.deleteMessage, { messageId: message.id }),
    onSuccess: (_, message) => markDeleted(queryClient, message.roomId, message.id),
    onError: toastProblem,
  });
}
