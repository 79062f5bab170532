import { useMutation, useQueryClient } from '@tanstack/react-query';
import { clientEvents } from '@/lib/events';
import { toastProblem } from '@/lib/i18n';
import { socket } from '@/lib/socket';
import type { Message } from '@/lib/types';
import { updateMessage } from './get-messages';

/** MSG-4: `userId` added or took back `emoji` on a message (idempotent, as on the server); an emoji
 * keeps its place, a new one goes last, and one nobody reacts with any more is dropped. */
export function withReaction(message: Message, emoji: string, userId: number, add: boolean): Message {
  const reactions = message.reactions ?? [];
  const others = reactions.find((r) => r.emoji === emoji)?.userIds.filter((id) => id !== userId) ?? [];
  const userIds = add ? [...others, userId] : others;
  const changed = { emoji, count: userIds.length, userIds };
  const listed = reactions.some((r) => r.emoji === emoji);
  const next = listed ? reactions.map((r) => (r.emoji === emoji ? changed : r)) : [...reactions, changed];
  return { ...message, reactions: next.filter((r) => r.count > 0) };
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
