//! NOTIF-4: what each room (or direct conversation) tells each of its members — everything, mentions
//! only or nothing, muted for a while or until turned back on — as they chose it. Kept on the server,
//! so every device sees the same choice, and applied where messages notify (`Chat`).

use std::sync::Arc;

use crate::{
    Result,
    model::{
        RoomId, RoomNotifications, UserId,
        notification_settings::{MuteFor, NotificationLevel},
        permissions::Action,
    },
    service::rooms::RoomAccess,
    store::Store,
    time::Timestamp,
};

pub struct RoomNotificationChoices {
    store: Arc<dyn Store>,
    access: Arc<RoomAccess>,
}

impl RoomNotificationChoices {
    pub fn new(store: Arc<dyn Store>, access: Arc<RoomAccess>) -> Self {
        Self { store, access }
    }

    /// `user`'s choices for `room` as they stand now; for those who may read it.
    pub async fn of(&self, user: UserId, room: RoomId) -> Result<RoomNotifications> {
        self.access.access(user, room, Action::ReadHistory).await?;
        let choices = self.store.room_notifications(room).await?;
        let mine = choices.into_iter().find(|&(u, _)| u == user).map(|(_, c)| c).unwrap_or_default();
        Ok(mine.at(Timestamp::now()))
    }

    /// `user` chooses what `room` tells them from now on; without `mute`, a mute running now keeps
    /// running.
    pub async fn choose(
        &self,
        user: UserId,
        room: RoomId,
        level: NotificationLevel,
        mute: Option<MuteFor>,
    ) -> Result<RoomNotifications> {
        let now = Timestamp::now();
        let choices = match mute {
            Some(mute) => {
                self.access.access(user, room, Action::ReadHistory).await?;
                RoomNotifications::chosen(level, mute, now)
            }
            None => RoomNotifications { level, ..self.of(user, room).await? },
        };
        self.store.set_room_notifications(user, room, choices).await?;
        Ok(choices)
    }
}
