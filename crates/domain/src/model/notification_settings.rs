//! What each room tells each person (NOTIF-4): a level (everything, mentions only, nothing) and a mute
//! for a while or until turned back on. Kept on the server, so every device of the person has it, and
//! applied where the server decides who is notified.

pub use woxly_protocol::notifications::{MuteFor, NotificationLevel};

use std::collections::HashMap;

use crate::{
    model::{NotificationKind, UserId},
    time::Timestamp,
};

const HOUR_MS: i64 = 3_600_000;

/// One person's choices for one room; the default (everything, not muted) is not stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoomNotifications {
    pub level: NotificationLevel,
    /// Muted until then; `Timestamp(i64::MAX)` until turned back on.
    pub muted_until: Option<Timestamp>,
}

impl RoomNotifications {
    pub const FOREVER: Timestamp = Timestamp(i64::MAX);

    /// The choices made at `now`: a mute for a while ends that long from now.
    pub fn chosen(level: NotificationLevel, mute: MuteFor, now: Timestamp) -> Self {
        let muted_until = match mute {
            MuteFor::Off => None,
            MuteFor::OneHour => Some(Timestamp(now.millis() + HOUR_MS)),
            MuteFor::EightHours => Some(Timestamp(now.millis() + 8 * HOUR_MS)),
            MuteFor::Forever => Some(Self::FOREVER),
        };
        Self { level, muted_until }
    }

    /// As they stand at `now`: a mute that has run out is no mute.
    pub fn at(self, now: Timestamp) -> Self {
        Self { muted_until: self.muted_until.filter(|until| until.millis() > now.millis()), ..self }
    }

    /// Whether a notification of `kind` about the room's messages reaches the person at `now`.
    pub fn wants(self, kind: NotificationKind, now: Timestamp) -> bool {
        if self.at(now).muted_until.is_some() {
            return false;
        }
        match self.level {
            NotificationLevel::All => true,
            NotificationLevel::Mentions => kind == NotificationKind::Mention,
            NotificationLevel::Nothing => false,
        }
    }
}

/// Everyone's choices in one room as they stand at one moment: read once for a message, asked for
/// each person it might notify.
pub struct RoomChoices {
    by_user: HashMap<UserId, RoomNotifications>,
    now: Timestamp,
}

impl RoomChoices {
    pub fn new(choices: Vec<(UserId, RoomNotifications)>, now: Timestamp) -> Self {
        Self { by_user: choices.into_iter().collect(), now }
    }

    /// Whether `user` is to get a notification of `kind` about the room's messages.
    pub fn wants(&self, user: UserId, kind: NotificationKind) -> bool {
        self.by_user.get(&user).copied().unwrap_or_default().wants(kind, self.now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_level_and_a_running_mute_decide() {
        let now = Timestamp(1_000_000);
        let later = Timestamp(now.millis() + 2 * HOUR_MS);
        let (message, mention) = (NotificationKind::Message, NotificationKind::Mention);
        let all = RoomNotifications::default();
        assert!(all.wants(message, now) && all.wants(mention, now));
        let mentions = RoomNotifications::chosen(NotificationLevel::Mentions, MuteFor::Off, now);
        assert!(!mentions.wants(message, now) && mentions.wants(mention, now));
        let nothing = RoomNotifications::chosen(NotificationLevel::Nothing, MuteFor::Off, now);
        assert!(!nothing.wants(mention, now));
        let hour = RoomNotifications::chosen(NotificationLevel::All, MuteFor::OneHour, now);
        assert!(!hour.wants(mention, now) && hour.wants(mention, later), "an hour's mute runs out");
        let forever = RoomNotifications::chosen(NotificationLevel::All, MuteFor::Forever, now);
        assert!(!forever.wants(mention, later) && forever.at(later).muted_until == Some(RoomNotifications::FOREVER));
    }
}
