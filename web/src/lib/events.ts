// The Socket.IO vocabulary of docs/api.md: every event's name, written once here, and its payload and
// acknowledgement, as the typed-socket maps of socket.io-client. The rest of the client names events
// only through `serverEvents` and `clientEvents`, so the compiler checks every `on` and `emit`.

import type {
  Ack,
  AppNotification,
  Friend,
  FriendRequest,
  Message,
  Participant,
  Room,
  RoomPermissions,
  Status,
  User,
} from './types';

/** Server → client. */
export const serverEvents = {
  friendRequest: 'friend-request',
  friendAdded: 'friend-added',
  friendRemoved: 'friend-removed',
  friendStatusChanged: 'friend-status-changed',
  notification: 'notification',
  roomInvitation: 'room-invitation',
  roomUpdated: 'room-updated',
  roomRemoved: 'room-removed',
  roomDeleted: 'room-deleted',
  userJoinedRoom: 'user-joined-room',
  userLeftRoom: 'user-left-room',
  userSpeaking: 'user-speaking',
  userMicToggle: 'user-mic-toggle',
  userDeafenToggle: 'user-deafen-toggle',
  newMessage: 'new-message',
  messageUpdated: 'message-updated',
  messageDeleted: 'message-deleted',
  reactionAdded: 'reaction-added',
  reactionRemoved: 'reaction-removed',
  userTyping: 'user-typing',
  roomRead: 'room-read',
  incomingCall: 'incoming-call',
  callAccepted: 'call-accepted',
  callDeclined: 'call-declined',
  callCancelled: 'call-cancelled',
  callMissed: 'call-missed',
  webrtcOffer: 'webrtc-offer',
  webrtcAnswer: 'webrtc-answer',
  iceCandidate: 'ice-candidate',
} as const;

/** Client → server. */
export const clientEvents = {
  statusChange: 'status-change',
  joinRoom: 'join-room',
  leaveRoom: 'leave-room',
  webrtcOffer: 'webrtc-offer',
  webrtcAnswer: 'webrtc-answer',
  iceCandidate: 'ice-candidate',
  startSpeaking: 'start-speaking',
  stopSpeaking: 'stop-speaking',
  micToggle: 'mic-toggle',
  deafenToggle: 'deafen-toggle',
  sendMessage: 'send-message',
  editMessage: 'edit-message',
  deleteMessage: 'delete-message',
  addReaction: 'add-reaction',
  removeReaction: 'remove-reaction',
  typing: 'typing',
  markRead: 'mark-read',
  callFriend: 'call-friend',
  acceptCall: 'accept-call',
  declineCall: 'decline-call',
  cancelCall: 'cancel-call',
} as const;

/** The WebRTC signals, relayed both ways under the same names. */
export type SignalKind = typeof clientEvents.webrtcOffer | typeof clientEvents.webrtcAnswer | typeof clientEvents.iceCandidate;

/** What travels inside `offer`, `answer` and `candidate`: the WebRTC object plus the two negotiation
 * sessions (the sender's and the one it is meant for). */
export type SignalBody = (RTCSessionDescriptionInit | RTCIceCandidateInit) & { session?: string; target?: string | null };

/** `join-room`'s answer: the room and its participants. */
export interface JoinedRoom {
  room: Room;
  participants: Participant[];
}

/** A room as I see it (`GET /api/rooms/:id`, join, `room-updated`): also what I may do in it. */
export interface RoomDetail extends JoinedRoom {
  permissions: RoomPermissions;
}
export interface RoomRef {
  roomId: number;
}
export interface UserInRoom {
  userId: number;
  roomId: number;
}
export interface MessageRef {
  messageId: number;
  roomId: number;
}
export type ReactionEvent = MessageRef & { emoji: string; userId: number };
export interface RoomRead {
  roomId: number;
  lastReadId: number;
}
/** `call-accepted`, `-declined`, `-cancelled`, `-missed`: `userId` is who acted. */
export type CallOutcome = UserInRoom;
export type RelayedSignal = { from: number; roomId: number } & Partial<Record<'offer' | 'answer' | 'candidate', SignalBody>>;
export type Signal = { to: number; roomId: number | null } & Partial<Record<'offer' | 'answer' | 'candidate', SignalBody>>;

export type ServerToClientEvents = {
  [serverEvents.friendRequest]: (event: { request: FriendRequest; from: User }) => void;
  [serverEvents.friendAdded]: (event: { friend: Friend }) => void;
  [serverEvents.friendRemoved]: (event: { userId: number }) => void;
  [serverEvents.friendStatusChanged]: (event: { userId: number; status: Status }) => void;
  [serverEvents.notification]: (notification: AppNotification) => void;
  [serverEvents.roomInvitation]: (event: { from: User; room: Room }) => void;
  [serverEvents.roomUpdated]: (detail: RoomDetail) => void;
  [serverEvents.roomRemoved]: (event: RoomRef) => void;
  [serverEvents.roomDeleted]: (event: RoomRef) => void;
  [serverEvents.userJoinedRoom]: (event: UserInRoom & { participant: Participant }) => void;
  [serverEvents.userLeftRoom]: (event: UserInRoom) => void;
  [serverEvents.userSpeaking]: (event: UserInRoom & { isSpeaking: boolean }) => void;
  [serverEvents.userMicToggle]: (event: UserInRoom & { isMuted: boolean }) => void;
  [serverEvents.userDeafenToggle]: (event: UserInRoom & { isDeafened: boolean }) => void;
  [serverEvents.newMessage]: (message: Message) => void;
  [serverEvents.messageUpdated]: (message: Message) => void;
  [serverEvents.messageDeleted]: (event: MessageRef) => void;
  [serverEvents.reactionAdded]: (event: ReactionEvent) => void;
  [serverEvents.reactionRemoved]: (event: ReactionEvent) => void;
  [serverEvents.userTyping]: (event: { roomId: number; userId: number; username: string }) => void;
  [serverEvents.roomRead]: (event: RoomRead) => void;
  [serverEvents.incomingCall]: (event: { from: User; room: Room }) => void;
  [serverEvents.callAccepted]: (event: CallOutcome) => void;
  [serverEvents.callDeclined]: (event: CallOutcome) => void;
  [serverEvents.callCancelled]: (event: CallOutcome) => void;
  [serverEvents.callMissed]: (event: CallOutcome) => void;
  [serverEvents.webrtcOffer]: (signal: RelayedSignal) => void;
  [serverEvents.webrtcAnswer]: (signal: RelayedSignal) => void;
  [serverEvents.iceCandidate]: (signal: RelayedSignal) => void;
};

/** An event the server acknowledges with `{ok: true} & A` or an error. */
type WithAck<P, A = object> = (payload: P, ack: (answer: Ack<A>) => void) => void;
type LiveState = { isSpeaking: boolean; isMuted: boolean; isDeafened: boolean };

export type ClientToServerEvents = {
  [clientEvents.statusChange]: WithAck<{ status: Status }, { status: Status }>;
  [clientEvents.joinRoom]: WithAck<number, JoinedRoom>;
  [clientEvents.leaveRoom]: WithAck<number>;
  [clientEvents.webrtcOffer]: WithAck<Signal>;
  [clientEvents.webrtcAnswer]: WithAck<Signal>;
  [clientEvents.iceCandidate]: WithAck<Signal>;
  [clientEvents.startSpeaking]: WithAck<RoomRef, LiveState>;
  [clientEvents.stopSpeaking]: WithAck<RoomRef, LiveState>;
  [clientEvents.micToggle]: WithAck<RoomRef & { isMuted: boolean }, LiveState>;
  [clientEvents.deafenToggle]: WithAck<RoomRef & { isDeafened: boolean }, LiveState>;
  [clientEvents.sendMessage]: WithAck<
    { roomId: number; content: string; nonce: string; replyTo?: number; attachmentIds?: number[] },
    { message: Message }
  >;
  [clientEvents.editMessage]: WithAck<{ messageId: number; content: string }, { message: Message }>;
  [clientEvents.deleteMessage]: WithAck<{ messageId: number }>;
  [clientEvents.addReaction]: WithAck<{ messageId: number; emoji: string }>;
  [clientEvents.removeReaction]: WithAck<{ messageId: number; emoji: string }>;
  [clientEvents.typing]: WithAck<RoomRef>;
  [clientEvents.markRead]: WithAck<RoomRef & { messageId: number }, RoomRead>;
  /** Without `roomId`, the call is in the two friends' direct conversation, which the ack names. */
  [clientEvents.callFriend]: WithAck<{ friendId: number; roomId?: number }, { state: 'ringing' | 'missed'; roomId: number }>;
  [clientEvents.acceptCall]: WithAck<{ roomId: number; callerId: number }>;
  [clientEvents.declineCall]: WithAck<{ roomId: number; callerId: number }>;
  [clientEvents.cancelCall]: WithAck<{ roomId: number; friendId: number }>;
};

export type ServerEventName = keyof ServerToClientEvents;
export type PayloadOf<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];
