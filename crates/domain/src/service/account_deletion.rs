//! AUTH-10: deleting my account. What others see changes as if I had left everything myself — my
//! friends see me gone, rooms I own are deleted, rooms I am in see me leave — and then my personal
//! data is removed; my messages stay, sent by "deleted user".

use std::sync::Arc;

use crate::{
    Result,
    service::{
        accounts::{Accounts, Caller},
        events::{Audience, EventSink},
        friends::Friends,
        rooms::Membership,
    },
    store::Store,
    time::Timestamp,
};

pub struct AccountDeletion {
    accounts: Arc<Accounts>,
    friends: Arc<Friends>,
    rooms: Arc<Membership>,
    store: Arc<dyn Store>,
    events: Arc<dyn EventSink>,
}

impl AccountDeletion {
    pub fn new(
        accounts: Arc<Accounts>,
        friends: Arc<Friends>,
        rooms: Arc<Membership>,
        store: Arc<dyn Store>,
        events: Arc<dyn EventSink>,
    ) -> Self {
        Self { accounts, friends, rooms, store, events }
    }

    /// Deletes the caller's account, given its password; every tab of theirs is signed out.
    pub async fn delete(&self, caller: &Caller, password: &str) -> Result<()> {
        self.accounts.check_password(caller, password).await?;
        let me = caller.user.id;
        for friend in self.friends.list(me).await? {
            self.friends.remove(me, friend.user.id).await?;
        }
        // Rooms I own are deleted and those I am in left; a direct conversation allows neither and stays
        // readable to the other, as after unfriending.
        for (mine, may) in self.rooms.list(me).await? {
            if may.manage {
                self.rooms.delete(me, mine.room.id).await?;
            } else if may.leave {
                self.rooms.leave(me, mine.room.id).await?;
            }
        }
        self.store.delete_account(me, Timestamp::now()).await?;
        self.events.disconnect(Audience::user(me)).await;
        tracing::info!(user_id = me, "account deleted");
        Ok(())
    }
}
