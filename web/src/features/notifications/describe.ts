import i18n from '@/lib/i18n';
import { notificationKindName, notificationTypes, type AppNotification } from '@/lib/types';

/** The sentence a notification reads as, in the UI language. */
export function describe(notification: AppNotification): string {
  // A message in a direct conversation needs no room name: it is from the person it is with (MSG-1).
  const direct = notification.type === notificationTypes.message && notification.room?.kind === 'direct';
  return i18n.t(`notifications.kind.${direct ? 'directMessage' : notificationKindName[notification.type]}`, {
    name: notification.from.username,
    room: notification.room?.name ?? '',
    text: messageText(notification),
  });
}

/** A message's text, or for one with only files their names (FILE-1). */
function messageText(notification: AppNotification): string {
  const message = notification.message;
  if (!message) return '';
  if (message.content.trim() || !message.attachments?.length) return message.content;
  return `📎 ${message.attachments.map((a) => a.name).join(', ')}`;
}

/** Where "Open" takes you: the requests tab, or the room the notification is about. */
export function target(notification: AppNotification): string {
  if (notification.type === notificationTypes.friendRequest) return '/?tab=requests';
  return notification.room ? `/rooms/${notification.room.id}` : '/';
}
