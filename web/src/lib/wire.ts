// Generated from crates/protocol by its `typescript` test: do not edit. After changing the wire
// types, run `WOXLY_REGENERATE=1 cargo test -p woxly-protocol typescript` and commit the result.

import type { Ack } from './ack';
import type { SignalBody } from './signal-body';

/**
 * A refused event's acknowledgement.
 */
export type AckError = { ok: boolean, error: string, code: ErrorCode, 
/**
 * Milliseconds to wait, on `rate_limited` only.
 */
retryAfterMs?: number, 
/**
 * The limit exceeded, on the codes REST answers with `413` (too many files on a message).
 */
limit?: number, };

/**
 * `accept-call` / `decline-call` `{roomId, callerId}`.
 */
export type AnswerCall = { roomId: number, callerId: number, };

export type AppNotification = { id: number, type: NotificationType, isRead: boolean, timestamp: string, from: User, room?: Room, message?: Message, };

/**
 * `{id, name, contentType, kind: image|audio|video|file, size, width?, height?}`.
 */
export type Attachment = { id: number, name: string, contentType: string, kind: AttachmentKind, size: number, width?: number, height?: number, };

/**
 * How a file is shown: a thumbnail, a player, or a card to download.
 */
export type AttachmentKind = "image" | "audio" | "video" | "file";

/**
 * `GET /api/attachments/:id`: the attachment and links to it, signed for the caller, valid until
 * `expiresAt`. `thumbnailUrl` for images only.
 */
export type AttachmentLinks = { attachment: Attachment, url: string, thumbnailUrl?: string, expiresAt: string, };

/**
 * `call-friend` acknowledgement: `{ok: true, state: "ringing" | "missed", roomId}`.
 */
export type CallAck = { ok: boolean, state: CallState, roomId: number, };

/**
 * `call-accepted`, `call-declined`, `call-cancelled`, `call-missed`: `{userId, roomId}`.
 */
export type CallEvent = { userId: number, roomId: number, };

/**
 * `call-friend {friendId, roomId?}`: without `roomId`, the call is in the two friends' call room.
 */
export type CallFriend = { friendId: number, roomId?: number, };

/**
 * What `call-friend` led to.
 */
export type CallState = "ringing" | "missed";

/**
 * `camera-toggle` payload (VIDEO-1).
 */
export type CameraTogglePayload = { roomId: number, isCameraOn: boolean, };

/**
 * `cancel-call {roomId, friendId}`.
 */
export type CancelCall = { friendId: number, roomId: number, };

export type DeafenTogglePayload = { roomId: number, isDeafened: boolean, };

/**
 * The body of `e2ee-key` (VOICE-15): the sender's identity key and, once they know the receiver's,
 * their media key wrapped for the receiver alone. The server relays it as it is: it cannot unwrap the
 * key, and a substituted identity changes the room's safety code.
 */
export type E2eeKey = { 
/**
 * The sender's identity: an ECDH P-256 public key, raw (65 bytes), in base64.
 */
identity: string, 
/**
 * Without it, the sender asks for the receiver's media key.
 */
key?: WrappedKey, };

/**
 * `edit-message` payload; `PATCH /api/messages/:id` takes `{content}`.
 */
export type EditMessage = { messageId: number, content: string, };

export type ErrorBody = { error: string, code: ErrorCode, 
/**
 * Seconds to wait, on `429 rate_limited` only.
 */
retryAfter?: number, 
/**
 * The limit that was exceeded, on `413` only (bytes, or files per message).
 */
limit?: number, };

/**
 * Every code the server answers a refusal with, on REST and in acknowledgements: docs/api.md's error
 * table, which a test holds against this list both ways.
 */
export type ErrorCode = "already_friends" | "cannot_add_self" | "cannot_block_self" | "cannot_remove_owner" | "direct_room" | "email_taken" | "empty_file" | "file_too_large" | "forbidden" | "friend_requests_closed" | "forbidden_origin" | "image_too_large" | "internal_error" | "invalid_attachment" | "invalid_avatar_url" | "invalid_body" | "invalid_characters" | "invalid_code" | "invalid_credentials" | "invalid_email" | "invalid_emoji" | "invalid_image" | "invalid_json" | "invalid_limit" | "invalid_max_participants" | "invalid_message_id" | "invalid_nonce" | "invalid_payload" | "invalid_query" | "invalid_reply" | "invalid_room_name" | "invalid_search" | "invalid_status" | "invalid_two_factor_code" | "invalid_upload" | "message_deleted" | "message_empty" | "message_too_long" | "method_not_allowed" | "missing_login" | "missing_target" | "no_pending_offer" | "no_such_call" | "not_a_friend" | "not_connected" | "not_found" | "not_friends" | "not_in_room" | "not_in_same_room" | "not_sharing" | "note_too_long" | "owner_cannot_leave" | "password_too_long" | "password_too_short" | "payload_too_large" | "query_too_short" | "rate_limited" | "request_timeout" | "request_already_sent" | "room_full" | "too_many_attachments" | "two_factor_code_used" | "two_factor_enabled" | "two_factor_not_started" | "two_factor_off" | "two_factor_required" | "unauthorized" | "unknown_event" | "unsupported_media_type" | "upload_quota_exceeded" | "user_blocked" | "user_not_found" | "video_limit_reached" | "voice_not_forwarded" | "username_invalid_chars" | "username_length" | "username_taken" | "woxly_id_exhausted" | "woxly_id_immutable" | "wrong_password";

/**
 * Whose media a section of the receiving connection carries, and which.
 */
export type ForwardedMedia = { userId: number, kind: MediaKind, };

/**
 * `User & {note, createdAt}`: a friend with the viewer's private note and since when.
 */
export type Friend = { note: string, createdAt: string, id: number, woxlyId: string, username: string, avatarUrl: string | null, status: Status, email?: string, 
/**
 * AUTH-10: present (`true`) only for a deleted account, whose username is then "deleted user".
 */
deleted?: boolean, };

/**
 * `friend-added` event.
 */
export type FriendAddedEvent = { friend: Friend, };

/**
 * `friend-note-changed` event: my note on a friend, changed on another of my tabs.
 */
export type FriendNoteChangedEvent = { friend: Friend, };

/**
 * `friend-removed` event.
 */
export type FriendRemovedEvent = { userId: number, };

/**
 * A pending request `{id, from, to, createdAt}`.
 */
export type FriendRequest = { id: number, from: User, to: User, createdAt: string, };

/**
 * `friend-request` event.
 */
export type FriendRequestEvent = { request: FriendRequest, from: User, };

/**
 * `friend-status-changed` event.
 */
export type FriendStatusChangedEvent = { userId: number, status: Status, };

/**
 * An `RTCIceServer`.
 */
export type IceServer = { urls: Array<string>, username?: string, credential?: string, };

/**
 * `incoming-call {from, room}`.
 */
export type IncomingCallEvent = { from: User, room: Room, };

/**
 * `join-room` / `open-room` acknowledgement.
 */
export type JoinRoomAck = { ok: boolean, room: Room, participants: Array<Participant>, 
/**
 * How the room's voice and video travel (VOICE-14).
 */
voiceMode: VoiceMode, };

/**
 * The acknowledgement of a live-state event: `{ok: true}` and the user's state now.
 */
export type LiveStateAck = { ok: boolean, isSpeaking: boolean, isMuted: boolean, isDeafened: boolean, isCameraOn: boolean, isSharing: boolean, watching: number | null, };

/**
 * `user-speaking {userId, roomId, isSpeaking}`, `user-mic-toggle {…, isMuted}`,
 * `user-deafen-toggle {…, isDeafened}`, `user-camera-toggle {…, isCameraOn}`,
 * `user-share-toggle {…, isSharing}`: one shape, the flag named per event.
 */
export type LiveStateEvent = { userId: number, roomId: number, isSpeaking?: boolean, isMuted?: boolean, isDeafened?: boolean, isCameraOn?: boolean, isSharing?: boolean, };

/**
 * `mark-read` payload; `POST /api/rooms/:id/read` takes `{messageId}`.
 */
export type MarkRead = { roomId: number, messageId: number, };

/**
 * `media-answer {roomId, answer}`: the answer to the last `media-offer`.
 */
export type MediaAnswer = { roomId: number, answer: SessionDescription, };

/**
 * What travels in one media section: a person's voice, camera, or screen share (its picture and sound).
 */
export type MediaKind = "voice" | "camera" | "screen";

/**
 * `media-offer {roomId, offer, media}`: the server's offer for the receiving connection, with what each
 * of its sections carries. A section no longer in `media` is inactive (its sender left or stopped), and
 * may carry someone else's media of its kind in a later offer.
 */
export type MediaOfferEvent = { roomId: number, offer: SessionDescription, media: { [key in string]: ForwardedMedia }, };

/**
 * `media-view {roomId, views}`: how tall (in device pixels) the picture of each section of the
 * receiver's receiving connection (by mid) must be to fill where it is shown; 0 for one it does not
 * show. The server forwards each camera in the smallest of its sender's layers (simulcast) that tall.
 */
export type MediaView = { roomId: number, views: { [key in string]: number }, };

/**
 * Where someone stands with a room they were added to.
 */
export type MembershipStatus = "pending" | "accepted" | "declined";

export type Message = { id: number, roomId: number, content: string, timestamp: string, sender: User, nonce?: string, replyTo?: Quote, editedAt?: string, deleted?: boolean, reactions?: Array<Reaction>, mentions?: Array<number>, attachments?: Array<Attachment>, };

/**
 * `message-deleted`: `{messageId, roomId}`.
 */
export type MessageDeletedEvent = { messageId: number, roomId: number, };

/**
 * `delete-message` payload: `{messageId}`.
 */
export type MessageRef = { messageId: number, };

/**
 * One message found, with its room.
 */
export type MessageSearchResult = { message: Message, room: Room, };

export type MicTogglePayload = { roomId: number, isMuted: boolean, };

/**
 * For how long a room is muted (NOTIF-4): not, an hour, eight hours, or until turned back on.
 */
export type MuteFor = "off" | "1h" | "8h" | "forever";

/**
 * `Room & {myStatus, lastReadId, unreadCount, mentionCount, peer?, permissions}` in `GET /api/rooms`;
 * `peer` is the other person of a direct conversation.
 */
export type MyRoom = { myStatus: MembershipStatus, lastReadId: number, unreadCount: number, mentionCount: number, peer?: User, permissions: RoomPermissions, id: number, 
/**
 * `group`, or `direct` for the one conversation of two friends (MSG-1).
 */
kind: RoomKind, name: string, ownerId: number, isPrivate: boolean, maxParticipants: number | null, createdAt: string, };

/**
 * How much one room (or direct conversation) tells me (NOTIF-4): every message, only what mentions
 * me, or nothing.
 */
export type NotificationLevel = "all" | "mentions" | "nothing";

/**
 * The kinds of notification (NOTIF-1).
 */
export type NotificationType = "friend-request" | "room-invitation" | "incoming-call" | "missed-call" | "message" | "mention";

/**
 * A plain `{ok: true}`.
 */
export type Ok = { ok: boolean, };

/**
 * `User & {roomStatus, isOnline, isInRoom, isSpeaking, isMuted, isDeafened, isCameraOn, isSharing,
 * watching}`.
 */
export type Participant = { roomStatus: MembershipStatus, isOnline: boolean, isInRoom: boolean, isSpeaking: boolean, isMuted: boolean, isDeafened: boolean, isCameraOn: boolean, isSharing: boolean, 
/**
 * Whose screen share they watch (VIDEO-2).
 */
watching: number | null, id: number, woxlyId: string, username: string, avatarUrl: string | null, status: Status, email?: string, 
/**
 * AUTH-10: present (`true`) only for a deleted account, whose username is then "deleted user".
 */
deleted?: boolean, };

/**
 * `GET`/`PUT /api/users/me/privacy` answer (FRIEND-7): who may send me friend requests, and who finds
 * me in the user search (by WOXLY ID or by name).
 */
export type Privacy = { friendRequests: Reach, findableBy: Reach, };

/**
 * The acknowledgement of `media-publish`: the server's answer.
 */
export type PublishAck = { ok: boolean, answer: SessionDescription, };

/**
 * `media-publish {roomId, offer, media}`: what this person sends, by mid (a section not named is their
 * voice). Sent when they join the voice and each time what they send changes.
 */
export type PublishMedia = { roomId: number, 
/**
 * The client's name for this pair of connections: a new one (the browser started over) replaces
 * the old pair on the server.
 */
session: string, offer: SessionDescription, media: { [key in string]: MediaKind }, };

/**
 * The message a reply answers: `{id, sender, content (its first line), deleted}`.
 */
export type Quote = { id: number, sender: User, content: string, deleted: boolean, };

/**
 * Who may do something to me (FRIEND-7): anyone, only people who share a friend with me, or nobody.
 * My friends always may.
 */
export type Reach = "everyone" | "friendsOfFriends" | "nobody";

/**
 * `{emoji, count, userIds}`.
 */
export type Reaction = { emoji: string, count: number, userIds: Array<number>, };

/**
 * `reaction-added` / `reaction-removed`: `{messageId, roomId, emoji, userId}`.
 */
export type ReactionEvent = { messageId: number, roomId: number, emoji: string, userId: number, };

/**
 * `add-reaction` / `remove-reaction` payload.
 */
export type ReactionRequest = { messageId: number, emoji: string, };

/**
 * What the target receives.
 */
export type RelayedSignal = { from: number, roomId: number, offer?: SignalBody, answer?: SignalBody, candidate?: SignalBody, key?: E2eeKey, };

/**
 * `{id, kind, name, ownerId, isPrivate, maxParticipants, createdAt}`.
 */
export type Room = { id: number, 
/**
 * `group`, or `direct` for the one conversation of two friends (MSG-1).
 */
kind: RoomKind, name: string, ownerId: number, isPrivate: boolean, maxParticipants: number | null, createdAt: string, };

/**
 * `{room, participants, permissions}`: `GET /api/rooms/:id`, join, and the `room-updated` event; the
 * permissions are the receiver's own.
 */
export type RoomDetail = { room: Room, participants: Array<Participant>, permissions: RoomPermissions, };

/**
 * `join-room` / `open-room` / `leave-room` payload: the room id, bare as the seed sends it, or `{roomId}`.
 */
export type RoomIdPayload = number | { roomId: number, };

/**
 * `room-invitation`.
 */
export type RoomInvitationEvent = { from: User, room: Room, };

/**
 * A room people make and invite to, or the one direct conversation of two friends (MSG-1).
 */
export type RoomKind = "group" | "direct";

/**
 * `GET`/`PUT /api/rooms/:id/notifications`: what the room tells me now. `mutedUntil` while muted for a
 * time; `mutedForever` when muted until turned back on.
 */
export type RoomNotifications = { level: NotificationLevel, mutedUntil: string | null, mutedForever: boolean, };

/**
 * What the receiver may do in a room (QUALITY-2), as the server's one access rule decides it: clients
 * render from it (a read-only conversation, the owner's controls) rather than working it out.
 */
export type RoomPermissions = { 
/**
 * See the room and who is in it.
 */
view: boolean, 
/**
 * Read its messages and files, search them.
 */
readHistory: boolean, 
/**
 * Send, edit one's own messages, type, attach files.
 */
write: boolean, react: boolean, 
/**
 * Be in its voice, and call from it.
 */
voice: boolean, invite: boolean, 
/**
 * Become a member (accept the invitation, or join a public room).
 */
join: boolean, 
/**
 * Decline the invitation.
 */
decline: boolean, leave: boolean, 
/**
 * Remove members, delete the room or anyone's message.
 */
manage: boolean, };

/**
 * `mark-read` acknowledgement: `{ok: true, roomId, lastReadId}`.
 */
export type RoomReadAck = { ok: boolean, roomId: number, lastReadId: number, };

/**
 * `room-read`, to the reader's every tab, and the `mark-read` acknowledgement's body:
 * `{roomId, lastReadId}`.
 */
export type RoomReadEvent = { roomId: number, lastReadId: number, };

/**
 * `room-removed`, `room-deleted`, `user-left-room` carry the room (and the user).
 */
export type RoomRef = { roomId: number, };

export type SdpType = "offer" | "answer";

/**
 * `GET /api/users/search` result: `User & {isFriend, requestPending}`.
 */
export type SearchUser = { isFriend: boolean, requestPending: boolean, id: number, woxlyId: string, username: string, avatarUrl: string | null, status: Status, email?: string, 
/**
 * AUTH-10: present (`true`) only for a deleted account, whose username is then "deleted user".
 */
deleted?: boolean, };

/**
 * `send-message` payload.
 */
export type SendMessage = { roomId: number, content: string, nonce?: string, 
/**
 * MSG-3: the message of the same room this one answers.
 */
replyTo?: number, 
/**
 * FILE-1: the sender's uploads to this room to send with it; the text may then be empty.
 */
attachmentIds?: Array<number>, };

/**
 * `send-message` acknowledgement: `{ok: true, message}`.
 */
export type SendMessageAck = { ok: boolean, message: Message, };

/**
 * `{type, sdp}`, as `RTCSessionDescriptionInit`.
 */
export type SessionDescription = { type: SdpType, sdp: string, };

/**
 * AUTH-9: one of my sessions, as the settings list them.
 */
export type SessionView = { id: string, 
/**
 * "Chrome on Linux", or a program's name.
 */
device: string, 
/**
 * The client address it signed in from.
 */
address: string, createdAt: string, lastSeenAt: string, 
/**
 * The session of this request.
 */
current: boolean, };

/**
 * `PUT /api/rooms/:id/notifications`: my choices for the room; without `mute`, a mute running now
 * keeps running.
 */
export type SetRoomNotifications = { level: NotificationLevel, mute?: MuteFor, };

/**
 * `share-toggle` payload (VIDEO-2).
 */
export type ShareTogglePayload = { roomId: number, isSharing: boolean, };

/**
 * `webrtc-offer`, `webrtc-answer`, `ice-candidate` from a client. The body (`offer`, `answer` or
 * `candidate`) is relayed as it is; `roomId` picks the room when both are in several.
 */
export type Signal = { to: number, roomId?: number | null, offer?: SignalBody, answer?: SignalBody, candidate?: SignalBody, key?: E2eeKey, };

/**
 * `start-speaking` / `stop-speaking` payload.
 */
export type SpeakingPayload = { roomId: number, };

/**
 * A user's presence (STATUS-1).
 */
export type Status = "online" | "away" | "busy" | "offline";

/**
 * `status-change` payload from a client.
 */
export type StatusChange = { status: string, };

/**
 * `status-change` acknowledgement.
 */
export type StatusChangeAck = { ok: boolean, status: Status, };

/**
 * `user-typing`: `{roomId, userId, username}`.
 */
export type TypingEvent = { roomId: number, userId: number, username: string, };

/**
 * `typing` payload: `{roomId}`.
 */
export type TypingRequest = { roomId: number, };

/**
 * `PUT /api/users/me/privacy` body: what is left out stays as it was.
 */
export type UpdatePrivacy = { friendRequests?: Reach, findableBy?: Reach, };

/**
 * `GET /api/attachments/limits`: what an upload and a message may carry, so a client refuses a file
 * before sending it.
 */
export type UploadLimits = { maxFileBytes: number, maxFilesPerMessage: number, };

export type User = { id: number, woxlyId: string, username: string, avatarUrl: string | null, status: Status, email?: string, 
/**
 * AUTH-10: present (`true`) only for a deleted account, whose username is then "deleted user".
 */
deleted?: boolean, };

export type UserInRoomEvent = { userId: number, roomId: number, };

/**
 * `user-joined-room`.
 */
export type UserJoinedEvent = { userId: number, roomId: number, participant: Participant, };

/**
 * How a room's voice and video travel: browser to browser, or through the server.
 */
export type VoiceMode = "mesh" | "sfu";

/**
 * `user-watch-share {userId, roomId, watching}`: whose share `userId` watches now, or `null`.
 */
export type WatchEvent = { userId: number, roomId: number, watching: number | null, };

/**
 * `watch-share` payload (VIDEO-2): whose share to watch, or `null` to stop watching.
 */
export type WatchSharePayload = { roomId: number, userId?: number | null, };

/**
 * A sender's media key, wrapped (AES-GCM) with a key only the sender and the receiver can derive.
 */
export type WrappedKey = { 
/**
 * Names the key in every frame it encrypts (random, per sender and key).
 */
tag: number, 
/**
 * The 12-byte nonce and the ciphertext, in base64.
 */
wrapped: string, };

export type ServerToClientEvents = {
  'friend-request': (payload: FriendRequestEvent) => void;
  'friend-added': (payload: FriendAddedEvent) => void;
  'friend-removed': (payload: FriendRemovedEvent) => void;
  'friend-status-changed': (payload: FriendStatusChangedEvent) => void;
  'friend-note-changed': (payload: FriendNoteChangedEvent) => void;
  'notification': (payload: AppNotification) => void;
  'room-invitation': (payload: RoomInvitationEvent) => void;
  'room-updated': (payload: RoomDetail) => void;
  'room-removed': (payload: RoomRef) => void;
  'room-deleted': (payload: RoomRef) => void;
  'user-joined-room': (payload: UserJoinedEvent) => void;
  'user-left-room': (payload: UserInRoomEvent) => void;
  'user-speaking': (payload: LiveStateEvent) => void;
  'user-mic-toggle': (payload: LiveStateEvent) => void;
  'user-deafen-toggle': (payload: LiveStateEvent) => void;
  'user-camera-toggle': (payload: LiveStateEvent) => void;
  'user-share-toggle': (payload: LiveStateEvent) => void;
  'user-watch-share': (payload: WatchEvent) => void;
  'new-message': (payload: Message) => void;
  'message-updated': (payload: Message) => void;
  'message-deleted': (payload: MessageDeletedEvent) => void;
  'reaction-added': (payload: ReactionEvent) => void;
  'reaction-removed': (payload: ReactionEvent) => void;
  'user-typing': (payload: TypingEvent) => void;
  'room-read': (payload: RoomReadEvent) => void;
  'incoming-call': (payload: IncomingCallEvent) => void;
  'call-accepted': (payload: CallEvent) => void;
  'call-declined': (payload: CallEvent) => void;
  'call-cancelled': (payload: CallEvent) => void;
  'call-missed': (payload: CallEvent) => void;
  'webrtc-offer': (payload: RelayedSignal) => void;
  'webrtc-answer': (payload: RelayedSignal) => void;
  'ice-candidate': (payload: RelayedSignal) => void;
  'e2ee-key': (payload: RelayedSignal) => void;
  'media-offer': (payload: MediaOfferEvent) => void;
};

export type ClientToServerEvents = {
  'status-change': (payload: StatusChange, ack: (answer: Ack<StatusChangeAck>) => void) => void;
  'join-room': (payload: RoomIdPayload, ack: (answer: Ack<JoinRoomAck>) => void) => void;
  'open-room': (payload: RoomIdPayload, ack: (answer: Ack<JoinRoomAck>) => void) => void;
  'leave-room': (payload: RoomIdPayload, ack: (answer: Ack<Ok>) => void) => void;
  'webrtc-offer': (payload: Signal, ack: (answer: Ack<Ok>) => void) => void;
  'webrtc-answer': (payload: Signal, ack: (answer: Ack<Ok>) => void) => void;
  'ice-candidate': (payload: Signal, ack: (answer: Ack<Ok>) => void) => void;
  'e2ee-key': (payload: Signal, ack: (answer: Ack<Ok>) => void) => void;
  'media-publish': (payload: PublishMedia, ack: (answer: Ack<PublishAck>) => void) => void;
  'media-answer': (payload: MediaAnswer, ack: (answer: Ack<Ok>) => void) => void;
  'media-view': (payload: MediaView, ack: (answer: Ack<Ok>) => void) => void;
  'start-speaking': (payload: SpeakingPayload, ack: (answer: Ack<LiveStateAck>) => void) => void;
  'stop-speaking': (payload: SpeakingPayload, ack: (answer: Ack<LiveStateAck>) => void) => void;
  'mic-toggle': (payload: MicTogglePayload, ack: (answer: Ack<LiveStateAck>) => void) => void;
  'deafen-toggle': (payload: DeafenTogglePayload, ack: (answer: Ack<LiveStateAck>) => void) => void;
  'camera-toggle': (payload: CameraTogglePayload, ack: (answer: Ack<LiveStateAck>) => void) => void;
  'share-toggle': (payload: ShareTogglePayload, ack: (answer: Ack<LiveStateAck>) => void) => void;
  'watch-share': (payload: WatchSharePayload, ack: (answer: Ack<LiveStateAck>) => void) => void;
  'send-message': (payload: SendMessage, ack: (answer: Ack<SendMessageAck>) => void) => void;
  'edit-message': (payload: EditMessage, ack: (answer: Ack<SendMessageAck>) => void) => void;
  'delete-message': (payload: MessageRef, ack: (answer: Ack<Ok>) => void) => void;
  'add-reaction': (payload: ReactionRequest, ack: (answer: Ack<Ok>) => void) => void;
  'remove-reaction': (payload: ReactionRequest, ack: (answer: Ack<Ok>) => void) => void;
  'typing': (payload: TypingRequest, ack: (answer: Ack<Ok>) => void) => void;
  'mark-read': (payload: MarkRead, ack: (answer: Ack<RoomReadAck>) => void) => void;
  'call-friend': (payload: CallFriend, ack: (answer: Ack<CallAck>) => void) => void;
  'accept-call': (payload: AnswerCall, ack: (answer: Ack<Ok>) => void) => void;
  'decline-call': (payload: AnswerCall, ack: (answer: Ack<Ok>) => void) => void;
  'cancel-call': (payload: CancelCall, ack: (answer: Ack<Ok>) => void) => void;
};
