import { useMutation, useQueryClient } from '@tanstack/react-query';
import { clientEvents } from '@/lib/events';
import { toastProblem } from '@/lib/i18n';
import { socket } from '@/lib/socket';
import type { Message } from '@/lib/types';
import { updateMessage } from './get-messages';

/** MSG-4: `userId` added or took back `emoji` on a message (idempotent, as on the server). */
export function withReaction(message: Message, emoji: string, userId: number, add: boolean): Message {
  const others = (message.reactions ?? []).filter((r) => r.emoji !== emoji);
  const current = message.reactions?.find((r) => r.emoji === emoji)?.userIds ?? [];
  const userIds = add ? [...current.filter((id) => id !== userId), userId] : current.filter((id) => id !== userId);
  if (userIds.length === 0) return { ...message, reactions: others };
  const reaction = { emoji, count: userIds.length, userIds };
  const at = message.reactions?.findIndex((r) => r.emoji === emoji) ?? -1;
  const reactions = [...others];
  reactions.splice(at < 0 ? reactions.length : at, 0, reaction);
  return { ...message, reactions };
}

/** Adds my reaction, or takes it back when it is there. */
export function useToggleReaction(myId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ message, emoji }: { message: Message; emoji: string }) => {
      const mine = message.reactions?.some((r) => r.emoji === emoji && r.userIds.includes(myId)) ?? false;
      const event = mine ? clientEvents.removeReaction : clientEvents.addReaction;
      return socket.request(event, { messageId: message.id, emoji }).then(() => !mine);
    },
    onSuccess: (added, { message, emoji }) =>
      updateMessage(queryClient, message.roomId, message.id, (m) => withReaction(m, emoji, myId, added)),
    onError: toastProblem,
  });
}
