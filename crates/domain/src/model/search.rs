//! Message search (SEARCH-1): what a user types — words in any order, each matched as a prefix, and
//! the filters `from:` `in:` `has:file` `has:image` `before:` `after:` — and what the store is asked.

use crate::ErrorCode;
use time::{Date, OffsetDateTime, macros::format_description};

use crate::{
    Error,
    model::{MessageId, Room, RoomId, UserId, message::Message},
    time::Timestamp,
};

pub const SEARCH_PAGE_DEFAULT: u32 = 25;
pub const SEARCH_PAGE_MAX: u32 = 50;
const MAX_TERMS: usize = 8;
const MAX_TERM_CHARS: usize = 64;
const MAX_QUERY_CHARS: usize = 500;

/// A query as typed, taken apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Lower-case words of letters and digits; each matches words that start with it.
    pub terms: Vec<String>,
    /// `from:name`: a username.
    pub from: Option<String>,
    /// `in:name`: part of a room's name, or the other person of a direct conversation.
    pub room: Option<String>,
    pub has_file: bool,
    pub has_image: bool,
    /// `before:2026-12-01`: sent before that day began (UTC).
    pub before: Option<Timestamp>,
    /// `after:2026-12-01`: sent after that day ended (UTC), as Discord reads it.
    pub after: Option<Timestamp>,
}

impl ParsedQuery {
    /// Nothing to look for: no words and no filter.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// Takes a query apart. Words are split on anything that is not a letter or a digit, as both
/// databases' full-text indexes split them, so a word can never carry search syntax to the database.
pub fn parse_query(query: &str) -> Result<ParsedQuery, Error> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(invalid(format!("a search is at most {MAX_QUERY_CHARS} characters")));
    }
    let mut parsed = ParsedQuery::default();
    for token in tokens(query) {
        let (key, value) = token.split_once(':').unwrap_or(("", &token));
        match (key.to_lowercase().as_str(), value) {
            ("from", name) if !name.is_empty() => parsed.from = Some(name.trim_start_matches('@').to_owned()),
            ("in", name) if !name.is_empty() => parsed.room = Some(name.to_owned()),
            ("has", what) if what.eq_ignore_ascii_case("file") => parsed.has_file = true,
            ("has", what) if what.eq_ignore_ascii_case("image") => parsed.has_image = true,
            ("before", day) => parsed.before = Some(day_start(day)?),
            ("after", day) => parsed.after = Some(day_start(day)?.plus_seconds(24 * 3600)),
            _ => parsed.terms.extend(words(&token)),
        }
    }
    let mut seen = std::collections::HashSet::new();
    parsed.terms.retain(|t| seen.insert(t.clone()));
    if parsed.terms.len() > MAX_TERMS {
        return Err(invalid(format!("a search has at most {MAX_TERMS} words")));
    }
    Ok(parsed)
}

/// The query split at spaces, a `"quoted part"` kept whole (`in:"game night"`).
fn tokens(query: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in query.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                tokens.extend((!current.is_empty()).then(|| std::mem::take(&mut current)))
            }
            c => current.push(c),
        }
    }
    tokens.extend((!current.is_empty()).then_some(current));
    tokens
}

/// The words of a text as the index sees them: runs of letters and digits, lower-case.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().chars().take(MAX_TERM_CHARS).collect())
}

fn day_start(day: &str) -> Result<Timestamp, Error> {
    let date = Date::parse(day, format_description!("[year]-[month]-[day]"))
        .map_err(|_| invalid(format!("`{day}` is not a day like 2026-12-01")))?;
    let start = OffsetDateTime::new_utc(date, time::Time::MIDNIGHT);
    Ok(Timestamp(start.unix_timestamp() * 1000))
}

fn invalid(message: String) -> Error {
    Error::invalid(ErrorCode::InvalidSearch, message)
}

/// What the store is asked: the caller's messages to look through, narrowed down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageSearch {
    /// Only rooms this user is an accepted member of now.
    pub user: UserId,
    pub terms: Vec<String>,
    /// Only these rooms (a `roomId` or an `in:`), if given.
    pub rooms: Option<Vec<RoomId>>,
    pub from: Option<UserId>,
    pub has_file: bool,
    pub has_image: bool,
    pub before: Option<Timestamp>,
    pub after: Option<Timestamp>,
    /// Older than this message (the next page).
    pub older_than: Option<MessageId>,
    pub limit: u32,
}

/// A message found, newest first, with the room it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchResult {
    pub message: Message,
    pub room: Room,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_filters_are_taken_apart() {
        let q = parse_query("Привет WORLD from:@anna in:\"game night\" has:image has:FILE before:2026-12-01")
            .expect("parses");
        assert_eq!(q.terms, ["привет", "world"]);
        assert_eq!(q.from.as_deref(), Some("anna"));
        assert_eq!(q.room.as_deref(), Some("game night"));
        assert!(q.has_image && q.has_file);
        assert_eq!(q.before, Some(Timestamp(1_796_083_200_000)));
        assert_eq!(parse_query("after:2026-12-01").expect("parses").after, Some(Timestamp(1_796_169_600_000)));
    }

    #[test]
    fn search_syntax_of_the_databases_is_only_a_separator() {
        let q = parse_query("\"a* OR b\" NEAR(c) col:d -e").expect("parses");
        assert_eq!(q.terms, ["a", "or", "b", "near", "c", "col", "d", "e"]);
        assert!(parse_query("  ").expect("parses").is_empty());
    }

    #[test]
    fn bad_filters_are_refused() {
        for bad in ["before:yesterday", "after:2026-13-01", "a b c d e f g h i", &"x".repeat(501)] {
            assert_eq!(parse_query(bad).err().map(|e| e.code().as_str()), Some("invalid_search"), "{bad}");
        }
    }
}
