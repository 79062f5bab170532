//! Friends (FRIEND-1…FRIEND-5): search, requests, friendships with a private note.

use crate::ErrorCode;
use crate::{
    Error,
    model::{Status, User, UserId, WoxlyId, user},
    time::Timestamp,
};

pub type FriendRequestId = i64;

pub const NOTE_MAX_CHARS: usize = 500;
pub const SEARCH_MIN_CHARS: usize = 2;
pub const SEARCH_MAX_RESULTS: u32 = 20;

/// A pending request from one user to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FriendRequest {
    pub id: FriendRequestId,
    pub from: User,
    pub to: User,
    pub created_at: Timestamp,
}

/// A stored request, before its users are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FriendRequestRecord {
    pub id: FriendRequestId,
    pub from_user_id: UserId,
    pub to_user_id: UserId,
    pub created_at: Timestamp,
}

/// A friend as one side sees the other: with that side's private note and since when they are friends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Friend {
    pub user: User,
    pub note: String,
    pub since: Timestamp,
}

/// A search result: the user, and how the searcher stands with them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub user: User,
    pub is_friend: bool,
    /// A request is pending between the two, in either direction.
    pub request_pending: bool,
}

/// What a search text asks for (FRIEND-1): an exact WOXLY ID, a part of a username, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub woxly_id: Option<WoxlyId>,
    /// The lowercased fragment, only when a username could contain it: a fragment with any other
    /// character matches no username, so SQL wildcards (`%`, `_` aside, which usernames may hold) never
    /// reach the database as wildcards.
    pub name_fragment: Option<String>,
}

impl SearchQuery {
    pub fn parse(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        if text.chars().count() < SEARCH_MIN_CHARS {
            return Err(Error::invalid(
                ErrorCode::QueryTooShort,
                format!("search needs at least {SEARCH_MIN_CHARS} characters"),
            ));
        }
        let fragment = user::username_key(text);
        let could_be_a_username = fragment.chars().all(user::is_username_char);
        Ok(Self { woxly_id: WoxlyId::parse(text), name_fragment: could_be_a_username.then_some(fragment) })
    }

    /// Whether anything could match: a text like `%%` is neither a WOXLY ID nor a username fragment.
    pub fn can_match(&self) -> bool {
        self.woxly_id.is_some() || self.name_fragment.is_some()
    }
}

pub fn validate_note(note: &str) -> Result<(), Error> {
    if note.chars().count() > NOTE_MAX_CHARS {
        return Err(Error::invalid(ErrorCode::NoteTooLong, format!("a note is at most {NOTE_MAX_CHARS} characters")));
    }
    Ok(())
}

/// FRIEND-4: grouped by status (online, busy, away, offline), then by username ignoring letter case.
/// Sorted here rather than in SQL, so both databases give the same order whatever their collation.
pub fn sort_friends(friends: &mut [Friend]) {
    let rank = |status: Status| match status {
        Status::Online => 0,
        Status::Busy => 1,
        Status::Away => 2,
        Status::Offline => 3,
    };
    friends.sort_by_cached_key(|f| (rank(f.user.status), user::username_key(&f.user.username), f.user.id));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_queries() {
        assert_eq!(SearchQuery::parse("a").err().map(|e| e.code().as_str()), Some("query_too_short"));
        assert_eq!(SearchQuery::parse("  a  ").err().map(|e| e.code().as_str()), Some("query_too_short"));
        let id = SearchQuery::parse("wx1234").expect("query");
        assert_eq!(id.woxly_id, Some(WoxlyId("WX1234".into())));
        assert_eq!(id.name_fragment.as_deref(), Some("wx1234"));
        let cyrillic = SearchQuery::parse("ИВ").expect("query");
        assert_eq!((cyrillic.woxly_id, cyrillic.name_fragment.as_deref()), (None, Some("ив")));
        assert_eq!(SearchQuery::parse("a%").expect("query").name_fragment, None);
        assert_eq!(SearchQuery::parse("a_b").expect("query").name_fragment.as_deref(), Some("a_b"));
    }
}
