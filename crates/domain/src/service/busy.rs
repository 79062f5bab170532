//! STATUS-2 during calls (CALL-2): an accepted call makes both sides busy, and when either is gone from
//! the call's room (by whatever path) both get back the status they had.

use crate::{
    Result,
    model::{RoomId, Status, UserId},
    service::Shared,
};

pub struct BusyDuringCalls {
    shared: Shared,
}

impl BusyDuringCalls {
    pub fn new(shared: &Shared) -> Self {
        Self { shared: shared.clone() }
    }

    /// CALL-2, STATUS-2: an accepted call in `room_id` makes both sides busy until one of them leaves.
    pub async fn start(&self, room_id: RoomId, sides: [UserId; 2]) -> Result<()> {
        let mut before = Vec::new();
        for user in sides {
            if let Some(previous) = self.shared.store.user_by_id(user).await?.map(|u| u.status)
                && self.shared.presence.choose(user, Status::Busy).await.is_ok()
            {
                before.push((user, previous));
            }
        }
        self.shared.live.call_started(room_id, before).await
    }

    /// A call in `room_id` is over when `user` (one of its sides, or anyone when `None`) is gone from
    /// the room: both sides get back the status they had.
    pub(crate) async fn end(&self, room_id: RoomId, user: Option<UserId>) {
        let sides = match self.shared.live.end_call(room_id, user).await {
            Ok(sides) => sides.unwrap_or_default(),
            Err(e) => {
                tracing::error!(room_id, error = %e, "could not end a call");
                return;
            }
        };
        for (side, previous) in sides {
            // A side that went offline in the meantime has nothing to restore.
            let _ = self
                .shared
                .presence
                .choose(side, if previous == Status::Offline { Status::Online } else { previous })
                .await;
        }
    }
}
