//! AUTH-8: two-factor sign-in with time-based codes (TOTP, RFC 6238: SHA-1, 6 digits, 30-second
//! steps — what every authenticator app reads from a QR code), and ten recovery codes for a lost phone.
//! A code is accepted once (its time step is recorded), one step early or late for clocks that drift,
//! and tries are limited per user: right or wrong, or a right guess would slip through the limit.

use crate::ErrorCode;
use std::{sync::Arc, time::Duration};

use rand::Rng;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

use crate::{
    Error, Result,
    model::{User, UserId},
    service::limits::{Limiter, Rate, RateLimits},
    store::{Store, TwoFactorRecord},
    time::Timestamp,
};

const DIGITS: usize = 6;
const STEP_SECONDS: u64 = 30;
/// Codes one step before or after the current one are accepted too.
const SKEW_STEPS: u8 = 1;
const RECOVERY_CODES: usize = 10;
const ISSUER: &str = "WOXLY";
/// Codes tried per user: ten, then one more every 30 seconds. A guesser gets about 3,000 tries a day
/// at a one-in-333,333 chance each (three codes are good at any time).
const ATTEMPTS: Rate = Rate { every: Duration::from_secs(30), burst: 10 };

/// What the authenticator app needs, shown while turning two-factor sign-in on.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The secret in base32, for typing into an app by hand.
    pub secret: String,
    /// `otpauth://totp/WOXLY:<username>?secret=…&issuer=WOXLY`.
    pub otpauth_url: String,
    /// That URL as a QR code: a PNG, base64.
    pub qr_png_base64: String,
}

pub struct TwoFactorAuth {
    store: Arc<dyn Store>,
    attempts: Arc<dyn Limiter>,
}

impl TwoFactorAuth {
    pub fn new(store: Arc<dyn Store>, limits: &dyn RateLimits) -> Self {
        Self { store, attempts: limits.limiter("two-factor-codes", ATTEMPTS) }
    }

    /// Starts turning it on: a new secret (replacing one not yet confirmed).
    pub async fn begin(&self, user: &User) -> Result<Setup> {
        let secret = Secret::generate_secret();
        let encoded = secret.to_encoded().to_string();
        if !self.store.begin_two_factor(user.id, &encoded).await? {
            return Err(Error::conflict(ErrorCode::TwoFactorEnabled, "two-factor sign-in is already on"));
        }
        let totp = totp(&encoded, Some(&user.username))?;
        let qr_png_base64 = totp.get_qr_base64().map_err(Error::Internal)?;
        Ok(Setup { secret: encoded, otpauth_url: totp.get_url(), qr_png_base64 })
    }

    /// Turns it on once the app shows a right code; the recovery codes, shown this once.
    pub async fn enable(&self, user: UserId, code: &str) -> Result<Vec<String>> {
        let record = self.store.two_factor(user).await?;
        let record = match record {
            Some(record) if !record.enabled => record,
            Some(_) => return Err(Error::conflict(ErrorCode::TwoFactorEnabled, "two-factor sign-in is already on")),
            None => {
                return Err(Error::conflict(
                    ErrorCode::TwoFactorNotStarted,
                    "start turning two-factor sign-in on first",
                ));
            }
        };
        self.attempts.take(&user.to_string()).await?.into_result()?;
        let step = matching_step(&record.secret, code)?.ok_or_else(wrong_code)?;
        let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
        let hashes: Vec<String> = codes.iter().map(|c| hash_recovery_code(c)).collect();
        if !self.store.enable_two_factor(user, step, &hashes, Timestamp::now()).await? {
            return Err(wrong_code());
        }
        Ok(codes)
    }

    /// Turns it off, with a code from the app or a recovery code.
    pub async fn disable(&self, user: UserId, code: &str) -> Result<()> {
        let Some(record) = self.enabled(user).await? else {
            return Err(Error::conflict(ErrorCode::TwoFactorOff, "two-factor sign-in is not on"));
        };
        match self.accept(user, &record, code).await? {
            Verdict::Accepted => {}
            Verdict::AlreadyUsed => return Err(code_used()),
            Verdict::Wrong => return Err(wrong_code()),
        }
        self.store.delete_two_factor(user).await?;
        Ok(())
    }

    pub async fn is_enabled(&self, user: UserId) -> Result<bool> {
        Ok(self.enabled(user).await?.is_some())
    }

    /// At sign-in, once the password is right: `user` without two-factor sign-in is in; with it,
    /// `code` is needed and must let them in.
    pub async fn check_sign_in(&self, user: UserId, code: Option<&str>) -> Result<()> {
        let Some(record) = self.enabled(user).await? else { return Ok(()) };
        let code = code.ok_or(Error::TwoFactorRequired)?;
        match self.accept(user, &record, code).await? {
            Verdict::Accepted => Ok(()),
            Verdict::AlreadyUsed => Err(code_used()),
            Verdict::Wrong => Err(Error::InvalidTwoFactorCode),
        }
    }

    /// The user's two-factor record, if it is on.
    async fn enabled(&self, user: UserId) -> Result<Option<TwoFactorRecord>> {
        Ok(self.store.two_factor(user).await?.filter(|r| r.enabled))
    }

    /// Whether `code` (from the app, or a recovery code, which is then used up) lets `user` in. A code
    /// from the app is accepted once: the app's code, used a moment ago, is told apart from a wrong one
    /// so the person knows to wait for the next.
    async fn accept(&self, user: UserId, record: &TwoFactorRecord, code: &str) -> Result<Verdict> {
        self.attempts.take(&user.to_string()).await?.into_result()?;
        if let Some(step) = matching_step(&record.secret, code)? {
            let fresh = self.store.use_two_factor_step(user, step).await?;
            return Ok(if fresh { Verdict::Accepted } else { Verdict::AlreadyUsed });
        }
        let recovery = normalise_recovery_code(code);
        if recovery.len() == RECOVERY_CODE_CHARS
            && self.store.use_recovery_code(user, &hash_recovery_code(&recovery), Timestamp::now()).await?
        {
            return Ok(Verdict::Accepted);
        }
        Ok(Verdict::Wrong)
    }
}

/// What a code given is.
enum Verdict {
    Accepted,
    /// A right code from the app whose time step was used already.
    AlreadyUsed,
    Wrong,
}

fn code_used() -> Error {
    Error::invalid(ErrorCode::TwoFactorCodeUsed, "that code was used already: wait for the next one in your app")
}

/// The time step whose code `code` is: now, or one step off.
fn matching_step(secret: &str, code: &str) -> Result<Option<i64>> {
    let code = code.trim().replace(' ', "");
    if code.len() != DIGITS {
        return Ok(None);
    }
    let totp = totp(secret, None)?;
    let now = Timestamp::now().millis().max(0) as u64 / 1000;
    let matching = (-i64::from(SKEW_STEPS)..=i64::from(SKEW_STEPS))
        .map(|offset| now.saturating_add_signed(offset * STEP_SECONDS as i64))
        .find(|&time| totp.generate(time) == code);
    Ok(matching.map(|time| (time / STEP_SECONDS) as i64))
}

fn wrong_code() -> Error {
    Error::invalid(ErrorCode::InvalidCode, "that code is not right")
}

/// The TOTP of a base32 secret, as authenticator apps compute it.
fn totp(secret: &str, account: Option<&str>) -> Result<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().map_err(|e| Error::Internal(e.to_string()))?;
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        SKEW_STEPS,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.to_owned()),
        account.unwrap_or_default().to_owned(),
    )
    .map_err(|e| Error::Internal(e.to_string()))
}

/// Recovery codes: ten letters and digits (no look-alikes), shown as `xxxxx-xxxxx`; about 50 bits each.
const RECOVERY_CODE_CHARS: usize = 10;
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

fn recovery_code() -> String {
    let mut rng = rand::rng();
    let chars: String = (0..RECOVERY_CODE_CHARS)
        .map(|_| RECOVERY_ALPHABET[rng.random_range(0..RECOVERY_ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

fn normalise_recovery_code(code: &str) -> String {
    code.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// Recovery codes are kept as SHA-256 hashes: random enough (50 bits, and tries are limited) that a
/// slow hash adds nothing, and a stolen database does not reveal them.
fn hash_recovery_code(code: &str) -> String {
    let digest = Sha256::digest(normalise_recovery_code(code).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 test vectors (8 digits, the 20-byte ASCII secret).
    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        let secret = b"12345678901234567890".to_vec();
        let rfc = TOTP::new_unchecked(Algorithm::SHA1, 8, 1, 30, secret.clone(), None, String::new());
        let vectors = [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ];
        for (time, code) in vectors {
            assert_eq!(rfc.generate(time), code, "T = {time}");
        }
        // Ours are the same codes cut to six digits, from the same secret in base32.
        let base32 = Secret::Raw(secret).to_encoded().to_string();
        let ours = totp(&base32, None).expect("totp");
        for (time, code) in vectors {
            assert_eq!(ours.generate(time), code[2..], "T = {time}");
        }
    }

    #[test]
    fn recovery_codes_are_ten_clear_characters_and_match_however_typed() {
        let code = recovery_code();
        assert_eq!(code.len(), 11);
        assert!(code.chars().all(|c| c == '-' || RECOVERY_ALPHABET.contains(&(c as u8))));
        assert_eq!(hash_recovery_code(&code), hash_recovery_code(&code.to_uppercase().replace('-', " ")));
        assert_ne!(hash_recovery_code(&code), hash_recovery_code(&recovery_code()));
    }
}
