//! Text chat (CHAT-1, CHAT-2, CHAT-4): a message is stored before anyone hears of it; a retry with the
//! same nonce stores nothing new; members not in the room get one unread notification per room.

use std::sync::Arc;

use crate::{
    Error, Result,
    model::{
        HistoryPage, MemberStatus, Message, RoomId, User, UserId,
        message::{self, HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX},
    },
    service::{
        events::{Audience, EventSink, ServerEvent},
        notifications::Notifications,
        rooms::{RoomAction, Rooms},
    },
    store::Store,
};

pub struct Chat {
    store: Arc<dyn Store>,
    events: Arc<dyn EventSink>,
    notifications: Arc<Notifications>,
    rooms: Arc<Rooms>,
}

impl Chat {
    pub fn new(
        store: Arc<dyn Store>,
        events: Arc<dyn EventSink>,
        notifications: Arc<Notifications>,
        rooms: Arc<Rooms>,
    ) -> Self {
        Self { store, events, notifications, rooms }
    }

    /// CHAT-1: checks, stores, then tells the room. Messages of one room are stored and told under the
    /// room's lock, so everyone hears them in the order of their ids.
    pub async fn send(&self, sender: &User, room_id: RoomId, content: &str, nonce: Option<&str>) -> Result<Message> {
        self.rooms.access(sender.id, room_id, RoomAction::Use).await?;
        message::validate_content(content)?;
        if let Some(nonce) = nonce {
            message::validate_nonce(nonce)?;
        }
        let (message, is_new) = {
            let _order = self.rooms.lock(room_id).await;
            let (message, is_new) = self.store.create_message(room_id, sender.id, content, nonce).await?;
            if is_new {
                self.events.publish(Audience::room(room_id), ServerEvent::NewMessage((&message).into())).await;
            }
            (message, is_new)
        };
        if is_new {
            self.notify_absent_members(&message).await?;
        }
        Ok(message)
    }

    /// CHAT-4: members who are not in the room now (online or not) get the room's one unread notification.
    async fn notify_absent_members(&self, message: &Message) -> Result<()> {
        // When as many people are in the room as it has members, nobody is absent: the member list
        // (thousands of rows in a big room, for every message) need not be read.
        let present = u32::try_from(self.rooms.people_in(message.room_id)).unwrap_or(u32::MAX);
        if present >= self.store.accepted_count(message.room_id).await? {
            return Ok(());
        }
        for member in self.store.members(message.room_id).await? {
            let id = member.user.id;
            if member.status == MemberStatus::Accepted
                && id != message.sender.id
                && !self.rooms.is_in(message.room_id, id)
            {
                self.notifications.notify_message(id, message).await?;
            }
        }
        Ok(())
    }

    /// CHAT-2: a page of history, oldest first, for members only.
    pub async fn history(
        &self,
        user: UserId,
        room_id: RoomId,
        page: Option<HistoryPage>,
        limit: Option<u32>,
    ) -> Result<Vec<Message>> {
        self.rooms.access(user, room_id, RoomAction::Use).await?;
        let limit = limit.unwrap_or(HISTORY_PAGE_DEFAULT);
        if !(1..=HISTORY_PAGE_MAX).contains(&limit) {
            return Err(Error::invalid("invalid_limit", format!("limit must be 1 to {HISTORY_PAGE_MAX}")));
        }
        Ok(self.store.messages(room_id, page, limit).await?)
    }
}
