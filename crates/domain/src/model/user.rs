//! Accounts (AUTH-1, AUTH-2, AUTH-7) and the rules their fields obey. These functions are the one place
//! each rule lives; every path that creates or changes a user goes through them.

use crate::ErrorCode;
use crate::{
    Error,
    model::{Status, WoxlyId},
    time::Timestamp,
};

pub type UserId = i64;

pub const USERNAME_MAX_CHARS: usize = 13;
pub const PASSWORD_MIN_CHARS: usize = 8;
/// An upper bound so that hashing cannot be abused with huge passwords.
pub const PASSWORD_MAX_CHARS: usize = 128;
pub const EMAIL_MAX_CHARS: usize = 254;
pub const AVATAR_URL_MAX_CHARS: usize = 2048;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub woxly_id: WoxlyId,
    pub username: String,
    pub email: String,
    pub avatar_url: Option<String>,
    pub status: Status,
    pub created_at: Timestamp,
    /// AUTH-10: the account was deleted; only its id and WOXLY ID remain, shown as "deleted user".
    pub deleted: bool,
}

/// A validated account about to be stored.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub woxly_id: WoxlyId,
    pub username: String,
    pub email: String,
    pub password_hash: String,
}

/// The key that makes usernames unique regardless of letter case, Cyrillic included (`Иван` = `иван`).
/// Computed here, not by the database: SQLite's `lower()` and `NOCASE` fold ASCII only.
pub fn username_key(username: &str) -> String {
    username.to_lowercase()
}

/// The key that makes emails unique regardless of letter case.
pub fn email_key(email: &str) -> String {
    email.to_lowercase()
}

/// AUTH-1: 1–13 characters, Latin or Cyrillic letters (ё/Ё included), digits, `.` and `_`.
pub fn validate_username(username: &str) -> Result<(), Error> {
    let chars = username.chars().count();
    if chars == 0 || chars > USERNAME_MAX_CHARS {
        return Err(Error::invalid(
            ErrorCode::UsernameLength,
            format!("username must be 1 to {USERNAME_MAX_CHARS} characters"),
        ));
    }
    if !username.chars().all(is_username_char) {
        return Err(Error::invalid(
            ErrorCode::UsernameInvalidChars,
            "username may contain only Latin or Cyrillic letters, digits, '.' and '_'",
        ));
    }
    Ok(())
}

/// AUTH-1's alphabet: Latin or Cyrillic letters (ё/Ё included), digits, `.` and `_`.
pub fn is_username_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '.' | '_' | 'ё' | 'Ё')
        || ('а'..='я').contains(&c)
        || ('А'..='Я').contains(&c)
}

/// AUTH-1: `x@y.z` with no spaces (the seed's own rule), and a sane length.
pub fn validate_email(email: &str) -> Result<(), Error> {
    let bad = || Error::invalid(ErrorCode::InvalidEmail, "email must look like name@example.com");
    if email.chars().count() > EMAIL_MAX_CHARS || email.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    let (local, domain) = email.split_once('@').ok_or_else(bad)?;
    let dotted = domain.split_once('.').is_some_and(|(host, _)| !host.is_empty())
        && domain.rsplit_once('.').is_some_and(|(_, tld)| !tld.is_empty());
    if local.is_empty() || domain.contains('@') || !dotted {
        return Err(bad());
    }
    Ok(())
}

/// AUTH-1: 8 to 128 characters.
pub fn validate_password(password: &str) -> Result<(), Error> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return Err(Error::invalid(
            ErrorCode::PasswordTooShort,
            format!("password must be at least {PASSWORD_MIN_CHARS} characters"),
        ));
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err(Error::invalid(
            ErrorCode::PasswordTooLong,
            format!("password must be at most {PASSWORD_MAX_CHARS} characters"),
        ));
    }
    Ok(())
}

/// AUTH-7: an avatar is an `http(s)` URL or a `data:image/` URL of bounded size; empty clears it.
pub fn validate_avatar_url(url: &str) -> Result<(), Error> {
    let ok = url.chars().count() <= AVATAR_URL_MAX_CHARS
        && (url.starts_with("https://") || url.starts_with("http://") || url.starts_with("data:image/"))
        && !url.chars().any(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            ErrorCode::InvalidAvatarUrl,
            format!("avatarUrl must be an http(s) or data:image URL of at most {AVATAR_URL_MAX_CHARS} characters"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<(), Error>) -> &'static str {
        r.err().map_or("ok", |e| e.code().as_str())
    }

    #[test]
    fn username_rules() {
        assert_eq!(code(validate_username("a")), "ok");
        assert_eq!(code(validate_username("abcdefghijklm")), "ok");
        assert_eq!(code(validate_username("abcdefghijklmn")), "username_length");
        assert_eq!(code(validate_username("")), "username_length");
        assert_eq!(code(validate_username("Ёлка_ёж.Я9")), "ok");
        assert_eq!(code(validate_username("жжжжжжжжжжжжж")), "ok");
        assert_eq!(code(validate_username("жжжжжжжжжжжжжж")), "username_length");
        assert_eq!(code(validate_username("a b")), "username_invalid_chars");
        assert_eq!(code(validate_username("a-b")), "username_invalid_chars");
        assert_eq!(code(validate_username("a😀")), "username_invalid_chars");
        assert_eq!(code(validate_username("ünï")), "username_invalid_chars");
    }

    #[test]
    fn email_rules() {
        assert_eq!(code(validate_email("a@b.c")), "ok");
        for bad in ["", "a", "a@b", "@b.c", "a@.c", "a@b.", "a b@c.d", "a@b@c.d"] {
            assert_eq!(code(validate_email(bad)), "invalid_email", "{bad:?}");
        }
    }

    #[test]
    fn password_rules() {
        assert_eq!(code(validate_password("1234567")), "password_too_short");
        assert_eq!(code(validate_password("12345678")), "ok");
        assert_eq!(code(validate_password(&"я".repeat(128))), "ok");
        assert_eq!(code(validate_password(&"я".repeat(129))), "password_too_long");
    }

    #[test]
    fn keys_fold_cyrillic_case() {
        assert_eq!(username_key("ИВАН"), username_key("иван"));
        assert_eq!(username_key("Ёжик"), "ёжик");
    }
}
