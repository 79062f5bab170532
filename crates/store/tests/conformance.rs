//! One conformance suite for every backend: run as is on SQLite, and with `WOXLY_TEST_POSTGRES` set on
//! PostgreSQL. Each test gets a fresh database. Users, sessions, search, friends, notifications, rooms
//! and messages (nonces, the group-commit writer under concurrent sends, history by cursor and offset).

use std::sync::Arc;

use woxly_domain::{
    model::{
        AttachmentKind, HistoryPage, MemberStatus, Message, NewAttachment, NewMessage, NewNotification, NewRoom,
        NewUser, NotificationKind, RoomId, RoomKind, SearchQuery, Session, Status, User, UserId, WoxlyId,
        search::MessageSearch,
    },
    store::{
        Attachments, Friends, Messages, NotificationSubject, Notifications, ProfileChanges, Rooms, Sessions, Store,
        StoreError, UniqueField, Users,
    },
    time::Timestamp,
};
use woxly_store::{SqlStore, test_support::TestDatabase};

async fn fresh_store() -> (TestDatabase, Arc<SqlStore>) {
    let db = TestDatabase::fresh().await;
    let store = SqlStore::connect(&db.url).await.expect("connect and migrate");
    (db, Arc::new(store))
}

fn new_user(woxly_id: &str, username: &str, email: &str) -> NewUser {
    NewUser {
        woxly_id: WoxlyId(woxly_id.into()),
        username: username.into(),
        email: email.into(),
        password_hash: "$argon2id$stub".into(),
    }
}

fn duplicate_of(result: Result<impl std::fmt::Debug, StoreError>) -> UniqueField {
    match result {
        Err(StoreError::Duplicate(field)) => field,
        other => panic!("expected a duplicate, got {other:?}"),
    }
}

#[tokio::test]
async fn creates_and_reads_users() {
    let (_db, store) = fresh_store().await;
    let created = store.create_user(&new_user("WX1234", "Иван", "Ivan@Example.com")).await.expect("create");
    assert_eq!(created.woxly_id.0, "WX1234");
    assert_eq!(created.username, "Иван");
    assert_eq!(created.status, Status::Offline);
    assert_eq!(store.user_by_id(created.id).await.expect("read"), Some(created.clone()));
    assert_eq!(store.user_by_id(created.id + 1000).await.expect("read"), None);
    assert_eq!(store.backend_name(), if _db.is_postgres() { "postgres" } else { "sqlite" });
    store.ping().await.expect("ping");
}

#[tokio::test]
async fn unique_rules_ignore_letter_case_cyrillic_too() {
    let (_db, store) = fresh_store().await;
    store.create_user(&new_user("WX1000", "Иван", "a@b.c")).await.expect("create");
    assert_eq!(duplicate_of(store.create_user(&new_user("WX1001", "иВАН", "x@y.z")).await), UniqueField::Username);
    assert_eq!(duplicate_of(store.create_user(&new_user("WX1002", "petr", "A@B.C")).await), UniqueField::Email);
    assert_eq!(duplicate_of(store.create_user(&new_user("WX1000", "petr", "p@b.c")).await), UniqueField::WoxlyId);
}

#[tokio::test]
async fn concurrent_creates_of_one_username_let_exactly_one_win() {
    let (_db, store) = fresh_store().await;
    let attempts = (0..20).map(|i| {
        let store = store.clone();
        let name = if i % 2 == 0 { "Racer" } else { "rACER" };
        tokio::spawn(async move {
            store.create_user(&new_user(&format!("WX{}", 2000 + i), name, &format!("r{i}@x.io"))).await
        })
    });
    let mut wins = 0;
    for attempt in attempts {
        match attempt.await.expect("task") {
            Ok(_) => wins += 1,
            Err(e) => assert!(matches!(e, StoreError::Duplicate(UniqueField::Username)), "{e:?}"),
        }
    }
    assert_eq!(wins, 1);
}

#[tokio::test]
async fn finds_credentials_by_email_or_username_in_any_case() {
    let (_db, store) = fresh_store().await;
    let user = store.create_user(&new_user("WX1234", "Ёжик", "Hedge@Hog.io")).await.expect("create");
    for login in ["ёЖИК", "hedge@hog.io", "HEDGE@HOG.IO"] {
        let found = store.credentials_by_login(login).await.expect("read").expect("found");
        assert_eq!(found.user.id, user.id, "{login}");
        assert_eq!(found.password_hash, "$argon2id$stub");
    }
    assert!(store.credentials_by_login("nobody").await.expect("read").is_none());
}

#[tokio::test]
async fn updates_profiles_and_keeps_usernames_unique() {
    let (_db, store) = fresh_store().await;
    let a = store.create_user(&new_user("WX1111", "alice", "a@x.io")).await.expect("create");
    store.create_user(&new_user("WX2222", "bob", "b@x.io")).await.expect("create");

    let changes =
        ProfileChanges { username: Some("Алиса".into()), avatar_url: Some(Some("https://x.io/a.png".into())) };
    let updated = store.update_profile(a.id, &changes).await.expect("update").expect("exists");
    assert_eq!((updated.username.as_str(), updated.avatar_url.as_deref()), ("Алиса", Some("https://x.io/a.png")));
    assert_eq!(updated.woxly_id, a.woxly_id);

    let untouched = store.update_profile(a.id, &ProfileChanges::default()).await.expect("update").expect("exists");
    assert_eq!(untouched, updated);
    let cleared = store
        .update_profile(a.id, &ProfileChanges { username: None, avatar_url: Some(None) })
        .await
        .expect("update")
        .expect("exists");
    assert_eq!(cleared.avatar_url, None);

    let taken = ProfileChanges { username: Some("BOB".into()), avatar_url: None };
    assert_eq!(duplicate_of(store.update_profile(a.id, &taken).await), UniqueField::Username);
    assert_eq!(store.user_by_id(a.id).await.expect("read").expect("exists").username, "Алиса");
    assert!(store.update_profile(9999, &ProfileChanges::default()).await.expect("update").is_none());
}

#[tokio::test]
async fn statuses_are_stored_and_reset_at_start() {
    let (_db, store) = fresh_store().await;
    let a = store.create_user(&new_user("WX1111", "alice", "a@x.io")).await.expect("create");
    let b = store.create_user(&new_user("WX2222", "bob", "b@x.io")).await.expect("create");
    store.set_status(a.id, Status::Busy).await.expect("status");
    store.set_status(b.id, Status::Online).await.expect("status");
    assert_eq!(store.user_by_id(a.id).await.expect("read").expect("exists").status, Status::Busy);
    assert_eq!(store.set_everyone_offline().await.expect("reset"), 2);
    assert_eq!(store.user_by_id(b.id).await.expect("read").expect("exists").status, Status::Offline);
}

#[tokio::test]
async fn sessions_are_live_until_revoked_or_expired() {
    let (_db, store) = fresh_store().await;
    let user = store.create_user(&new_user("WX1111", "alice", "a@x.io")).await.expect("create");
    let session = Session::new(user.id, 3600, Default::default());
    store.create_session(&session).await.expect("create session");

    let (live, owner) = store.live_session(&session.id, Timestamp::now()).await.expect("read").expect("live");
    assert_eq!((live, owner.id), (session.clone(), user.id));
    let after_expiry = session.expires_at.plus_seconds(1);
    assert!(store.live_session(&session.id, after_expiry).await.expect("read").is_none());
    assert!(store.live_session("no-such-session", Timestamp::now()).await.expect("read").is_none());

    assert!(store.revoke_session(&session.id).await.expect("revoke"));
    assert!(!store.revoke_session(&session.id).await.expect("revoke"));
    assert!(store.live_session(&session.id, Timestamp::now()).await.expect("read").is_none());
}

async fn users(store: &SqlStore, names: &[&str]) -> Vec<User> {
    let mut created = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let user = new_user(&format!("WX{}", 1000 + i), name, &format!("user{i}@x.io"));
        created.push(store.create_user(&user).await.expect("create"));
    }
    created
}

fn usernames(hits: &[woxly_domain::model::SearchHit]) -> Vec<&str> {
    hits.iter().map(|h| h.user.username.as_str()).collect()
}

#[tokio::test]
async fn search_matches_fragments_literally_and_ranks_exact_then_prefix_then_short() {
    let (_db, store) = fresh_store().await;
    let u = users(&store, &["me", "Иванов", "иван", "Тёма_иван", "a_b", "axb", "zzz"]).await;
    let me = u[0].id;
    let search = |text: &str| {
        let query = SearchQuery::parse(text).expect("query");
        let store = store.clone();
        async move { store.search_users(me, &query, 20).await.expect("search") }
    };
    assert_eq!(usernames(&search("ИВАН").await), ["иван", "Иванов", "Тёма_иван"]);
    assert_eq!(usernames(&search("a_b").await), ["a_b"]);
    assert!(search("me").await.is_empty(), "never the searcher");
    let by_id = search(&u[6].woxly_id.0.to_lowercase()).await;
    assert_eq!(usernames(&by_id), ["zzz"]);

    let limited = store.search_users(u[0].id, &SearchQuery::parse("ва").expect("query"), 2).await.expect("search");
    assert_eq!(limited.len(), 2);

    // Renaming keeps the index in step.
    let rename = ProfileChanges { username: Some("Пётр".into()), avatar_url: None };
    store.update_profile(u[2].id, &rename).await.expect("rename");
    assert_eq!(usernames(&search("иван").await), ["Иванов", "Тёма_иван"]);
    assert_eq!(usernames(&search("пёт").await), ["Пётр"]);
}

#[tokio::test]
async fn friendships_are_made_and_ended_on_both_sides_at_once() {
    let (_db, store) = fresh_store().await;
    let u = users(&store, &["a", "b", "c"]).await;
    let (a, b, c) = (u[0].id, u[1].id, u[2].id);

    let request = store.create_friend_request(a, b).await.expect("request");
    assert!(matches!(store.create_friend_request(a, b).await, Err(StoreError::Duplicate(UniqueField::FriendRequest))));
    store.create_friend_request(b, a).await.expect("the other direction is another request");
    assert_eq!(store.friend_request(request.id).await.expect("read"), Some(request));
    assert_eq!(store.friend_request_between(a, b).await.expect("read"), Some(request));
    let incoming = store.incoming_friend_requests(b).await.expect("read");
    assert_eq!((incoming.len(), incoming[0].1.id), (1, a));
    let outgoing = store.outgoing_friend_requests(a).await.expect("read");
    assert_eq!((outgoing.len(), outgoing[0].1.id), (1, b));
    let hit = store.search_users(a, &SearchQuery::parse("WX1001").expect("query"), 20).await.expect("search");
    assert!(hit[0].request_pending && !hit[0].is_friend);

    store.befriend(a, b).await.expect("befriend");
    store.befriend(a, b).await.expect("befriending twice is harmless");
    assert!(store.friend_request_between(a, b).await.expect("read").is_none());
    assert!(store.friend_request_between(b, a).await.expect("read").is_none(), "both directions' requests are gone");
    assert_eq!(store.friend_ids(a).await.expect("ids"), [b]);
    assert_eq!(store.friend_ids(b).await.expect("ids"), [a]);
    let hit = store.search_users(a, &SearchQuery::parse("WX1001").expect("query"), 20).await.expect("search");
    assert!(hit[0].is_friend && !hit[0].request_pending);

    assert!(store.set_friend_note(a, b, "from school").await.expect("note"));
    assert!(!store.set_friend_note(a, c, "not a friend").await.expect("note"));
    assert_eq!(store.friend(a, b).await.expect("read").expect("friend").note, "from school");
    assert_eq!(store.friend(b, a).await.expect("read").expect("friend").note, "", "notes are per side");
    assert_eq!(store.friends(a).await.expect("read").len(), 1);

    assert!(store.unfriend(b, a).await.expect("unfriend"));
    assert!(!store.unfriend(a, b).await.expect("unfriend"));
    assert!(store.friends(a).await.expect("read").is_empty() && store.friends(b).await.expect("read").is_empty());
}

#[tokio::test]
async fn notifications_belong_to_their_owner_and_page_newest_first() {
    let (_db, store) = fresh_store().await;
    let u = users(&store, &["owner", "other", "sender"]).await;
    let (owner, other, sender) = (u[0].id, u[1].id, u[2].id);
    let mut created = Vec::new();
    for kind in NotificationKind::ALL {
        let n = NewNotification { user_id: owner, kind, from_user_id: sender, room_id: None, message_id: None };
        let stored = store.create_notification(&n).await.expect("create");
        assert_eq!((stored.user_id, stored.kind, stored.is_read, stored.from.id), (owner, kind, false, sender));
        created.push(stored.id);
    }
    // Newest first, a page of 4 and the rest.
    let newest_first: Vec<_> = created.iter().rev().copied().collect();
    let page = store.notifications(owner, false, None, 4).await.expect("list");
    assert_eq!(page.iter().map(|n| n.id).collect::<Vec<_>>(), newest_first[..4]);
    let next = store.notifications(owner, false, Some(newest_first[3]), 4).await.expect("list");
    assert_eq!(next.iter().map(|n| n.id).collect::<Vec<_>>(), newest_first[4..]);
    let kinds = NotificationKind::ALL.len();

    assert!(!store.mark_notification_read(other, created[0]).await.expect("mark"), "not the owner");
    assert!(store.mark_notification_read(owner, created[0]).await.expect("mark"));
    assert_eq!(store.notifications(owner, true, None, 10).await.expect("list").len(), kinds - 1);
    store
        .mark_notifications_read_about(owner, NotificationKind::FriendRequest, NotificationSubject::From(sender))
        .await
        .expect("settle");
    assert_eq!(store.notifications(owner, true, None, 10).await.expect("list").len(), kinds - 1, "already read");
    store
        .mark_notifications_read_about(owner, NotificationKind::Message, NotificationSubject::From(sender))
        .await
        .expect("settle");
    assert_eq!(store.notifications(owner, true, None, 10).await.expect("list").len(), kinds - 2);
    store.mark_all_notifications_read(other).await.expect("mark all");
    assert_eq!(store.notifications(owner, true, None, 10).await.expect("list").len(), kinds - 2, "not the owner");
    store.mark_all_notifications_read(owner).await.expect("mark all");
    assert!(store.notifications(owner, true, None, 10).await.expect("list").is_empty());
    assert_eq!(store.notifications(owner, false, None, 10).await.expect("list").len(), kinds);
    assert!(store.notifications(other, false, None, 10).await.expect("list").is_empty());
}

/// The room's accepted members, as writing into it reads them.
async fn accepted_members(store: &SqlStore, room: RoomId, reader: UserId) -> u32 {
    store.room_for_writing(room, reader).await.expect("read").expect("exists").accepted_members
}

fn new_room(owner: &User, name: &str, max_participants: Option<u32>) -> NewRoom {
    NewRoom { name: name.into(), owner_id: owner.id, is_private: true, max_participants }
}

#[tokio::test]
async fn rooms_keep_their_owner_members_and_invitees_apart() {
    let (_db, store) = fresh_store().await;
    let [owner, ivan, olga] = <[User; 3]>::try_from(users(&store, &["owner", "ivan", "olga"]).await).expect("three");
    let room = store.create_room(&new_room(&owner, "Вечер", Some(5)), &[ivan.id, olga.id]).await.expect("create");
    assert_eq!((room.name.as_str(), room.owner_id, room.max_participants), ("Вечер", owner.id, Some(5)));

    let (seen, membership) = store.room_for(room.id, ivan.id).await.expect("read").expect("exists");
    assert_eq!((seen, membership), (room.clone(), Some(MemberStatus::Pending)));
    assert_eq!(store.room_for(room.id + 1000, ivan.id).await.expect("read"), None);
    let members = store.members(room.id).await.expect("members");
    let statuses: Vec<_> = members.iter().map(|m| (m.user.username.as_str(), m.status)).collect();
    assert_eq!(
        statuses,
        [("owner", MemberStatus::Accepted), ("ivan", MemberStatus::Pending), ("olga", MemberStatus::Pending)]
    );
    assert_eq!(accepted_members(&store, room.id, owner.id).await, 1);
    // What writing reads, in one round trip: the room, the membership, the writer's account, the count.
    let writing = store.room_for_writing(room.id, ivan.id).await.expect("read").expect("exists");
    assert_eq!((writing.room, writing.membership), (room.clone(), Some(MemberStatus::Pending)));
    assert_eq!(writing.writer, ivan);
    assert!(store.room_for_writing(room.id, ivan.id + 1000).await.expect("read").is_none(), "no such user");
    assert!(store.room_for_writing(room.id + 1000, ivan.id).await.expect("read").is_none(), "no such room");

    // Accepting, declining (upserts), leaving.
    store.set_membership(room.id, ivan.id, MemberStatus::Accepted).await.expect("accept");
    store.set_membership(room.id, olga.id, MemberStatus::Declined).await.expect("decline");
    assert_eq!(accepted_members(&store, room.id, owner.id).await, 2);
    assert_eq!(store.rooms_of(olga.id).await.expect("rooms"), [], "a declined room is not listed");
    let listed: Vec<_> =
        store.rooms_of(ivan.id).await.expect("rooms").into_iter().map(|r| (r.room, r.status)).collect();
    assert_eq!(listed, [(room.clone(), MemberStatus::Accepted)]);
    assert!(store.remove_member(room.id, ivan.id).await.expect("remove"));
    assert!(!store.remove_member(room.id, ivan.id).await.expect("remove again"), "no such membership");
    assert_eq!(store.membership(room.id, ivan.id).await.expect("read"), None);

    assert!(store.delete_room(room.id).await.expect("delete"));
    assert_eq!(store.room_for(room.id, owner.id).await.expect("read"), None);
    assert_eq!(store.members(room.id).await.expect("members"), []);
    assert!(!store.delete_room(room.id).await.expect("delete again"));
}

#[tokio::test]
async fn a_pair_has_one_direct_room_even_when_opened_at_once() {
    let (_db, store) = fresh_store().await;
    let [anna, boris, carl] = <[User; 3]>::try_from(users(&store, &["anna", "boris", "carl"]).await).expect("three");
    let openings = (0..8).map(|i| {
        let store = store.clone();
        let (a, b) = if i % 2 == 0 { (anna.id, boris.id) } else { (boris.id, anna.id) };
        tokio::spawn(async move { store.direct_room(a, b, "anna & boris").await })
    });
    let mut rooms = Vec::new();
    for opening in openings {
        rooms.push(opening.await.expect("task").expect("opened"));
    }
    assert!(rooms.windows(2).all(|w| w[0] == w[1]), "one room for the pair: {rooms:?}");
    let room = &rooms[0];
    assert_eq!((room.kind, room.is_private, room.max_participants), (RoomKind::Direct, true, Some(2)));
    let statuses: Vec<_> =
        store.members(room.id).await.expect("members").iter().map(|m| (m.user.id, m.status)).collect();
    assert_eq!(statuses.len(), 2);
    assert!(statuses.iter().all(|&(_, status)| status == MemberStatus::Accepted));
    assert_eq!(store.direct_peer(room.id, anna.id).await.expect("peer").map(|u| u.id), Some(boris.id));
    assert_eq!(store.direct_peer(room.id, boris.id).await.expect("peer").map(|u| u.id), Some(anna.id));
    assert_eq!(store.direct_peer(room.id, carl.id).await.expect("peer"), None, "not carl's conversation");
    let listed = store.rooms_of(anna.id).await.expect("rooms");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].peer.as_ref().map(|u| u.id), Some(boris.id));
    assert_ne!(store.direct_room(anna.id, carl.id, "anna & carl").await.expect("opened").id, room.id);
}

/// A message from `sender` in `room`, with no nonce, reply or mention.
fn text(room: i64, sender: &User, content: &str) -> NewMessage {
    NewMessage {
        room_id: room,
        sender: sender.clone(),
        content: content.into(),
        nonce: None,
        reply_to: None,
        mentions: Vec::new(),
        attachments: Vec::new(),
    }
}

#[tokio::test]
async fn edits_deletions_replies_reactions_and_mentions_are_stored() {
    let (db, store) = fresh_store().await;
    let [anna, boris] = <[User; 2]>::try_from(users(&store, &["anna", "boris"]).await).expect("two");
    let room = store.create_room(&new_room(&anna, "r", None), &[boris.id]).await.expect("create");
    let (original, _) = store.create_message(&text(room.id, &anna, "first line\nsecond")).await.expect("send");
    let elsewhere = store.create_room(&new_room(&anna, "elsewhere", None), &[boris.id]).await.expect("create");
    let mentioning = NewMessage { mentions: vec![boris.id, anna.id], ..text(elsewhere.id, &anna, "@boris @anna") };
    let (answered, _) = store.create_message(&mentioning).await.expect("send");
    // A new message is answered without being read back: the answer is what a read gives.
    for sent in [&original, &answered] {
        assert_eq!(store.message(sent.id).await.expect("read").as_ref(), Some(sent));
    }
    let reply =
        NewMessage { reply_to: Some(original.id), mentions: vec![anna.id], ..text(room.id, &boris, "@anna yes") };
    let (reply, _) = store.create_message(&reply).await.expect("reply");
    let quote = reply.reply_to.as_deref().expect("a quote");
    assert_eq!((quote.id, quote.sender.id, quote.deleted), (original.id, anna.id, false));
    assert_eq!(reply.mentions, [anna.id]);

    // Reactions: once per user and emoji, in the order they came.
    assert!(store.add_reaction(original.id, boris.id, "👍").await.expect("react"));
    assert!(!store.add_reaction(original.id, boris.id, "👍").await.expect("again"), "one reaction per emoji and user");
    assert!(store.add_reaction(original.id, anna.id, "👍").await.expect("react"));
    assert!(store.add_reaction(original.id, anna.id, "🎉").await.expect("react"));
    let read = store.message(original.id).await.expect("read").expect("exists");
    let reactions: Vec<_> = read.reactions.iter().map(|r| (r.emoji.as_str(), r.user_ids.clone())).collect();
    assert_eq!(reactions, [("👍", vec![boris.id, anna.id]), ("🎉", vec![anna.id])]);
    // Still in the order they came when the earlier one carries the same or a later time (the same
    // millisecond, or another node's clock a little ahead).
    let ahead = Timestamp::now().millis() + 60_000;
    db.execute(&format!(
        "INSERT INTO message_reactions (message_id, emoji, user_id, created_at) VALUES ({}, '👀', {}, {ahead})",
        answered.id, anna.id
    ))
    .await;
    assert!(store.add_reaction(answered.id, boris.id, "👀").await.expect("react"));
    let read = store.message(answered.id).await.expect("read").expect("exists");
    assert_eq!(read.reactions[0].user_ids, [anna.id, boris.id]);
    assert!(store.remove_reaction(original.id, anna.id, "🎉").await.expect("unreact"));
    assert!(!store.remove_reaction(original.id, anna.id, "🎉").await.expect("again"));

    // Edit: text and mentions replaced, time recorded.
    assert!(store.edit_message(reply.id, "no mention now", &[]).await.expect("edit"));
    let edited = store.message(reply.id).await.expect("read").expect("exists");
    assert_eq!((edited.content.as_str(), edited.mentions.len()), ("no mention now", 0));
    assert!(edited.edited_at.is_some());

    // Delete: the text is gone from the database, reactions with it; replies say it was deleted.
    assert!(store.delete_message(original.id).await.expect("delete").is_some());
    assert!(store.delete_message(original.id).await.expect("again").is_none());
    assert!(!store.edit_message(original.id, "back", &[]).await.expect("edit a deleted one"));
    assert!(!store.add_reaction(original.id, boris.id, "👍").await.expect("react to a deleted one"));
    let page = store.messages(room.id, None, 10).await.expect("history");
    assert_eq!((page[0].deleted, page[0].content.as_str(), page[0].reactions.len()), (true, "", 0));
    assert!(page[1].reply_to.as_deref().is_some_and(|q| q.deleted && q.content.is_empty()));
    assert_eq!(db.count("SELECT COUNT(*) FROM messages WHERE content LIKE '%first line%'").await, 0);
}

#[tokio::test]
async fn unread_counts_follow_the_read_position() {
    let (_db, store) = fresh_store().await;
    let [anna, boris] = <[User; 2]>::try_from(users(&store, &["anna", "boris"]).await).expect("two");
    let room = store.create_room(&new_room(&anna, "r", None), &[boris.id]).await.expect("create");
    store.create_message(&text(room.id, &anna, "before boris joined")).await.expect("send");
    store.set_membership(room.id, boris.id, MemberStatus::Accepted).await.expect("accept");
    let unread = |user| {
        let store = store.clone();
        async move {
            let rooms = store.rooms_of(user).await.expect("rooms");
            (rooms[0].unread, rooms[0].mentions)
        }
    };
    assert_eq!(unread(boris.id).await, (0, 0), "what came before joining is not unread");
    let mut last = 0;
    for i in 0..3 {
        let mentions = if i == 1 { vec![boris.id] } else { Vec::new() };
        last = store.create_message(&NewMessage { mentions, ..text(room.id, &anna, "hi") }).await.expect("send").0.id;
    }
    store.create_message(&text(room.id, &boris, "mine")).await.expect("send");
    assert_eq!(unread(boris.id).await, (3, 1), "others' messages after the read position; one mentions boris");
    assert_eq!(store.mark_read(room.id, boris.id, last - 1).await.expect("read"), (last - 1, true));
    assert_eq!(unread(boris.id).await, (1, 0));
    assert_eq!(store.mark_read(room.id, boris.id, last - 2).await.expect("read"), (last - 1, false), "never back");
    let (position, moved) = store.mark_read(room.id, boris.id, i64::MAX).await.expect("read");
    assert!(moved && position > last, "not past the newest message: {position}");
    assert_eq!(unread(boris.id).await, (0, 0));
}

/// The contents of a history page, oldest first.
fn contents(page: &[Message]) -> Vec<&str> {
    page.iter().map(|m| m.content.as_str()).collect()
}

fn with_nonce(room: i64, sender: &User, content: &str, nonce: &str) -> NewMessage {
    NewMessage { nonce: Some(nonce.into()), ..text(room, sender, content) }
}

#[tokio::test]
async fn a_nonce_stores_a_message_once_and_answers_with_the_first() {
    let (_db, store) = fresh_store().await;
    let [anna, boris] = <[User; 2]>::try_from(users(&store, &["anna", "boris"]).await).expect("two");
    let room = store.create_room(&new_room(&anna, "r", None), &[boris.id]).await.expect("create");
    let (first, new) = store.create_message(&with_nonce(room.id, &anna, "привет", "n-1")).await.expect("send");
    assert!(new);
    assert_eq!((first.sender.id, first.nonce.as_deref(), first.content.as_str()), (anna.id, Some("n-1"), "привет"));
    let (again, new) = store.create_message(&with_nonce(room.id, &anna, "привет (retry)", "n-1")).await.expect("retry");
    assert!(!new, "a retry is not a new message");
    assert_eq!(again, first);
    // The nonce is the sender's own: another sender may use the same one.
    let (theirs, new) = store.create_message(&with_nonce(room.id, &boris, "hi", "n-1")).await.expect("send");
    assert!(new);
    assert_ne!(theirs.id, first.id);
    assert_eq!(contents(&store.messages(room.id, None, 50).await.expect("history")), ["привет", "hi"]);
}

#[tokio::test]
async fn concurrent_sends_are_each_stored_once_with_increasing_ids() {
    let (_db, store) = fresh_store().await;
    let [anna] = <[User; 1]>::try_from(users(&store, &["anna"]).await).expect("one");
    let room = store.create_room(&new_room(&anna, "r", None), &[]).await.expect("create");
    // Many at once, as a busy room sends them: on SQLite they are written in group commits. Every
    // sender hears its own message back, a retried nonce included.
    let sends = (0..200).map(|i| {
        let (store, anna) = (store.clone(), anna.clone());
        let nonce = format!("n-{}", i % 150);
        tokio::spawn(async move { store.create_message(&with_nonce(room.id, &anna, &format!("m{i}"), &nonce)).await })
    });
    let mut stored = Vec::new();
    for send in sends {
        let (message, _) = send.await.expect("task").expect("stored");
        stored.push(message);
    }
    let history = store.messages(room.id, None, 200).await.expect("history");
    assert_eq!(history.len(), 150, "one message per nonce");
    assert!(history.windows(2).all(|w| w[0].id < w[1].id), "oldest first, ids increasing");
    for message in &stored {
        assert!(history.contains(message), "every acknowledgement names a stored message: {message:?}");
    }
}

#[tokio::test]
async fn history_pages_by_cursor_and_by_offset_oldest_first() {
    let (_db, store) = fresh_store().await;
    let [anna] = <[User; 1]>::try_from(users(&store, &["anna"]).await).expect("one");
    let room = store.create_room(&new_room(&anna, "r", None), &[]).await.expect("create");
    let other = store.create_room(&new_room(&anna, "other", None), &[]).await.expect("create");
    let mut ids = Vec::new();
    for i in 1..=12 {
        ids.push(store.create_message(&text(room.id, &anna, &format!("{i}"))).await.expect("send").0.id);
        store.create_message(&text(other.id, &anna, "elsewhere")).await.expect("send");
    }
    assert_eq!(contents(&store.messages(room.id, None, 5).await.expect("newest")), ["8", "9", "10", "11", "12"]);
    let before = Some(HistoryPage::Before(ids[7]));
    assert_eq!(contents(&store.messages(room.id, before, 5).await.expect("page")), ["3", "4", "5", "6", "7"]);
    let first = Some(HistoryPage::Before(ids[2]));
    assert_eq!(contents(&store.messages(room.id, first, 5).await.expect("page")), ["1", "2"]);
    let offset = Some(HistoryPage::Offset(10));
    assert_eq!(contents(&store.messages(room.id, offset, 5).await.expect("page")), ["1", "2"]);
    let after = Some(HistoryPage::After(ids[2]));
    assert_eq!(contents(&store.messages(room.id, after, 3).await.expect("page")), ["4", "5", "6"]);
    let around = Some(HistoryPage::Around(ids[5]));
    assert_eq!(contents(&store.messages(room.id, around, 5).await.expect("page")), ["4", "5", "6", "7", "8"]);
    let at_the_start = Some(HistoryPage::Around(ids[0]));
    assert_eq!(contents(&store.messages(room.id, at_the_start, 4).await.expect("page")), ["1", "2", "3"]);
}

fn upload(room: i64, uploader: UserId, sha256: &str, kind: AttachmentKind) -> NewAttachment {
    NewAttachment {
        room_id: room,
        uploader_id: uploader,
        name: format!("{sha256}.bin"),
        content_type: "application/octet-stream".into(),
        kind,
        size: 1000,
        sha256: sha256.into(),
        width: None,
        height: None,
        thumbnail: None,
    }
}

#[tokio::test]
async fn files_are_sent_once_counted_and_let_go_with_their_message() {
    let (db, store) = fresh_store().await;
    let [anna, boris] = <[User; 2]>::try_from(users(&store, &["anna", "boris"]).await).expect("two");
    let room = store.create_room(&new_room(&anna, "r", None), &[]).await.expect("create");
    let photo = store.create_attachment(&upload(room.id, anna.id, "aa", AttachmentKind::Image)).await.expect("upload");
    let same = store.create_attachment(&upload(room.id, anna.id, "aa", AttachmentKind::Image)).await.expect("upload");
    let doc = store.create_attachment(&upload(room.id, anna.id, "bb", AttachmentKind::File)).await.expect("upload");
    assert_eq!(store.uploaded_bytes(anna.id).await.expect("bytes"), 3000);
    assert_eq!(store.uploaded_bytes(boris.id).await.expect("bytes"), 0);

    let (sent, _) = store
        .create_message(&NewMessage { attachments: vec![photo.id, doc.id], ..text(room.id, &anna, "") })
        .await
        .expect("send with files");
    assert_eq!(sent.attachments.iter().map(|a| a.id).collect::<Vec<_>>(), [photo.id, doc.id]);
    assert_eq!(store.attachment(photo.id).await.expect("read").and_then(|a| a.message_id), Some(sent.id));
    // Sent once: a second message naming it is refused and stores nothing.
    let again = store.create_message(&NewMessage { attachments: vec![doc.id], ..text(room.id, &anna, "again") }).await;
    assert_eq!(duplicate_of(again), UniqueField::Attachment);
    assert_eq!(store.messages(room.id, None, 10).await.expect("history").len(), 1);
    // Someone else's upload cannot be sent either.
    let theirs = store.create_message(&NewMessage { attachments: vec![same.id], ..text(room.id, &boris, "x") }).await;
    assert_eq!(duplicate_of(theirs), UniqueField::Attachment);

    let page = store.messages(room.id, None, 10).await.expect("history");
    assert_eq!(page[0].attachments.len(), 2);
    // Deleting the message deletes its attachments and names their files; "aa" is still used.
    let mut files = store.delete_message(sent.id).await.expect("delete").expect("was there");
    files.sort();
    assert_eq!(files, ["aa", "bb"]);
    assert_eq!(store.blobs_in_use(&files).await.expect("in use"), ["aa"]);
    assert_eq!(db.count("SELECT COUNT(*) FROM attachments").await, 1);
    // The unsent one is cancelled by its uploader only, or swept once old.
    assert_eq!(store.delete_unsent_attachment(same.id, boris.id).await.expect("not boris's"), None);
    let later = Timestamp::now().plus_seconds(60);
    assert_eq!(store.delete_unsent_attachments(later).await.expect("sweep"), ["aa"]);
    assert!(store.blobs_in_use(&files).await.expect("in use").is_empty());
}

fn search(user: UserId, terms: &[&str]) -> MessageSearch {
    MessageSearch {
        user,
        terms: terms.iter().map(|t| (*t).to_owned()).collect(),
        rooms: None,
        from: None,
        has_file: false,
        has_image: false,
        before: None,
        after: None,
        older_than: None,
        limit: 25,
    }
}

#[tokio::test]
async fn search_finds_words_by_prefix_in_rooms_of_members_only() {
    let (_db, store) = fresh_store().await;
    let [anna, boris, carl] = <[User; 3]>::try_from(users(&store, &["anna", "boris", "carl"]).await).expect("three");
    let shared = store.create_room(&new_room(&anna, "shared", None), &[]).await.expect("create");
    store.set_membership(shared.id, boris.id, MemberStatus::Accepted).await.expect("join");
    let private = store.create_room(&new_room(&carl, "carl's", None), &[]).await.expect("create");
    let hello = store.create_message(&text(shared.id, &anna, "Привет, МИР and the World")).await.expect("send").0;
    let link = store.create_message(&text(shared.id, &boris, "the link: https://example.com/x")).await.expect("send").0;
    store.create_message(&text(private.id, &carl, "привет from carl")).await.expect("send");
    let found = |s: MessageSearch| {
        let store = store.clone();
        async move { store.search_messages(&s).await.expect("search").iter().map(|r| r.message.id).collect::<Vec<_>>() }
    };

    assert_eq!(found(search(anna.id, &["привет"])).await, [hello.id], "Cyrillic, any case, my rooms only");
    assert_eq!(found(search(anna.id, &["wor", "мир"])).await, [hello.id], "prefixes, in any order");
    assert_eq!(found(search(anna.id, &["the"])).await, [link.id, hello.id], "newest first");
    assert_eq!(found(search(anna.id, &["exam"])).await, [link.id], "words inside a link");
    assert_eq!(found(search(carl.id, &["привет"])).await.len(), 1);
    assert_eq!(found(MessageSearch { from: Some(boris.id), ..search(anna.id, &["the"]) }).await, [link.id]);
    assert_eq!(found(MessageSearch { older_than: Some(link.id), ..search(anna.id, &["the"]) }).await, [hello.id]);
    assert_eq!(found(MessageSearch { rooms: Some(vec![private.id]), ..search(anna.id, &["привет"]) }).await.len(), 0);
    let results = store.search_messages(&search(boris.id, &["link"])).await.expect("search");
    assert_eq!((results[0].room.id, results[0].room.name.as_str()), (shared.id, "shared"));

    // Edited-away and deleted text is no longer found; the new text is.
    assert!(store.edit_message(hello.id, "bonjour", &[]).await.expect("edit"));
    assert!(found(search(anna.id, &["привет"])).await.is_empty());
    assert_eq!(found(search(anna.id, &["bonj"])).await, [hello.id]);
    store.delete_message(hello.id).await.expect("delete");
    assert!(found(search(anna.id, &["bonjour"])).await.is_empty());
    // A member removed no longer finds the room's messages.
    assert!(store.remove_member(shared.id, boris.id).await.expect("remove"));
    assert!(found(search(boris.id, &["link"])).await.is_empty());
}

#[tokio::test]
async fn concurrent_joins_never_overfill_a_room() {
    let (_db, store) = fresh_store().await;
    let people = users(&store, &["owner", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"]).await;
    let room = store.create_room(&new_room(&people[0], "Три места", Some(3)), &[]).await.expect("create");
    let joins = people[1..].iter().map(|user| {
        let (store, user, room) = (store.clone(), user.id, room.id);
        tokio::spawn(async move { store.accept_within(room, user, 3).await })
    });
    let mut accepted = 0;
    for join in joins {
        accepted += usize::from(join.await.expect("task").expect("no error, full or not"));
    }
    assert_eq!(accepted, 2, "the owner and two joiners fill three places");
    assert_eq!(accepted_members(&store, room.id, people[0].id).await, 3);
}
