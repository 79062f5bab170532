import { useMutation, useQueryClient } from '@tanstack/react-query';
import { clientEvents } from '@/lib/events';
import { toastProblem } from '@/lib/i18n';
import { socket } from '@/lib/socket';
import { replaceMessage } from './get-messages';

/** MSG-2: my message with a new text; the room hears `message-updated`. */
export const editMessage = (messageId: number, content: string) =>
  socket.request(clientEvents.editMessage, { messageId, content }).then((answer) => answer.message);

export function useEditMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId, content }: { messageId: number; content: string }) => editMessage(messageId, content),
    onSuccess: (message) => replaceMessage(queryClient, message),
    onError: toastProblem,
  });
}
