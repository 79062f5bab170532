//! Notifications (NOTIF-1, NOTIF-3): the one service through which every notification of the product
//! is stored and then pushed to its owner's open tabs. Later capabilities (rooms, calls, messages)
//! notify through [`Notifications::notify`] too, so nothing is pushed that was not stored first.

use std::sync::Arc;

use crate::{
    Error, Result,
    model::{Message, NewNotification, Notification, NotificationId, NotificationKind, RoomId, UserId},
    service::events::{Audience, EventSink, ServerEvent},
    store::{NotificationSubject, Store},
};

pub const PAGE_DEFAULT: u32 = 50;
pub const PAGE_MAX: u32 = 100;

pub struct Notifications {
    store: Arc<dyn Store>,
    events: Arc<dyn EventSink>,
}

impl Notifications {
    pub fn new(store: Arc<dyn Store>, events: Arc<dyn EventSink>) -> Self {
        Self { store, events }
    }

    /// Stores an unread notification for `user_id`, about `room` if given, then pushes it.
    pub async fn notify(
        &self,
        user_id: UserId,
        kind: NotificationKind,
        from_user_id: UserId,
        room_id: Option<RoomId>,
    ) -> Result<Notification> {
        let new = NewNotification { user_id, kind, from_user_id, room_id, message_id: None };
        self.push(self.store.create_notification(&new).await?).await
    }

    /// A notification about one message (MSG-6's `mention`), from its sender.
    pub async fn notify_about_message(
        &self,
        user_id: UserId,
        kind: NotificationKind,
        message: &Message,
    ) -> Result<Notification> {
        let new = NewNotification {
            user_id,
            kind,
            from_user_id: message.sender.id,
            room_id: Some(message.room_id),
            message_id: Some(message.id),
        };
        self.push(self.store.create_notification(&new).await?).await
    }

    /// CHAT-4: one unread `message` notification per room, kept up to date with the newest message.
    pub async fn notify_message(&self, user_id: UserId, message: &Message) -> Result<Notification> {
        self.push(self.store.notify_message(user_id, message.room_id, message.sender.id, message.id).await?).await
    }

    /// Sends a stored notification to its owner's tabs (NOTIF-1).
    async fn push(&self, stored: Notification) -> Result<Notification> {
        self.events
            .publish(Audience::user(stored.user_id), ServerEvent::Notification(Box::new((&stored).into())))
            .await;
        Ok(stored)
    }

    /// A page of `user_id`'s notifications, newest first; `before` continues from the last page's oldest.
    pub async fn list(
        &self,
        user_id: UserId,
        unread_only: bool,
        before: Option<NotificationId>,
        limit: Option<u32>,
    ) -> Result<Vec<Notification>> {
        let limit = crate::model::page_size(limit, PAGE_DEFAULT, PAGE_MAX)?;
        Ok(self.store.notifications(user_id, unread_only, before, limit).await?)
    }

    /// Someone else's notification is answered as if it did not exist.
    pub async fn mark_read(&self, user_id: UserId, id: NotificationId) -> Result<()> {
        if self.store.mark_notification_read(user_id, id).await? { Ok(()) } else { Err(Error::NotFound) }
    }

    pub async fn mark_all_read(&self, user_id: UserId) -> Result<()> {
        Ok(self.store.mark_all_notifications_read(user_id).await?)
    }

    /// `user_id`'s notifications of `kind` about `subject` have been dealt with (a request or an
    /// invitation was answered): they are marked read.
    pub async fn settle(&self, user_id: UserId, kind: NotificationKind, subject: NotificationSubject) -> Result<()> {
        Ok(self.store.mark_notifications_read_about(user_id, kind, subject).await?)
    }
}
