//! The things WOXLY talks about.

use crate::ErrorCode;

pub mod attachment;
pub mod friend;
pub mod message;
pub mod notification;
pub mod notification_settings;
pub mod permissions;
pub mod privacy;
pub mod room;
pub mod search;
pub mod session;
pub mod status;
pub mod user;
pub mod woxly_id;

/// A page size asked for (`limit`), or `default`: 1 to `max`, else `400 invalid_limit`.
pub fn page_size(limit: Option<u32>, default: u32, max: u32) -> Result<u32, crate::Error> {
    let limit = limit.unwrap_or(default);
    if !(1..=max).contains(&limit) {
        return Err(crate::Error::invalid(ErrorCode::InvalidLimit, format!("limit must be 1 to {max}")));
    }
    Ok(limit)
}

pub use attachment::{Attachment, AttachmentId, AttachmentKind, AttachmentLimits, NewAttachment};
pub use friend::{Friend, FriendRequest, FriendRequestId, FriendRequestRecord, SearchHit, SearchQuery};
pub use message::{HistoryPage, Message, MessageHead, MessageId, NewMessage, Quote, Reaction};
pub use notification::{NewNotification, Notification, NotificationId, NotificationKind};
pub use notification_settings::RoomNotifications;
pub use privacy::Privacy;
pub use room::{LiveState, Member, MemberStatus, MyRoom, NewRoom, Participant, Room, RoomId, RoomKind};
pub use search::{MessageSearch, SearchResult};
pub use session::{Session, SessionOrigin};
pub use status::Status;
pub use user::{NewUser, User, UserId};
pub use woxly_id::WoxlyId;
