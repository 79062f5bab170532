//! The error body of every failed request: `{"error": "<human message>", "code": "<snake_case_code>"}`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub error: String,
    pub code: ErrorCode,
    /// Seconds to wait, on `429 rate_limited` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub retry_after: Option<u64>,
    /// The limit that was exceeded, on `413` only (bytes, or files per message).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub limit: Option<u64>,
}

/// Every code the server answers a refusal with, on REST and in acknowledgements: docs/api.md's error
/// table, which a test holds against this list both ways.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, strum::IntoStaticStr, strum::VariantNames,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ErrorCode {
    AlreadyFriends,
    CannotAddSelf,
    CannotBlockSelf,
    CannotRemoveOwner,
    DirectRoom,
    EmailTaken,
    EmptyFile,
    FileTooLarge,
    Forbidden,
    FriendRequestsClosed,
    ForbiddenOrigin,
    ImageTooLarge,
    InternalError,
    InvalidAttachment,
    InvalidAvatarUrl,
    InvalidBody,
    InvalidCharacters,
    InvalidCode,
    InvalidCredentials,
    InvalidEmail,
    InvalidEmoji,
    InvalidImage,
    InvalidJson,
    InvalidLimit,
    InvalidMaxParticipants,
    InvalidMessageId,
    InvalidNonce,
    InvalidPayload,
    InvalidQuery,
    InvalidReply,
    InvalidRoomName,
    InvalidSearch,
    InvalidStatus,
    InvalidTwoFactorCode,
    InvalidUpload,
    MessageDeleted,
    MessageEmpty,
    MessageTooLong,
    MethodNotAllowed,
    MissingLogin,
    MissingTarget,
    NoPendingOffer,
    NoSuchCall,
    NotAFriend,
    NotConnected,
    NotFound,
    NotFriends,
    NotInRoom,
    NotInSameRoom,
    NotSharing,
    NoteTooLong,
    OwnerCannotLeave,
    PasswordTooLong,
    PasswordTooShort,
    PayloadTooLarge,
    QueryTooShort,
    RateLimited,
    RequestTimeout,
    RequestAlreadySent,
    RoomFull,
    TooManyAttachments,
    TwoFactorCodeUsed,
    TwoFactorEnabled,
    TwoFactorNotStarted,
    TwoFactorOff,
    TwoFactorRequired,
    Unauthorized,
    UnknownEvent,
    UnsupportedMediaType,
    UploadQuotaExceeded,
    UserBlocked,
    UserNotFound,
    VideoLimitReached,
    VoiceNotForwarded,
    UsernameInvalidChars,
    UsernameLength,
    UsernameTaken,
    WoxlyIdExhausted,
    WoxlyIdImmutable,
    WrongPassword,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Every code, as it is sent.
    pub fn names() -> &'static [&'static str] {
        <Self as strum::VariantNames>::VARIANTS
    }
}
