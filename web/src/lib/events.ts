// The Socket.IO vocabulary of docs/api.md. The typed-socket maps of socket.io-client (every event's name,
// payload and acknowledgement) are generated from the server's protocol crate into `wire.ts`; here each
// event gets the name the client code uses, checked against those maps both ways, so the compiler checks
// every `on` and `emit`.

import type { ClientToServerEvents, ServerToClientEvents } from './wire';

/** Server → client. */
export const serverEvents = {
  friendRequest: 'friend-request',
  friendAdded: 'friend-added',
  friendRemoved: 'friend-removed',
  friendStatusChanged: 'friend-status-changed',
  friendNoteChanged: 'friend-note-changed',
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
  userCameraToggle: 'user-camera-toggle',
  userShareToggle: 'user-share-toggle',
  userWatchShare: 'user-watch-share',
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
  e2eeKey: 'e2ee-key',
  mediaOffer: 'media-offer',
} as const satisfies Record<string, keyof ServerToClientEvents>;

/** Client → server. */
export const clientEvents = {
  statusChange: 'status-change',
  joinRoom: 'join-room',
  openRoom: 'open-room',
  leaveRoom: 'leave-room',
  webrtcOffer: 'webrtc-offer',
  webrtcAnswer: 'webrtc-answer',
  iceCandidate: 'ice-candidate',
  e2eeKey: 'e2ee-key',
  startSpeaking: 'start-speaking',
  stopSpeaking: 'stop-speaking',
  micToggle: 'mic-toggle',
  deafenToggle: 'deafen-toggle',
  cameraToggle: 'camera-toggle',
  shareToggle: 'share-toggle',
  watchShare: 'watch-share',
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
  mediaPublish: 'media-publish',
  mediaAnswer: 'media-answer',
  mediaView: 'media-view',
} as const satisfies Record<string, keyof ClientToServerEvents>;

/** Every event of the protocol has its name here (the `satisfies` above checks the other way). */
type Unnamed<Events, Names> = Exclude<keyof Events, Names[keyof Names]>;
export const everyEventNamed: [Unnamed<ServerToClientEvents, typeof serverEvents>, Unnamed<ClientToServerEvents, typeof clientEvents>] extends [never, never] ? true : never = true;

/** The WebRTC signals, relayed both ways under the same names. */
export type SignalKind = typeof clientEvents.webrtcOffer | typeof clientEvents.webrtcAnswer | typeof clientEvents.iceCandidate;

export type {
  CallEvent,
  ClientToServerEvents,
  JoinRoomAck,
  MediaOfferEvent,
  RelayedSignal,
  RoomDetail,
  RoomRef,
  ServerToClientEvents,
  Signal,
} from './wire';
export type { SignalBody } from './signal-body';

export type ServerEventName = keyof ServerToClientEvents;
export type PayloadOf<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];
