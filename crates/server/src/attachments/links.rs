//! Signed links to files (FILE-3). A link names the file, the member it was made for and when it
//! expires, signed with HMAC-SHA256 under a key of the server's: `<img src>` and `<a download>` cannot
//! send a bearer token, and a link that works for anyone who sees it would outlive a member's removal.
//! A download checks the signature, the expiry, and that the member is still one.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use woxly_domain::{
    model::{AttachmentId, UserId},
    time::Timestamp,
};

/// The full file, or an image's thumbnail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    File,
    Thumbnail,
}

impl Variant {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::Thumbnail => "thumbnail",
        }
    }
}

pub struct Links {
    key: Vec<u8>,
    /// How long a link works.
    pub valid_seconds: i64,
}

impl Links {
    pub fn new(key: Vec<u8>, valid_seconds: i64) -> Self {
        Self { key, valid_seconds }
    }

    /// The signature of a link to `variant` of `attachment` for `user`, valid until `expires`
    /// (Unix seconds).
    pub fn sign(&self, attachment: AttachmentId, variant: Variant, user: UserId, expires: i64) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(attachment, variant, user, expires).finalize().into_bytes())
    }

    /// A path with its query, for `user`, and when it stops working (Unix seconds).
    pub fn link(&self, attachment: AttachmentId, variant: Variant, user: UserId) -> (String, i64) {
        let expires = Timestamp::now().millis() / 1000 + self.valid_seconds;
        let signature = self.sign(attachment, variant, user, expires);
        let path = format!("/api/attachments/{attachment}/{}?u={user}&e={expires}&s={signature}", variant.as_str());
        (path, expires)
    }

    /// Whether a link is genuine (compared in constant time) and has not expired.
    pub fn verify(
        &self,
        attachment: AttachmentId,
        variant: Variant,
        user: UserId,
        expires: i64,
        signature: &str,
    ) -> bool {
        let Ok(signature) = URL_SAFE_NO_PAD.decode(signature) else { return false };
        expires > Timestamp::now().millis() / 1000
            && self.mac(attachment, variant, user, expires).verify_slice(&signature).is_ok()
    }

    fn mac(&self, attachment: AttachmentId, variant: Variant, user: UserId, expires: i64) -> Hmac<Sha256> {
        // `new_from_slice` takes keys of any length for HMAC.
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).unwrap_or_else(|_| unreachable!());
        mac.update(format!("{attachment}/{}/{user}/{expires}", variant.as_str()).as_bytes());
        mac
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_works_only_as_signed_and_until_it_expires() {
        let links = Links::new(b"k".repeat(32), 60);
        let later = Timestamp::now().millis() / 1000 + 60;
        let signature = links.sign(7, Variant::File, 3, later);
        assert!(links.verify(7, Variant::File, 3, later, &signature));
        assert!(!links.verify(7, Variant::Thumbnail, 3, later, &signature), "another variant");
        assert!(!links.verify(7, Variant::File, 4, later, &signature), "another user");
        assert!(!links.verify(8, Variant::File, 3, later, &signature), "another file");
        assert!(!links.verify(7, Variant::File, 3, later + 1, &signature), "another expiry");
        let past = Timestamp::now().millis() / 1000 - 1;
        assert!(!links.verify(7, Variant::File, 3, past, &links.sign(7, Variant::File, 3, past)), "expired");
        assert!(!links.verify(7, Variant::File, 3, later, "not base64!"));
    }
}
