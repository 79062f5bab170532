// The wire shapes of docs/api.md, as the server sends them.

export type Status = 'online' | 'away' | 'busy' | 'offline';

export interface User {
  id: number;
  woxlyId: string;
  username: string;
  avatarUrl: string | null;
  status: Status;
  email?: string;
  /** AUTH-10: a deleted account (its username is then "deleted user"): shown as such, translated. */
  deleted?: boolean;
}

export interface SearchResult extends User {
  isFriend: boolean;
  requestPending: boolean;
}

export interface Friend extends User {
  note: string | null;
  createdAt: string;
}

export interface FriendRequest {
  id: number;
  from: User;
  to: User;
  createdAt: string;
}

export type RoomKind = 'group' | 'direct';

export interface Room {
  id: number;
  /** `direct`: the one conversation of two friends (MSG-1); its name is not shown, the peer is. */
  kind: RoomKind;
  name: string;
  ownerId: number;
  isPrivate: boolean;
  maxParticipants: number | null;
  createdAt: string;
}

export type MembershipStatus = 'pending' | 'accepted' | 'declined';

/** What I may do in a room (QUALITY-2), as the server's one access rule decides it: the client renders
 * from it rather than working it out. */
export interface RoomPermissions {
  view: boolean;
  /** Read its messages and files, search them. */
  readHistory: boolean;
  /** Send, edit my messages, type, attach files: false in a direct conversation of ex-friends. */
  write: boolean;
  react: boolean;
  /** Be in its voice, and call from it. */
  voice: boolean;
  invite: boolean;
  join: boolean;
  decline: boolean;
  leave: boolean;
  /** Remove members, delete the room or anyone's message. */
  manage: boolean;
}

export interface MyRoom extends Room {
  myStatus: MembershipStatus;
  lastReadId: number;
  /** Others' messages after `lastReadId`, counted up to 100. */
  unreadCount: number;
  mentionCount: number;
  /** The other person of a direct conversation. */
  peer?: User;
  permissions: RoomPermissions;
}

export interface Participant extends User {
  roomStatus: MembershipStatus;
  isOnline: boolean;
  isInRoom: boolean;
  isSpeaking: boolean;
  isMuted: boolean;
  isDeafened: boolean;
}

export interface Message {
  id: number;
  roomId: number;
  content: string;
  timestamp: string;
  sender: User;
  nonce?: string | null;
  replyTo?: Quote;
  editedAt?: string;
  deleted?: boolean;
  reactions?: Reaction[];
  mentions?: number[];
  attachments?: Attachment[];
}

/** FILE-3: a file on a message; `contentType` is what its bytes are, sizes in bytes and pixels. */
export interface Attachment {
  id: number;
  name: string;
  contentType: string;
  kind: 'image' | 'audio' | 'video' | 'file';
  size: number;
  width?: number;
  height?: number;
}

/** The message a reply answers: its first line. */
export interface Quote {
  id: number;
  sender: User;
  content: string;
  deleted: boolean;
}

export interface Reaction {
  emoji: string;
  count: number;
  userIds: number[];
}

/** NOTIF-1: the kinds of notification, named as on the wire. */
export const notificationTypes = {
  friendRequest: 'friend-request',
  roomInvitation: 'room-invitation',
  incomingCall: 'incoming-call',
  missedCall: 'missed-call',
  message: 'message',
  mention: 'mention',
} as const;

export type NotificationType = (typeof notificationTypes)[keyof typeof notificationTypes];

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

export interface AppNotification {
  id: number;
  type: NotificationType;
  isRead: boolean;
  timestamp: string;
  from: User;
  room?: Room | null;
  message?: Message | null;
}

/** Every socket acknowledgement: `{ok: true, ...}` or `{ok: false, error, code}`. */
export type Ack<T> = ({ ok: true } & T) | { ok: false; error: string; code: string; retryAfterMs?: number };
