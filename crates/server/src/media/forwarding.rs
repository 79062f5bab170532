//! Who receives what (VOICE-14, VIDEO-2): everyone in a room's voice gets every other person's voice and
//! camera, and a screen share only while they watch it. Pure, so the rule has a table test of its own;
//! the engine turns the answer into media sections of each person's receiving connection.

use std::collections::{BTreeSet, HashMap};

use str0m::media::Mid;
use woxly_protocol::media::MediaKind;

/// One published media section: whose, which section of their connection (mid), and what it carries.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Track {
    /// The publishing endpoint (one per connection and session).
    pub publisher: u64,
    pub user: i64,
    pub mid: Mid,
    /// A share's sound and picture are two tracks of the same kind.
    pub kind: MediaKind,
    /// Sound or picture.
    pub audio: bool,
}

/// The tracks `user` should receive out of everything published in their room: not their own; voices
/// and cameras of everyone; a share only from the person they watch.
pub fn wanted<'a>(user: i64, watching: Option<i64>, published: impl IntoIterator<Item = &'a Track>) -> BTreeSet<Track> {
    published
        .into_iter()
        .filter(|track| track.user != user)
        .filter(|track| track.kind != MediaKind::Screen || watching == Some(track.user))
        .cloned()
        .collect()
}

/// Who watches whose share, per room: what `watch-share` said last, forgotten when the share restarts.
#[derive(Debug, Default)]
pub struct Watching {
    by_viewer: HashMap<(i64, i64), i64>,
}

impl Watching {
    pub fn set(&mut self, room: i64, viewer: i64, sharer: Option<i64>) {
        match sharer {
            Some(sharer) => self.by_viewer.insert((room, viewer), sharer),
            None => self.by_viewer.remove(&(room, viewer)),
        };
    }

    pub fn of(&self, room: i64, viewer: i64) -> Option<i64> {
        self.by_viewer.get(&(room, viewer)).copied()
    }

    /// A share that stops or starts afresh has no watchers (as the room's state says, VIDEO-2).
    pub fn release(&mut self, room: i64, sharer: i64) {
        self.by_viewer.retain(|(in_room, _), watched| !(*in_room == room && *watched == sharer));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn track(user: i64, mid: &str, kind: MediaKind) -> Track {
        Track { publisher: user as u64, user, mid: Mid::from(mid), kind, audio: kind == MediaKind::Voice }
    }

    #[test]
    fn everyone_gets_the_others_voices_and_cameras_and_only_the_share_they_watch() {
        use MediaKind::*;
        let published = [
            track(1, "0", Voice),
            track(1, "1", Camera),
            track(2, "0", Voice),
            track(2, "1", Screen),
            track(2, "2", Screen),
            track(3, "0", Voice),
            track(3, "1", Screen),
        ];
        let mids = |user, watching| -> Vec<(i64, String)> {
            wanted(user, watching, &published).into_iter().map(|t| (t.user, t.mid.to_string())).collect()
        };
        let pairs = |list: &[(i64, &str)]| list.iter().map(|(u, m)| (*u, (*m).to_owned())).collect::<Vec<_>>();
        // Table: (who, whom they watch) → what they get.
        type Row<'a> = (i64, Option<i64>, &'a [(i64, &'a str)]);
        let table: [Row; 5] = [
            (1, None, &[(2, "0"), (3, "0")]),
            (1, Some(2), &[(2, "0"), (2, "1"), (2, "2"), (3, "0")]),
            (2, Some(3), &[(1, "0"), (1, "1"), (3, "0"), (3, "1")]),
            // Watching oneself or someone not sharing brings nothing more.
            (3, Some(3), &[(1, "0"), (1, "1"), (2, "0")]),
            (4, Some(1), &[(1, "0"), (1, "1"), (2, "0"), (3, "0")]),
        ];
        for (user, watching, expected) in table {
            assert_eq!(mids(user, watching), pairs(expected), "user {user} watching {watching:?}");
        }
    }

    #[test]
    fn a_restarted_share_loses_its_watchers_in_that_room_only() {
        let mut watching = Watching::default();
        watching.set(10, 1, Some(2));
        watching.set(10, 3, Some(2));
        watching.set(11, 1, Some(2));
        watching.set(10, 4, Some(5));
        watching.release(10, 2);
        assert_eq!(watching.of(10, 1), None);
        assert_eq!(watching.of(10, 3), None);
        assert_eq!(watching.of(11, 1), Some(2));
        assert_eq!(watching.of(10, 4), Some(5));
        watching.set(10, 4, None);
        assert_eq!(watching.of(10, 4), None);
    }
}
