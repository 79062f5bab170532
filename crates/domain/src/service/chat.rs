//! Text chat (CHAT-1, CHAT-2, CHAT-4) and what friends do with messages (MSG-2…MSG-6): a message is
//! stored before anyone hears of it; a retry with the same nonce stores nothing new; it can be edited
//! or deleted, answered, reacted to and can mention members; each member's read position says what is
//! unread. Everything here goes through the room's access rule and is told to the people in the room.

use crate::ErrorCode;
use std::{collections::HashSet, sync::Arc, time::Duration};

use tokio::sync::OnceCell;
use woxly_protocol::chat::{MessageDeletedEvent, ReactionEvent, RoomReadEvent, TypingEvent};

use crate::{
    Error, Result,
    model::{
        AttachmentId, HistoryPage, Message, MessageHead, MessageId, NewMessage, NotificationKind, Room, RoomId,
        SearchResult, User, UserId,
        message::{self, HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX},
        notification_settings::RoomChoices,
        page_size,
        permissions::{self, Action},
        search::{self, MessageSearch, SEARCH_PAGE_DEFAULT, SEARCH_PAGE_MAX},
        user::username_key,
    },
    service::{
        Shared,
        attachments::Attachments,
        events::{Audience, ServerEvent},
        limits::{Limiter, Rate, RateLimits},
        rooms::{LiveRooms, Membership, RoomAccess, Rooms},
    },
    store::NotificationSubject,
    time::Timestamp,
};

/// Edits, deletions and reactions per user: a burst of 20, then 5 a second.
const ACTIONS: Rate = Rate { every: Duration::from_millis(200), burst: 20 };
/// Typing signals per user and room: clients send one every 3 s while typing; this lets a second tab
/// or a reconnect through, and stops a client that sends one per keystroke (30 a minute, 3 at once).
const TYPING: Rate = Rate { every: Duration::from_secs(2), burst: 3 };

pub struct Chat {
    shared: Shared,
    access: Arc<RoomAccess>,
    membership: Arc<Membership>,
    live: Arc<LiveRooms>,
    attachments: Arc<Attachments>,
    /// Both counted across nodes in a cluster, as the socket event budget.
    actions: Arc<dyn Limiter>,
    typing: Arc<dyn Limiter>,
}

impl Chat {
    pub fn new(shared: &Shared, rooms: &Rooms, attachments: Arc<Attachments>, limits: &dyn RateLimits) -> Self {
        Self {
            shared: shared.clone(),
            access: rooms.access.clone(),
            membership: rooms.membership.clone(),
            live: rooms.live.clone(),
            attachments,
            actions: limits.limiter("message-actions", ACTIONS),
            typing: limits.limiter("typing", TYPING),
        }
    }

    /// CHAT-1: checks, stores, then tells the room. Messages of one room are stored and told under the
    /// room's lock, so everyone hears them in the order of their ids. A reply names a message of the
    /// same room (MSG-3); `@name` of a member mentions them (MSG-6); files are the sender's uploads to
    /// the room (FILE-1).
    pub async fn send(
        &self,
        sender: &User,
        room_id: RoomId,
        content: &str,
        nonce: Option<&str>,
        reply_to: Option<MessageId>,
        attachments: &[AttachmentId],
    ) -> Result<Message> {
        let writing = self.access.access_to_send(sender.id, room_id).await?;
        message::validate_content(content, !attachments.is_empty())?;
        if let Some(nonce) = nonce {
            message::validate_nonce(nonce)?;
        }
        if let Some(original) = reply_to
            && self.shared.store.message_head(original).await?.is_none_or(|m| m.room_id != room_id)
        {
            return Err(Error::invalid(ErrorCode::InvalidReply, "a reply answers a message of the same room"));
        }
        self.attachments.check_sendable(sender.id, room_id, attachments).await?;
        let new = NewMessage {
            room_id,
            sender: writing.writer,
            content: content.to_owned(),
            nonce: nonce.map(str::to_owned),
            reply_to,
            mentions: self.mentioned(&writing.room, sender.id, content).await?,
            attachments: attachments.to_vec(),
        };
        let (message, is_new) = {
            let _order = self.live.lock(room_id).await;
            let (message, is_new) = self.shared.store.create_message(&new).await?;
            if is_new {
                self.shared
                    .events
                    .publish(Audience::room(room_id), ServerEvent::NewMessage(Box::new((&message).into())))
                    .await;
            }
            (message, is_new)
        };
        // The answer says the message is stored: a notification that cannot be made now (the live state
        // out of reach) is logged, not turned into a refusal the sender would retry.
        if is_new && let Err(e) = self.notify_about(&writing.room, &message, writing.accepted_members).await {
            tracing::error!(message_id = message.id, error = %e, "could not notify about a message");
        }
        Ok(message)
    }

    async fn notify_about(&self, room: &Room, message: &Message, accepted_members: u32) -> Result<()> {
        let choices = OnceCell::new();
        self.notify_mentioned(message, &[], &choices).await?;
        self.notify_absent_members(room, message, accepted_members, &choices).await
    }

    /// MSG-6: the members who may read the room, other than the sender, whose usernames are written as
    /// `@name`.
    async fn mentioned(&self, room: &Room, sender: UserId, content: &str) -> Result<Vec<UserId>> {
        let names: HashSet<String> = message::mentioned_names(content).into_iter().map(username_key).collect();
        if names.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .shared
            .store
            .members(room.id)
            .await?
            .into_iter()
            .filter(|m| permissions::reads(room, m.user.id, m.status) && m.user.id != sender)
            .filter(|m| names.contains(&username_key(&m.user.username)))
            .map(|m| m.user.id)
            .collect())
    }

    /// What the room tells each person now (NOTIF-4): read into `cell` the first time one message has
    /// someone to notify, and not again for that message.
    async fn choices<'a>(&self, room_id: RoomId, cell: &'a OnceCell<RoomChoices>) -> Result<&'a RoomChoices> {
        cell.get_or_try_init(|| async {
            Ok(RoomChoices::new(self.shared.store.room_notifications(room_id).await?, Timestamp::now()))
        })
        .await
    }

    /// MSG-6: a `mention` notification to each member the message mentions, but not again to those
    /// `already` told (an edit that keeps a mention), nor to those who muted the room or hear nothing
    /// from it (NOTIF-4).
    async fn notify_mentioned(
        &self,
        message: &Message,
        already: &[UserId],
        choices: &OnceCell<RoomChoices>,
    ) -> Result<()> {
        let newly: Vec<UserId> = message.mentions.iter().copied().filter(|u| !already.contains(u)).collect();
        if newly.is_empty() {
            return Ok(());
        }
        let choices = self.choices(message.room_id, choices).await?;
        for user in newly.into_iter().filter(|&u| choices.wants(u, NotificationKind::Mention)) {
            self.shared.notifications.notify_about_message(user, NotificationKind::Mention, message).await?;
        }
        Ok(())
    }

    /// CHAT-4: members who may read the room and are neither in its voice nor showing it now (online or
    /// not) get the room's one unread notification; those it mentions have just had a better one.
    /// `accepted_members`: the room's count, read with the sender's access.
    async fn notify_absent_members(
        &self,
        room: &Room,
        message: &Message,
        accepted_members: u32,
        choices: &OnceCell<RoomChoices>,
    ) -> Result<()> {
        // When as many people are in the room as it has members, nobody is absent: the member list
        // (thousands of rows in a big room, for every message) need not be read.
        let present = u32::try_from(self.live.people_in(message.room_id).await?).unwrap_or(u32::MAX);
        if present >= accepted_members {
            return Ok(());
        }
        let readers = self.shared.live.readers(message.room_id).await?;
        let choices = self.choices(message.room_id, choices).await?;
        // Members with their live state: one read of who is in the room, not one per member.
        for participant in self.live.participants(message.room_id).await? {
            let id = participant.member.user.id;
            if permissions::reads(room, id, participant.member.status)
                && id != message.sender.id
                && !message.mentions.contains(&id)
                && participant.live.is_none()
                && !readers.contains(&id)
                && choices.wants(id, NotificationKind::Message)
            {
                self.shared.notifications.notify_message(id, message).await?;
            }
        }
        Ok(())
    }

    /// CHAT-2: a page of history, oldest first, for members only. A page around a message needs that
    /// message to be in the room.
    pub async fn history(
        &self,
        user: UserId,
        room_id: RoomId,
        page: Option<HistoryPage>,
        limit: Option<u32>,
    ) -> Result<Vec<Message>> {
        self.access.access(user, room_id, Action::ReadHistory).await?;
        let limit = page_size(limit, HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX)?;
        if let Some(HistoryPage::Around(id)) = page
            && self.shared.store.message_head(id).await?.is_none_or(|m| m.room_id != room_id)
        {
            return Err(Error::NotFound);
        }
        Ok(self.shared.store.messages(room_id, page, limit).await?)
    }

    /// A message `user` may do `action` to, with the room's access rule: one of a room they cannot see
    /// is not found, as the room itself would be.
    async fn message_for(&self, user: UserId, id: MessageId, action: Action) -> Result<MessageHead> {
        let message = self.shared.store.message_head(id).await?.ok_or(Error::NotFound)?;
        self.access.access(user, message.room_id, action).await?;
        Ok(message)
    }

    /// MSG-2: the sender changes their message's text; the room sees the new one. Members newly
    /// mentioned are notified.
    pub async fn edit(&self, user: &User, id: MessageId, content: &str) -> Result<Message> {
        self.actions.take(&user.id.to_string()).await?.into_result()?;
        // The whole message, not only its head: who it mentioned before is needed below.
        let before = self.shared.store.message(id).await?.ok_or(Error::NotFound)?;
        let room = self.access.access(user.id, before.room_id, Action::Write).await?;
        if before.sender.id != user.id {
            return Err(Error::Forbidden("you can edit only your own messages"));
        }
        if before.deleted {
            return Err(Error::conflict(ErrorCode::MessageDeleted, "this message was deleted"));
        }
        message::validate_content(content, !before.attachments.is_empty())?;
        let mentions = self.mentioned(&room, user.id, content).await?;
        if !self.shared.store.edit_message(id, content, &mentions).await? {
            return Err(Error::conflict(ErrorCode::MessageDeleted, "this message was deleted"));
        }
        let edited = self.shared.store.message(id).await?.ok_or(Error::NotFound)?;
        self.shared
            .events
            .publish(Audience::room(edited.room_id), ServerEvent::MessageUpdated(Box::new((&edited).into())))
            .await;
        self.notify_mentioned(&edited, &before.mentions, &OnceCell::new()).await?;
        Ok(edited)
    }

    /// MSG-2: the sender deletes their message, or the room's owner anyone's; the text and files are
    /// erased, the room sees "deleted" in its place.
    pub async fn delete(&self, user: UserId, id: MessageId) -> Result<()> {
        self.actions.take(&user.to_string()).await?.into_result()?;
        let message = self.message_for(user, id, Action::Retract).await?;
        if message.sender_id != user {
            self.access
                .access(user, message.room_id, Action::Manage)
                .await
                .map_err(|_| Error::Forbidden("you can delete only your own messages, or any in a room you own"))?;
        }
        let Some(files) = self.shared.store.delete_message(id).await? else {
            return Err(Error::conflict(ErrorCode::MessageDeleted, "this message was deleted already"));
        };
        self.attachments.release(files).await;
        let event = MessageDeletedEvent { message_id: id, room_id: message.room_id };
        self.shared.events.publish(Audience::room(message.room_id), ServerEvent::MessageDeleted(event)).await;
        Ok(())
    }

    /// MSG-4: adds or removes `user`'s reaction; adding one twice is one reaction, and only a change is
    /// told to the room.
    pub async fn react(&self, user: UserId, id: MessageId, emoji: &str, add: bool) -> Result<()> {
        self.actions.take(&user.to_string()).await?.into_result()?;
        let emoji = message::reaction_emoji(emoji)?;
        let message = self.message_for(user, id, if add { Action::React } else { Action::Retract }).await?;
        if message.deleted {
            return Err(Error::conflict(ErrorCode::MessageDeleted, "this message was deleted"));
        }
        let changed = if add {
            self.shared.store.add_reaction(id, user, emoji).await?
        } else {
            self.shared.store.remove_reaction(id, user, emoji).await?
        };
        if changed {
            let event =
                ReactionEvent { message_id: id, room_id: message.room_id, emoji: emoji.to_owned(), user_id: user };
            let event = if add { ServerEvent::ReactionAdded(event) } else { ServerEvent::ReactionRemoved(event) };
            self.shared.events.publish(Audience::room(message.room_id), event).await;
        }
        Ok(())
    }

    /// MSG-5 (typing): told to the others in the room, never stored; only from someone who shows the
    /// room or is in its voice (VOICE-1).
    pub async fn typing(&self, user: &User, room_id: RoomId, connection: &str) -> Result<()> {
        self.access.access(user.id, room_id, Action::Write).await?;
        if !self.live.is_present(room_id, user.id).await? {
            return Err(Error::conflict(ErrorCode::NotInRoom, "join the room first"));
        }
        self.typing.take(&format!("{}:{room_id}", user.id)).await?.into_result()?;
        let event = TypingEvent { room_id, user_id: user.id, username: user.username.clone() };
        let others = Audience::Room { room_id, except: Some(connection.to_owned()) };
        self.shared.events.publish(others, ServerEvent::UserTyping(event)).await;
        Ok(())
    }

    /// MSG-5 (unread): `user` has read `room_id` up to `message_id`. Every tab of theirs is told, and
    /// the room's unread-message notification is settled. Returns the read position.
    pub async fn mark_read(&self, user: UserId, room_id: RoomId, message_id: MessageId) -> Result<MessageId> {
        self.access.access(user, room_id, Action::ReadHistory).await?;
        if message_id < 0 {
            return Err(Error::invalid(ErrorCode::InvalidMessageId, "messageId is a message's id"));
        }
        let (last_read_id, moved) = self.shared.store.mark_read(room_id, user, message_id).await?;
        if !moved {
            return Ok(last_read_id);
        }
        let event = RoomReadEvent { room_id, last_read_id };
        self.shared.events.publish(Audience::user(user), ServerEvent::RoomRead(event)).await;
        self.shared.notifications.settle(user, NotificationKind::Message, NotificationSubject::Room(room_id)).await?;
        Ok(last_read_id)
    }

    /// SEARCH-1: `user`'s messages matching `query`, newest first, from rooms they are a member of
    /// now (all of them, or `room_id`). `from:` names a user and `in:` a room of theirs; naming
    /// nobody finds nothing.
    pub async fn search(
        &self,
        user: UserId,
        query: &str,
        room_id: Option<RoomId>,
        older_than: Option<MessageId>,
        limit: Option<u32>,
    ) -> Result<Vec<SearchResult>> {
        let limit = page_size(limit, SEARCH_PAGE_DEFAULT, SEARCH_PAGE_MAX)?;
        let parsed = search::parse_query(query)?;
        if parsed.is_empty() {
            return Err(Error::invalid(ErrorCode::InvalidSearch, "type a word or a filter to search for"));
        }
        if let Some(room_id) = room_id {
            self.access.access(user, room_id, Action::ReadHistory).await?;
        }
        let from = match &parsed.from {
            Some(name) => match self.shared.store.credentials_by_login(name).await? {
                Some(found) if !name.contains('@') => Some(found.user.id),
                _ => return Ok(Vec::new()),
            },
            None => None,
        };
        // The scope: the rooms whose history the access rule lets `user` read, narrowed by `roomId` and `in:`.
        let name = parsed.room.as_deref().map(str::to_lowercase);
        let rooms: Vec<RoomId> = (self.membership.list(user).await?.into_iter())
            .filter(|(mine, permissions)| permissions.read_history && room_id.is_none_or(|only| only == mine.room.id))
            .filter(|(mine, _)| {
                let shown = mine.peer.as_ref().map_or(&mine.room.name, |peer| &peer.username);
                name.as_ref().is_none_or(|name| shown.to_lowercase().contains(name))
            })
            .map(|(mine, _)| mine.room.id)
            .collect();
        if rooms.is_empty() {
            return Ok(Vec::new());
        }
        let search = MessageSearch {
            user,
            terms: parsed.terms,
            rooms: Some(rooms),
            from,
            has_file: parsed.has_file,
            has_image: parsed.has_image,
            before: parsed.before,
            after: parsed.after,
            older_than,
            limit,
        };
        Ok(self.shared.store.search_messages(&search).await?)
    }
}
