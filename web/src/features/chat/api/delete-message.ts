import { useMutation, useQueryClient } from '@tanstack/react-query';
import { clientEvents } from '@/lib/events';
import { toastProblem } from '@/lib/i18n';
import { socket } from '@/lib/socket';
import type { Message } from '@/lib/types';
import { replaceMessage } from './get-messages';

/** MSG-2: a deleted message keeps its place, without its text. */
export const asDeleted = (message: Message): Message => ({ ...message, content: '', deleted: true, reactions: [] });

export function useDeleteMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: Message) => socket.request(clientEvents.deleteMessage, { messageId: message.id }),
    onSuccess: (_, message) => replaceMessage(queryClient, asDeleted(message)),
    onError: toastProblem,
  });
}
