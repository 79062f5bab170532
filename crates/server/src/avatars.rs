//! Avatars (AUTH-7): a picture a person uploads for themself, kept as two squares (see
//! `attachments::inspect::avatar`) in `<files>/avatars/<key>` and `<key>.small`, where every node of a
//! cluster finds them. The key is random and new at every upload, so an avatar's URL can be cached for
//! ever, and an old one is deleted when it is replaced; anyone who knows the URL may fetch it, as
//! anyone who sees the person sees their avatar.

use std::{io, io::Write, path::PathBuf};

use rand::RngCore;
use tempfile::NamedTempFile;

use crate::attachments::inspect::AvatarImages;

/// Where the web client finds avatars: `/api/avatars/<key>`, and the small size with `?size=small`.
const URL_PREFIX: &str = "/api/avatars/";

pub struct Avatars {
    dir: PathBuf,
}

/// One of an avatar's two sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AvatarSize {
    Large,
    Small,
}

impl Avatars {
    pub fn open(dir: PathBuf) -> io::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        Ok(Self { dir })
    }

    /// Stores both sizes under a new key, each written whole before it appears; the avatar's URL.
    /// Blocking.
    pub fn store(&self, images: &AvatarImages) -> io::Result<String> {
        let mut random = [0u8; 16];
        rand::rng().fill_bytes(&mut random);
        let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let extension = if images.content_type == "image/png" { "png" } else { "jpg" };
        let key = format!("{hex}.{extension}");
        for (size, bytes) in [(AvatarSize::Small, &images.small), (AvatarSize::Large, &images.large)] {
            let mut file = NamedTempFile::new_in(&self.dir)?;
            file.write_all(bytes)?;
            file.as_file().sync_all()?;
            file.persist(self.path(&key, size)).map_err(|e| e.error)?;
        }
        Ok(format!("{URL_PREFIX}{key}"))
    }

    /// The file of a stored avatar's size, for a key of the form this module makes; `None` for any other.
    pub fn file(&self, key: &str, size: AvatarSize) -> Option<(PathBuf, &'static str)> {
        let (hex, extension) = key.split_once('.')?;
        let content_type = match extension {
            "jpg" => "image/jpeg",
            "png" => "image/png",
            _ => return None,
        };
        let well_formed = hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        well_formed.then(|| (self.path(key, size), content_type))
    }

    /// Deletes the avatar at `url` if it is one of ours (a replaced or cleared avatar, or a deleted
    /// account's); an outside URL is left alone.
    pub async fn delete(&self, url: Option<&str>) {
        let Some(key) = url.and_then(|url| url.strip_prefix(URL_PREFIX)) else { return };
        for size in [AvatarSize::Large, AvatarSize::Small] {
            let Some((path, _)) = self.file(key, size) else { return };
            match tokio::fs::remove_file(&path).await {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => tracing::warn!(error = %e, path = %path.display(), "cannot delete a replaced avatar"),
            }
        }
    }

    fn path(&self, key: &str, size: AvatarSize) -> PathBuf {
        match size {
            AvatarSize::Large => self.dir.join(key),
            AvatarSize::Small => self.dir.join(format!("{key}.small")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_keys_of_the_form_made_here_name_a_file() {
        let avatars = Avatars { dir: PathBuf::from("/x") };
        let key = "0123456789abcdef0123456789abcdef.jpg";
        assert_eq!(
            avatars.file(key, AvatarSize::Small),
            Some((PathBuf::from(format!("/x/{key}.small")), "image/jpeg"))
        );
        for bad in [
            "../../etc/passwd",
            "0123456789abcdef0123456789abcdef.svg",
            "0123.jpg",
            "0123456789ABCDEF0123456789abcdef.png",
        ] {
            assert_eq!(avatars.file(bad, AvatarSize::Large), None, "{bad}");
        }
    }
}
