// The wire shapes of docs/api.md, as the server sends them: generated from the server's protocol crate
// into `wire.ts`; this module names them for the rest of the client and adds the client's own names.

import type { NotificationType } from './wire';

export type {
  AppNotification,
  Attachment,
  Friend,
  FriendRequest,
  MembershipStatus,
  Message,
  MyRoom,
  NotificationType,
  Participant,
  Quote,
  Reaction,
  Room,
  RoomKind,
  RoomPermissions,
  SearchUser,
  Status,
  User,
} from './wire';
export type { Ack } from './ack';

/** NOTIF-1: the kinds of notification, named as on the wire. */
export const notificationTypes = {
  friendRequest: 'friend-request',
  roomInvitation: 'room-invitation',
  incomingCall: 'incoming-call',
  missedCall: 'missed-call',
  message: 'message',
  mention: 'mention',
} as const satisfies Record<string, NotificationType>;


/** The name of each kind inside the client (translation keys, icons, sounds). */
export const notificationKindName = {
  [notificationTypes.friendRequest]: 'friendRequest',
  [notificationTypes.roomInvitation]: 'roomInvitation',
  [notificationTypes.incomingCall]: 'incomingCall',
  [notificationTypes.missedCall]: 'missedCall',
  [notificationTypes.message]: 'message',
  [notificationTypes.mention]: 'mention',
} as const satisfies Record<NotificationType, string>;

export type NotificationKindName = (typeof notificationKindName)[NotificationType];
