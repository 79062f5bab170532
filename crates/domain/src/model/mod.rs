//! The things WOXLY talks about.

pub mod friend;
pub mod notification;
pub mod session;
pub mod status;
pub mod user;
pub mod woxly_id;

pub use friend::{Friend, FriendRequest, FriendRequestId, FriendRequestRecord, SearchHit, SearchQuery};
pub use notification::{NewNotification, Notification, NotificationId, NotificationKind};
pub use session::Session;
pub use status::Status;
pub use user::{NewUser, User, UserId};
pub use woxly_id::WoxlyId;
