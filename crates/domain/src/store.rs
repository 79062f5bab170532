//! The storage the rules write through: one trait per aggregate, implemented for SQLite and PostgreSQL
//! by the `woxly-store` crate and checked there by one conformance suite run against both.
//! Methods go in create, read, update, delete order.

use async_trait::async_trait;

use crate::{
    model::{
        Attachment, AttachmentId, Friend, FriendRequestId, FriendRequestRecord, HistoryPage, Member, MemberStatus,
        Message, MessageHead, MessageId, MyRoom, NewAttachment, NewMessage, NewNotification, NewRoom, NewUser,
        Notification, NotificationId, NotificationKind, Privacy, Room, RoomId, RoomNotifications, SearchHit,
        SearchQuery, SearchResult, Session, Status, User, UserId, search::MessageSearch,
    },
    time::Timestamp,
};

/// Which unique rule a write broke; the database enforces these, so concurrent writers cannot both win.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UniqueField {
    Username,
    Email,
    WoxlyId,
    /// One pending request per sender and recipient.
    FriendRequest,
    /// An upload is sent on one message (FILE-1).
    Attachment,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("duplicate {0:?}")]
    Duplicate(UniqueField),
    #[error("storage failure: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// What sending a message needs, read in one round trip because every message needs it (CHAT-1): the
/// room, the writer's membership and account as they are now, and how many accepted members it has.
#[derive(Debug, Clone)]
pub struct Writing {
    pub room: Room,
    pub membership: Option<MemberStatus>,
    pub writer: User,
    pub accepted_members: u32,
}

/// A user's password hash, read only for login.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

/// Changes to a profile; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ProfileChanges {
    pub username: Option<String>,
    /// `Some(None)` clears the avatar.
    pub avatar_url: Option<Option<String>>,
}

#[async_trait]
pub trait Users: Send + Sync {
    /// Stores a new account; a taken username, email or WOXLY ID is [`StoreError::Duplicate`].
    async fn create_user(&self, user: &NewUser) -> StoreResult<User>;
    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>>;
    async fn user_by_woxly_id(&self, woxly_id: &str) -> StoreResult<Option<User>>;
    /// Users matching `query` (exact WOXLY ID or username fragment), never `searcher`, at most `limit`:
    /// the exact id first, then usernames starting with the fragment, then shorter usernames.
    async fn search_users(&self, searcher: UserId, query: &SearchQuery, limit: u32) -> StoreResult<Vec<SearchHit>>;
    /// The account whose email (if `login` has an `@`) or username matches, ignoring letter case.
    async fn credentials_by_login(&self, login: &str) -> StoreResult<Option<Credentials>>;
    /// The password hash of a user, for changing the password (AUTH-9).
    async fn password_hash(&self, id: UserId) -> StoreResult<Option<String>>;
    async fn set_password_hash(&self, id: UserId, hash: &str) -> StoreResult<()>;
    /// AUTH-10: the account's personal data replaced ("deleted user", no email, no password, no
    /// avatar), its sessions revoked, its requests, notifications, two-factor secret and group-room
    /// memberships and invitations deleted. Its messages stay, sent by "deleted user".
    async fn delete_account(&self, id: UserId, now: Timestamp) -> StoreResult<()>;
    /// Applies profile changes and returns the updated user (`None` if there is no such user).
    async fn update_profile(&self, id: UserId, changes: &ProfileChanges) -> StoreResult<Option<User>>;
    async fn set_status(&self, id: UserId, status: Status) -> StoreResult<()>;
    /// Marks every user offline: at start nobody is connected yet (STATUS-3).
    async fn set_everyone_offline(&self) -> StoreResult<u64>;
    /// The users whose stored status is not offline.
    async fn users_shown_present(&self) -> StoreResult<Vec<UserId>>;
}

#[async_trait]
pub trait Sessions: Send + Sync {
    async fn create_session(&self, session: &Session) -> StoreResult<()>;
    /// The session and its user, if the session exists, is not revoked and has not expired at `now`.
    async fn live_session(&self, session_id: &str, now: Timestamp) -> StoreResult<Option<(Session, User)>>;
    /// AUTH-9: a user's live sessions, the most recently seen first.
    async fn sessions_of(&self, user: UserId, now: Timestamp) -> StoreResult<Vec<Session>>;
    /// Notes that the session was used at `now`.
    async fn touch_session(&self, session_id: &str, now: Timestamp) -> StoreResult<()>;
    /// Revokes a session; `false` if it was not live.
    async fn revoke_session(&self, session_id: &str) -> StoreResult<bool>;
    /// Revokes one of `user`'s sessions; `false` if they have no such live session.
    async fn revoke_user_session(&self, user: UserId, session_id: &str) -> StoreResult<bool>;
    /// Revokes every live session of `user` but `keep`; the ids revoked.
    async fn revoke_other_sessions(&self, user: UserId, keep: &str) -> StoreResult<Vec<String>>;
}

#[async_trait]
pub trait Friends: Send + Sync {
    /// A pending request; a second one from the same sender to the same recipient is a duplicate.
    async fn create_friend_request(&self, from: UserId, to: UserId) -> StoreResult<FriendRequestRecord>;
    async fn friend_request(&self, id: FriendRequestId) -> StoreResult<Option<FriendRequestRecord>>;
    async fn friend_request_between(&self, from: UserId, to: UserId) -> StoreResult<Option<FriendRequestRecord>>;
    /// Requests to `user`, oldest first, each with its sender.
    async fn incoming_friend_requests(&self, user: UserId) -> StoreResult<Vec<(FriendRequestRecord, User)>>;
    /// Requests from `user`, oldest first, each with its recipient.
    async fn outgoing_friend_requests(&self, user: UserId) -> StoreResult<Vec<(FriendRequestRecord, User)>>;
    async fn delete_friend_request(&self, id: FriendRequestId) -> StoreResult<bool>;
    /// Makes `a` and `b` friends and removes the requests between them, in one transaction.
    async fn befriend(&self, a: UserId, b: UserId) -> StoreResult<()>;
    /// `friend` as `user` sees them, if they are friends.
    async fn friend(&self, user: UserId, friend: UserId) -> StoreResult<Option<Friend>>;
    async fn friends(&self, user: UserId) -> StoreResult<Vec<Friend>>;
    async fn friend_ids(&self, user: UserId) -> StoreResult<Vec<UserId>>;
    /// `false` if they are not friends.
    async fn set_friend_note(&self, user: UserId, friend: UserId, note: &str) -> StoreResult<bool>;
    /// Ends a friendship on both sides; `false` if there was none.
    async fn unfriend(&self, a: UserId, b: UserId) -> StoreResult<bool>;
    /// FRIEND-6: `blocker` blocks `blocked`; the requests between them are deleted. `false` if already.
    async fn block(&self, blocker: UserId, blocked: UserId, now: Timestamp) -> StoreResult<bool>;
    /// `false` if there was no such block.
    async fn unblock(&self, blocker: UserId, blocked: UserId) -> StoreResult<bool>;
    /// The people `blocker` blocked, the most recent first.
    async fn blocked_users(&self, blocker: UserId) -> StoreResult<Vec<User>>;
    /// The people who blocked `user`.
    async fn blockers_of(&self, user: UserId) -> StoreResult<Vec<UserId>>;
    /// Who of the two blocked the other, if either did (`a` when both did).
    async fn block_between(&self, a: UserId, b: UserId) -> StoreResult<Option<UserId>>;
    /// Whether the two have a friend in common (FRIEND-7).
    async fn share_a_friend(&self, a: UserId, b: UserId) -> StoreResult<bool>;
    /// Who may reach `user` (FRIEND-7); the default for an account that never chose.
    async fn privacy(&self, user: UserId) -> StoreResult<Privacy>;
    async fn set_privacy(&self, user: UserId, privacy: Privacy) -> StoreResult<()>;
}

#[async_trait]
pub trait Notifications: Send + Sync {
    async fn create_notification(&self, notification: &NewNotification) -> StoreResult<Notification>;
    /// `user`'s notifications, newest first, older than `before` if given, at most `limit`.
    async fn notifications(
        &self,
        user: UserId,
        unread_only: bool,
        before: Option<NotificationId>,
        limit: u32,
    ) -> StoreResult<Vec<Notification>>;
    /// `false` if `user` has no such notification.
    async fn mark_notification_read(&self, user: UserId, id: NotificationId) -> StoreResult<bool>;
    async fn mark_all_notifications_read(&self, user: UserId) -> StoreResult<()>;
    /// Marks read `user`'s notifications of one kind about one subject, e.g. a friend request from
    /// someone, or an invitation to a room, once it is answered.
    async fn mark_notifications_read_about(
        &self,
        user: UserId,
        kind: NotificationKind,
        subject: NotificationSubject,
    ) -> StoreResult<()>;
    /// CHAT-4: `user`'s one unread `message` notification for `room`, created or brought up to date with
    /// the newest message (the database keeps it to one, even under concurrent messages).
    async fn notify_message(&self, user: UserId, room: RoomId, from: UserId, message: i64)
    -> StoreResult<Notification>;
    /// NOTIF-4: the choices of everyone who changed what `room` tells them.
    async fn room_notifications(&self, room: RoomId) -> StoreResult<Vec<(UserId, RoomNotifications)>>;
    /// NOTIF-4: `user`'s choices for `room` (the default ones are not kept).
    async fn set_room_notifications(&self, user: UserId, room: RoomId, choices: RoomNotifications) -> StoreResult<()>;
}

#[async_trait]
pub trait Rooms: Send + Sync {
    /// Creates a room with its owner as an accepted member and `invited` as pending, in one transaction.
    async fn create_room(&self, room: &NewRoom, invited: &[UserId]) -> StoreResult<Room>;
    /// The room and `user`'s membership of it, in one round trip (the access rule asks for both).
    async fn room_for(&self, id: RoomId, user: UserId) -> StoreResult<Option<(Room, Option<MemberStatus>)>>;
    /// [`room_for`](Self::room_for) with the writer's account and the accepted member count, in the same
    /// round trip; `None` when the room or the user does not exist.
    async fn room_for_writing(&self, id: RoomId, user: UserId) -> StoreResult<Option<Writing>>;
    async fn membership(&self, room: RoomId, user: UserId) -> StoreResult<Option<MemberStatus>>;
    /// Every membership of the room, with its user, in joining order.
    async fn members(&self, room: RoomId) -> StoreResult<Vec<Member>>;
    /// MSG-1: the direct conversation of `a` and `b`, made with both as accepted members and `name` if
    /// they have none yet (two concurrent calls make one).
    async fn direct_room(&self, a: UserId, b: UserId, name: &str) -> StoreResult<Room>;
    /// The other person of a direct conversation `user` is in.
    async fn direct_peer(&self, room: RoomId, user: UserId) -> StoreResult<Option<User>>;
    /// The rooms where `user` is accepted or pending, oldest first, with their unread counts (MSG-5).
    async fn rooms_of(&self, user: UserId) -> StoreResult<Vec<MyRoom>>;
    /// Creates or changes a membership. A member who becomes accepted has read everything so far.
    async fn set_membership(&self, room: RoomId, user: UserId, status: MemberStatus) -> StoreResult<()>;
    /// Makes `user` an accepted member if the room has fewer than `max` accepted members; `false` if it
    /// is full. Atomic in the database, so joins on several nodes cannot overfill a room.
    async fn accept_within(&self, room: RoomId, user: UserId, max: u32) -> StoreResult<bool>;
    /// MSG-5: moves `user`'s read position in `room` forward to `message` (never past the newest
    /// message, never back): the position, and whether it moved.
    async fn mark_read(&self, room: RoomId, user: UserId, message: MessageId) -> StoreResult<(MessageId, bool)>;
    /// `false` if there was no such membership.
    async fn remove_member(&self, room: RoomId, user: UserId) -> StoreResult<bool>;
    /// Deletes the room with its memberships, messages and notifications.
    async fn delete_room(&self, room: RoomId) -> StoreResult<bool>;
}

#[async_trait]
pub trait Messages: Send + Sync {
    /// Stores a message with its mentions. With a `nonce` this sender already used in this room, stores
    /// nothing and returns the first message; the flag says whether the message is new.
    async fn create_message(&self, message: &NewMessage) -> StoreResult<(Message, bool)>;
    async fn message(&self, id: MessageId) -> StoreResult<Option<Message>>;
    /// Where a message is and whose it is, in one small query (reactions and deletions need no more).
    async fn message_head(&self, id: MessageId) -> StoreResult<Option<MessageHead>>;
    /// A page of the room's history, oldest first: the newest `limit` messages older than the cursor,
    /// the oldest `limit` newer than it, `limit` around a message (it included), or the newest after
    /// skipping `offset`.
    async fn messages(&self, room: RoomId, page: Option<HistoryPage>, limit: u32) -> StoreResult<Vec<Message>>;
    /// MSG-2: replaces the text and the mentions of a message that is not deleted; `false` otherwise.
    async fn edit_message(&self, id: MessageId, content: &str, mentions: &[UserId]) -> StoreResult<bool>;
    /// MSG-2: erases the text, reactions, mentions and attachments of a message and marks it deleted:
    /// the hashes of the files its attachments had (FILE-2), or `None` if it was deleted already.
    async fn delete_message(&self, id: MessageId) -> StoreResult<Option<Vec<String>>>;
    /// MSG-4: `false` if `user` had already reacted with `emoji` (or the message is deleted).
    async fn add_reaction(&self, message: MessageId, user: UserId, emoji: &str) -> StoreResult<bool>;
    /// MSG-4: `false` if there was no such reaction.
    async fn remove_reaction(&self, message: MessageId, user: UserId, emoji: &str) -> StoreResult<bool>;
    /// SEARCH-1: messages that are not deleted, in rooms the user is an accepted member of, holding a
    /// word starting with each term and passing the filters; newest first.
    async fn search_messages(&self, search: &MessageSearch) -> StoreResult<Vec<SearchResult>>;
}

#[async_trait]
pub trait Attachments: Send + Sync {
    async fn create_attachment(&self, attachment: &NewAttachment) -> StoreResult<Attachment>;
    async fn attachment(&self, id: AttachmentId) -> StoreResult<Option<Attachment>>;
    /// FILE-2: the bytes of every file `user` has uploaded and not deleted, sent or not.
    async fn uploaded_bytes(&self, user: UserId) -> StoreResult<u64>;
    /// Deletes an upload of `uploader`'s that was never sent: its file's hash, or `None`.
    async fn delete_unsent_attachment(&self, id: AttachmentId, uploader: UserId) -> StoreResult<Option<String>>;
    /// Deletes the uploads never sent that were made before `before`: their files' hashes.
    async fn delete_unsent_attachments(&self, before: Timestamp) -> StoreResult<Vec<String>>;
    /// Of these file hashes, the ones an attachment still refers to.
    async fn blobs_in_use(&self, blobs: &[String]) -> StoreResult<Vec<String>>;
}

/// What a notification is about, for marking the ones answered as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationSubject {
    /// Caused by this user (a friend request).
    From(UserId),
    /// About this room (an invitation).
    Room(RoomId),
}

/// A user's TOTP secret (AUTH-8): `enabled` once confirmed with a code, and the last time step a code
/// was accepted for.
#[derive(Debug, Clone)]
pub struct TwoFactorRecord {
    pub secret: String,
    pub enabled: bool,
    pub last_step: i64,
}

#[async_trait]
pub trait TwoFactor: Send + Sync {
    /// Starts (or restarts) setting up: a new secret, not enabled; refused (`false`) once enabled.
    async fn begin_two_factor(&self, user: UserId, secret: &str) -> StoreResult<bool>;
    async fn two_factor(&self, user: UserId) -> StoreResult<Option<TwoFactorRecord>>;
    /// Turns it on with the step of the confirming code and the recovery codes' hashes (replacing any).
    async fn enable_two_factor(
        &self,
        user: UserId,
        step: i64,
        recovery_hashes: &[String],
        now: Timestamp,
    ) -> StoreResult<bool>;
    /// Records that a code of time step `step` was used; `false` if that step or a later one already was
    /// (a code is accepted once, even by two requests at the same instant).
    async fn use_two_factor_step(&self, user: UserId, step: i64) -> StoreResult<bool>;
    /// Uses one recovery code up; `false` if it is not one of the user's or was used.
    async fn use_recovery_code(&self, user: UserId, code_hash: &str, now: Timestamp) -> StoreResult<bool>;
    /// Turns it off: the secret and the recovery codes are deleted.
    async fn delete_two_factor(&self, user: UserId) -> StoreResult<()>;
}

/// Everything the services need from storage.
#[async_trait]
pub trait Store: Users + Sessions + TwoFactor + Friends + Notifications + Rooms + Messages + Attachments {
    /// `sqlite` or `postgres`, for health reports and logs.
    fn backend_name(&self) -> &'static str;
    /// A cheap round trip, for health checks.
    async fn ping(&self) -> StoreResult<()>;
}
