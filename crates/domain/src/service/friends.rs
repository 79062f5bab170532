//! Friends (FRIEND-1…FRIEND-7): search, requests with their checks, the friends list, notes, removal,
//! blocking, and who may reach me. Every change is published to the users it concerns, on all their tabs.

use crate::ErrorCode;
use std::sync::Arc;

use woxly_protocol::friends::{FriendAddedEvent, FriendNoteChangedEvent, FriendRemovedEvent, FriendRequestEvent};

use crate::{
    Error, Result,
    model::{
        Friend, FriendRequest, FriendRequestId, FriendRequestRecord, NotificationKind, Privacy, SearchHit, SearchQuery,
        User, UserId, WoxlyId,
        friend::{self, SEARCH_MAX_RESULTS},
        privacy::Reach,
    },
    service::{
        events::{Audience, EventSink, ServerEvent},
        notifications::Notifications,
    },
    store::{NotificationSubject, Store},
    time::Timestamp,
};

/// Whom a friend request is for: a user id or a WOXLY ID.
#[derive(Debug, Clone)]
pub enum Target {
    UserId(UserId),
    WoxlyId(String),
}

/// What adding a friend led to.
#[derive(Debug, Clone)]
pub enum Added {
    /// A new pending request.
    Requested(FriendRequest),
    /// They had asked first: their request was accepted, and this is the new friend.
    Accepted(Friend),
}

/// Incoming and outgoing pending requests of one user.
#[derive(Debug, Clone)]
pub struct PendingRequests {
    pub incoming: Vec<FriendRequest>,
    pub outgoing: Vec<FriendRequest>,
}

pub struct Friends {
    store: Arc<dyn Store>,
    events: Arc<dyn EventSink>,
    notifications: Arc<Notifications>,
}

impl Friends {
    pub fn new(store: Arc<dyn Store>, events: Arc<dyn EventSink>, notifications: Arc<Notifications>) -> Self {
        Self { store, events, notifications }
    }

    /// FRIEND-1.
    pub async fn search(&self, searcher: UserId, text: &str) -> Result<Vec<SearchHit>> {
        let query = SearchQuery::parse(text)?;
        if !query.can_match() {
            return Ok(Vec::new());
        }
        Ok(self.store.search_users(searcher, &query, SEARCH_MAX_RESULTS).await?)
    }

    /// FRIEND-2, FRIEND-3: checks, then either accepts their pending request or sends one (event and
    /// stored notification for the recipient).
    pub async fn add(&self, me: &User, target: Target) -> Result<Added> {
        let them = match target {
            Target::UserId(id) => self.store.user_by_id(id).await?,
            Target::WoxlyId(text) => match WoxlyId::parse(&text) {
                Some(id) => self.store.user_by_woxly_id(&id.0).await?,
                None => None,
            },
        }
        .filter(|user| !user.deleted)
        .ok_or(Error::UnknownUser)?;
        if them.id == me.id {
            return Err(Error::invalid(ErrorCode::CannotAddSelf, "you cannot add yourself as a friend"));
        }
        // FRIEND-6: to the one blocked, the one who blocked them does not exist.
        match self.store.block_between(me.id, them.id).await? {
            Some(blocker) if blocker == me.id => {
                return Err(Error::conflict(ErrorCode::UserBlocked, "you blocked this user: unblock them first"));
            }
            Some(_) => return Err(Error::UnknownUser),
            None => {}
        }
        if self.store.friend(me.id, them.id).await?.is_some() {
            return Err(Error::conflict(ErrorCode::AlreadyFriends, "you are already friends"));
        }
        if let Some(theirs) = self.store.friend_request_between(them.id, me.id).await? {
            return Ok(Added::Accepted(self.befriend(theirs, me).await?));
        }
        let reach = self.store.privacy(them.id).await?.friend_requests;
        let shared_friend = reach == Reach::FriendsOfFriends && self.store.share_a_friend(me.id, them.id).await?;
        if !reach.lets_in(shared_friend) {
            return Err(Error::conflict(
                ErrorCode::FriendRequestsClosed,
                "this person does not take friend requests from you",
            ));
        }
        let record = self.store.create_friend_request(me.id, them.id).await?;
        let request = FriendRequest { id: record.id, from: me.clone(), to: them, created_at: record.created_at };
        let event = FriendRequestEvent { request: (&request).into(), from: (&request.from).into() };
        self.events.publish(Audience::user(request.to.id), ServerEvent::FriendRequest(event)).await;
        self.notifications.notify(request.to.id, NotificationKind::FriendRequest, me.id, None).await?;
        Ok(Added::Requested(request))
    }

    /// FRIEND-7: who may reach me.
    pub async fn privacy(&self, me: UserId) -> Result<Privacy> {
        Ok(self.store.privacy(me).await?)
    }

    /// FRIEND-7: changes what is given, keeps the rest; the choices as they now are.
    pub async fn set_privacy(
        &self,
        me: UserId,
        friend_requests: Option<Reach>,
        findable_by: Option<Reach>,
    ) -> Result<Privacy> {
        let now = self.store.privacy(me).await?;
        let privacy = Privacy {
            friend_requests: friend_requests.unwrap_or(now.friend_requests),
            findable_by: findable_by.unwrap_or(now.findable_by),
        };
        self.store.set_privacy(me, privacy).await?;
        Ok(privacy)
    }

    /// Accepts a request made to `me`; anyone else's request is not found.
    pub async fn accept(&self, me: &User, id: FriendRequestId) -> Result<Friend> {
        let request = self.request_to(me, id).await?;
        self.befriend(request, me).await
    }

    /// Declines a request made to `me`; the sender is not told (as in products people know).
    pub async fn decline(&self, me: &User, id: FriendRequestId) -> Result<()> {
        let request = self.request_to(me, id).await?;
        self.store.delete_friend_request(request.id).await?;
        self.notifications
            .settle(me.id, NotificationKind::FriendRequest, NotificationSubject::From(request.from_user_id))
            .await
    }

    async fn request_to(&self, me: &User, id: FriendRequestId) -> Result<FriendRequestRecord> {
        self.store.friend_request(id).await?.filter(|r| r.to_user_id == me.id).ok_or(Error::NotFound)
    }

    /// Makes friends of the request's two sides and tells both; returns the sender as `me` sees them.
    async fn befriend(&self, request: FriendRequestRecord, me: &User) -> Result<Friend> {
        self.store.befriend(request.from_user_id, me.id).await?;
        self.notifications
            .settle(me.id, NotificationKind::FriendRequest, NotificationSubject::From(request.from_user_id))
            .await?;
        let theirs = self.store.friend(me.id, request.from_user_id).await?.ok_or(Error::NotFound)?;
        let mine = self.store.friend(request.from_user_id, me.id).await?.ok_or(Error::NotFound)?;
        for (to, friend) in [(request.from_user_id, &mine), (me.id, &theirs)] {
            let event = ServerEvent::FriendAdded(FriendAddedEvent { friend: friend.into() });
            self.events.publish(Audience::user(to), event).await;
        }
        Ok(theirs)
    }

    pub async fn pending(&self, me: &User) -> Result<PendingRequests> {
        let request = |r: FriendRequestRecord, from: &User, to: &User| FriendRequest {
            id: r.id,
            from: from.clone(),
            to: to.clone(),
            created_at: r.created_at,
        };
        let incoming = self.store.incoming_friend_requests(me.id).await?;
        let outgoing = self.store.outgoing_friend_requests(me.id).await?;
        Ok(PendingRequests {
            incoming: incoming.into_iter().map(|(r, from)| request(r, &from, me)).collect(),
            outgoing: outgoing.into_iter().map(|(r, to)| request(r, me, &to)).collect(),
        })
    }

    /// FRIEND-4: grouped by status, then by username.
    pub async fn list(&self, me: UserId) -> Result<Vec<Friend>> {
        let mut friends = self.store.friends(me).await?;
        friend::sort_friends(&mut friends);
        Ok(friends)
    }

    /// FRIEND-5: the note is private to its writer; their other tabs are told.
    pub async fn set_note(&self, me: UserId, friend_id: UserId, note: &str) -> Result<Friend> {
        friend::validate_note(note)?;
        if !self.store.set_friend_note(me, friend_id, note).await? {
            return Err(Error::NotFound);
        }
        let friend = self.store.friend(me, friend_id).await?.ok_or(Error::NotFound)?;
        let event = ServerEvent::FriendNoteChanged(FriendNoteChangedEvent { friend: (&friend).into() });
        self.events.publish(Audience::user(me), event).await;
        Ok(friend)
    }

    /// FRIEND-5: ends the friendship on both sides; both users' tabs are told.
    pub async fn remove(&self, me: UserId, friend_id: UserId) -> Result<()> {
        if !self.store.unfriend(me, friend_id).await? {
            return Err(Error::NotFound);
        }
        for (to, user_id) in [(friend_id, me), (me, friend_id)] {
            let event = ServerEvent::FriendRemoved(FriendRemovedEvent { user_id });
            self.events.publish(Audience::user(to), event).await;
        }
        Ok(())
    }

    /// FRIEND-6: blocks someone: unfriended (both hear it), the requests between them gone, and from
    /// then on they cannot send me a request (it answers as if I did not exist) nor find me.
    pub async fn block(&self, me: UserId, them: UserId) -> Result<()> {
        if them == me {
            return Err(Error::invalid(ErrorCode::CannotBlockSelf, "you cannot block yourself"));
        }
        self.store.user_by_id(them).await?.filter(|user| !user.deleted).ok_or(Error::UnknownUser)?;
        if self.store.friend(me, them).await?.is_some() {
            self.remove(me, them).await?;
        }
        self.store.block(me, them, Timestamp::now()).await?;
        Ok(())
    }

    /// FRIEND-6: unblocking someone I did not block is not found.
    pub async fn unblock(&self, me: UserId, them: UserId) -> Result<()> {
        if !self.store.unblock(me, them).await? {
            return Err(Error::NotFound);
        }
        Ok(())
    }

    /// The people I blocked, the most recent first.
    pub async fn blocked(&self, me: UserId) -> Result<Vec<User>> {
        Ok(self.store.blocked_users(me).await?)
    }
}
