//! The stored files: `<dir>/<first two hex digits>/<sha256>` (and `<sha256>.thumb` for an image's
//! thumbnail), content-addressed so the same file sent twice is kept once. A file is written under
//! `<dir>/tmp` and renamed into place only when complete, so an interrupted upload leaves at most a
//! temporary file, and those are removed at every start.

use std::{io, path::PathBuf, sync::Arc};

use async_trait::async_trait;
use tempfile::TempPath;
use tokio::sync::{Mutex, MutexGuard};
use woxly_domain::{service::attachments::FileStore, store::Store};

/// The folder of the files directory that holds avatars (see `crate::avatars`), not attachments.
pub const AVATARS_DIR: &str = "avatars";

pub struct Files {
    dir: PathBuf,
    store: Arc<dyn Store>,
    /// Held while a file is put in place and its row recorded, and while a file no row refers to is
    /// deleted: without it, a file deleted as unused could be the one a concurrent upload of the same
    /// content has just recorded.
    placing: Mutex<()>,
}

impl Files {
    /// Opens (or makes) the directory, removing what interrupted uploads left.
    pub fn open(dir: PathBuf, store: Arc<dyn Store>) -> io::Result<Self> {
        let tmp = dir.join("tmp");
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir_all(&tmp)?;
        Ok(Self { dir, store, placing: Mutex::new(()) })
    }

    /// Where uploads are written until they are complete.
    pub fn tmp_dir(&self) -> PathBuf {
        self.dir.join("tmp")
    }

    pub fn path(&self, sha256: &str) -> PathBuf {
        self.dir.join(sha256.get(..2).unwrap_or("00")).join(sha256)
    }

    pub fn thumbnail_path(&self, sha256: &str) -> PathBuf {
        self.path(sha256).with_extension("thumb")
    }

    /// Takes the placing lock; hold it until the row that refers to the placed file is recorded.
    pub async fn lock(&self) -> MutexGuard<'_, ()> {
        self.placing.lock().await
    }

    /// Moves a complete temporary file (and its thumbnail) into place, synced to disk first so a
    /// recorded row never points at a file a power cut could lose; a file stored already (the same
    /// content sent before) is kept and the copy dropped. Blocking; call it holding [`Files::lock`]
    /// until the row is recorded.
    pub fn place(&self, file: TempPath, sha256: &str, thumbnail: Option<TempPath>) -> io::Result<()> {
        let target = self.path(sha256);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        for (from, to) in std::iter::once((file, target)).chain(thumbnail.map(|t| (t, self.thumbnail_path(sha256)))) {
            if to.exists() {
                continue;
            }
            std::fs::File::open(&from)?.sync_all()?;
            from.persist(&to).map_err(|e| e.error)?;
        }
        Ok(())
    }

    /// Deletes every stored file no attachment refers to (after rooms were deleted with theirs).
    pub async fn delete_unused(&self) -> io::Result<usize> {
        let mut stored = Vec::new();
        let mut shards = tokio::fs::read_dir(&self.dir).await?;
        while let Some(shard) = shards.next_entry().await? {
            // Only the folders `path` makes: not the temporary files' nor the avatars' (nor anything else).
            if !is_shard(&shard.file_name().to_string_lossy()) || !shard.file_type().await?.is_dir() {
                continue;
            }
            let mut entries = tokio::fs::read_dir(shard.path()).await?;
            while let Some(entry) = entries.next_entry().await? {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !name.ends_with(".thumb") {
                    stored.push(name);
                }
            }
        }
        let mut deleted = 0;
        for chunk in stored.chunks(500) {
            deleted += self.delete_if_unused(chunk.to_vec()).await;
        }
        Ok(deleted)
    }

    /// Of these files, deletes those no attachment refers to: how many.
    async fn delete_if_unused(&self, mut blobs: Vec<String>) -> usize {
        let _lock = self.placing.lock().await;
        blobs.sort();
        blobs.dedup();
        let in_use = match self.store.blobs_in_use(&blobs).await {
            Ok(in_use) => in_use,
            Err(e) => {
                tracing::error!(error = %e, "cannot tell which files are in use; keeping them");
                return 0;
            }
        };
        let mut deleted = 0;
        for blob in blobs.iter().filter(|b| !in_use.contains(b)) {
            for path in [self.path(blob), self.thumbnail_path(blob)] {
                match tokio::fs::remove_file(&path).await {
                    Ok(()) => deleted += 1,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => tracing::error!(error = %e, path = %path.display(), "cannot delete a file"),
                }
            }
        }
        deleted
    }
}

/// A folder of stored files: the first two hex digits of their SHA-256.
fn is_shard(name: &str) -> bool {
    name.len() == 2 && name.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[async_trait]
impl FileStore for Files {
    async fn release(&self, blobs: Vec<String>) {
        self.delete_if_unused(blobs).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_folders_of_stored_files_are_swept() {
        assert!(is_shard("0f") && is_shard("a9"));
        for other in ["tmp", AVATARS_DIR, "AB", "0", "0fa", "zz"] {
            assert!(!is_shard(other), "{other}");
        }
    }
}
