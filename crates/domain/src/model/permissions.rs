//! What a person may do in a room (QUALITY-2): one pure function of the room's kind, where the person
//! stands with it and, in a direct conversation, whether the two are friends now. Every REST route,
//! socket event, signal relay and search asks it ([`decide`]); clients get its answer with the room
//! ([`RoomPermissions`]) and render from it rather than working it out again.
//!
//! Roles and per-room overrides (spaces) are meant to enter as more of [`Standing`] and one more step in
//! [`decide`]; callers only ever name an [`Action`] and read a [`Refusal`].

pub use woxly_protocol::rooms::RoomPermissions;

use crate::ErrorCode;
use crate::{
    Error,
    model::{MemberStatus, Room, RoomKind, UserId},
};

/// Something a person wants to do in a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See that the room exists, its name and its participants.
    View,
    /// Read its messages and files, search them, mark them read.
    ReadHistory,
    /// Take back what one added: delete one's own message, remove one's reaction (also in a
    /// conversation that became read-only).
    Retract,
    /// Add to it: send, edit one's messages, type, attach files.
    Write,
    /// React to a message.
    React,
    /// Be in its voice: enter, speak, mute, signal to the others there, call from it.
    Voice,
    /// Invite friends to it.
    Invite,
    /// Become a member: accept an invitation, or join a public room.
    Join,
    /// Decline an invitation.
    Decline,
    /// Stop being a member.
    Leave,
    /// Remove members, delete the room, delete anyone's message.
    Manage,
}

impl Action {
    pub const ALL: [Self; 11] = [
        Self::View,
        Self::ReadHistory,
        Self::Retract,
        Self::Write,
        Self::React,
        Self::Voice,
        Self::Invite,
        Self::Join,
        Self::Decline,
        Self::Leave,
        Self::Manage,
    ];
}

/// Where a person stands with a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Owner,
    Member,
    Invited,
    Declined,
    /// Never added, or removed, or left.
    Stranger,
}

impl Standing {
    pub fn of(room: &Room, user: UserId, membership: Option<MemberStatus>) -> Self {
        match membership {
            _ if room.owner_id == user => Self::Owner,
            Some(MemberStatus::Accepted) => Self::Member,
            Some(MemberStatus::Pending) => Self::Invited,
            Some(MemberStatus::Declined) => Self::Declined,
            None => Self::Stranger,
        }
    }
}

/// What the two people of a direct conversation are to each other now. Blocking unfriends, so a
/// blocked pair is `NotFriends` too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Friends,
    NotFriends,
}

/// What kind of room, as far as access goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    PrivateGroup,
    PublicGroup,
    /// A direct conversation and what its two people are to each other now.
    Direct(Relation),
}

impl Kind {
    /// `relation` matters only in a direct conversation, where none known means not friends.
    pub fn of(room: &Room, relation: Option<Relation>) -> Self {
        match room.kind {
            RoomKind::Direct => Self::Direct(relation.unwrap_or(Relation::NotFriends)),
            RoomKind::Group if room.is_private => Self::PrivateGroup,
            RoomKind::Group => Self::PublicGroup,
        }
    }
}

/// Why an action is refused; each becomes one error of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The room does not exist for this person (`404 not_found`): a private room to anyone outside it.
    Hidden,
    /// Seen but not theirs to do (`403 forbidden`).
    Forbidden,
    /// A direct conversation is for its two people, for good (`409 direct_room`).
    DirectRoom,
    /// The two are no longer friends: the conversation is read-only (`409 not_friends`).
    ReadOnly,
    /// The owner deletes a room rather than leave it (`409 owner_cannot_leave`).
    OwnerCannotLeave,
}

impl From<Refusal> for Error {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Hidden => Error::NotFound,
            Refusal::Forbidden => Error::Forbidden("you may not do this in this room"),
            Refusal::DirectRoom => {
                Error::conflict(ErrorCode::DirectRoom, "a direct conversation is for its two people only")
            }
            Refusal::ReadOnly => {
                Error::conflict(ErrorCode::NotFriends, "you are no longer friends: this conversation is read-only")
            }
            Refusal::OwnerCannotLeave => {
                Error::conflict(ErrorCode::OwnerCannotLeave, "the owner cannot leave; delete the room instead")
            }
        }
    }
}

/// THE access rule. A private room exists only for its owner, its members and its invitees; public rooms
/// can be seen and joined by anyone who knows the id; a direct conversation is its two people's, and
/// read-only once they are not friends.
pub fn decide(kind: Kind, standing: Standing, action: Action) -> Result<(), Refusal> {
    use Action::*;
    use Standing::*;
    let inside = matches!(standing, Owner | Member);
    if !inside && standing != Invited && kind != Kind::PublicGroup {
        return Err(Refusal::Hidden);
    }
    let allowed = match (kind, action) {
        (_, View) => true,
        (Kind::Direct(_), Invite | Leave | Manage) => return Err(Refusal::DirectRoom),
        (Kind::Direct(Relation::NotFriends), Write | React | Voice) => return Err(Refusal::ReadOnly),
        (_, ReadHistory | Retract | Write | React | Voice | Invite) => inside,
        (_, Join) => true,
        (_, Decline) => standing == Invited,
        (_, Leave) if standing == Owner => return Err(Refusal::OwnerCannotLeave),
        (_, Leave) => inside,
        (_, Manage) => standing == Owner,
    };
    if allowed { Ok(()) } else { Err(Refusal::Forbidden) }
}

/// Whether someone with `membership` in `room` may read it: who is told about what is said there
/// (mentions, unread notifications). The friendship of a direct conversation is not read: it does not
/// change who may read one.
pub fn reads(room: &Room, user: UserId, membership: MemberStatus) -> bool {
    decide(Kind::of(room, None), Standing::of(room, user, Some(membership)), Action::ReadHistory).is_ok()
}

/// [`decide`] for every action at once: what the client is told it may do.
pub fn permissions(kind: Kind, standing: Standing) -> RoomPermissions {
    let may = |action| decide(kind, standing, action).is_ok();
    RoomPermissions {
        view: may(Action::View),
        read_history: may(Action::ReadHistory),
        write: may(Action::Write),
        react: may(Action::React),
        voice: may(Action::Voice),
        invite: may(Action::Invite),
        join: may(Action::Join),
        decline: may(Action::Decline),
        leave: may(Action::Leave),
        manage: may(Action::Manage),
    }
}

#[cfg(test)]
mod tests {
    use super::{Action::*, Kind::*, Refusal::*, Relation::*, Standing::*, *};

    const KINDS: [Kind; 4] = [PrivateGroup, PublicGroup, Direct(Friends), Direct(NotFriends)];
    const STANDINGS: [Standing; 5] = [Owner, Member, Invited, Declined, Stranger];

    /// The answer for every kind × standing × action, written out: a row per kind and standing, in
    /// [`Action::ALL`]'s order (View, ReadHistory, Retract, Write, React, Voice, Invite, Join, Decline,
    /// Leave, Manage). `Y` is allowed, anything else the refusal.
    type Answer = Result<(), Refusal>;

    #[test]
    fn the_access_table() {
        const Y: Answer = Ok(());
        const H: Answer = Err(Hidden);
        const F: Answer = Err(Forbidden);
        const D: Answer = Err(DirectRoom);
        const N: Answer = Err(ReadOnly);
        const O: Answer = Err(OwnerCannotLeave);
        #[rustfmt::skip]
        let table: [(Kind, Standing, [Answer; 11]); 20] = [
            //                          View Read Retr Writ Reac Voic Invi Join Decl Leav Mana
            (PrivateGroup, Owner,    [Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   F,   O,   Y]),
            (PrivateGroup, Member,   [Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   F,   Y,   F]),
            (PrivateGroup, Invited,  [Y,   F,   F,   F,   F,   F,   F,   Y,   Y,   F,   F]),
            (PrivateGroup, Declined, [H,   H,   H,   H,   H,   H,   H,   H,   H,   H,   H]),
            (PrivateGroup, Stranger, [H,   H,   H,   H,   H,   H,   H,   H,   H,   H,   H]),
            (PublicGroup,  Owner,    [Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   F,   O,   Y]),
            (PublicGroup,  Member,   [Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   F,   Y,   F]),
            (PublicGroup,  Invited,  [Y,   F,   F,   F,   F,   F,   F,   Y,   Y,   F,   F]),
            (PublicGroup,  Declined, [Y,   F,   F,   F,   F,   F,   F,   Y,   F,   F,   F]),
            (PublicGroup,  Stranger, [Y,   F,   F,   F,   F,   F,   F,   Y,   F,   F,   F]),
            (Direct(Friends), Owner,    [Y, Y,  Y,   Y,   Y,   Y,   D,   Y,   F,   D,   D]),
            (Direct(Friends), Member,   [Y, Y,  Y,   Y,   Y,   Y,   D,   Y,   F,   D,   D]),
            (Direct(Friends), Invited,  [Y, F,  F,   F,   F,   F,   D,   Y,   Y,   D,   D]),
            (Direct(Friends), Declined, [H, H,  H,   H,   H,   H,   H,   H,   H,   H,   H]),
            (Direct(Friends), Stranger, [H, H,  H,   H,   H,   H,   H,   H,   H,   H,   H]),
            (Direct(NotFriends), Owner,    [Y, Y, Y, N,   N,   N,   D,   Y,   F,   D,   D]),
            (Direct(NotFriends), Member,   [Y, Y, Y, N,   N,   N,   D,   Y,   F,   D,   D]),
            (Direct(NotFriends), Invited,  [Y, F, F, N,   N,   N,   D,   Y,   Y,   D,   D]),
            (Direct(NotFriends), Declined, [H, H, H, H,   H,   H,   H,   H,   H,   H,   H]),
            (Direct(NotFriends), Stranger, [H, H, H, H,   H,   H,   H,   H,   H,   H,   H]),
        ];
        for kind in KINDS {
            for standing in STANDINGS {
                let row = table.iter().find(|(k, s, _)| (*k, *s) == (kind, standing));
                let (_, _, answers) = row.unwrap_or_else(|| panic!("no row for {kind:?} {standing:?}"));
                for (action, want) in Action::ALL.into_iter().zip(answers) {
                    assert_eq!(decide(kind, standing, action), *want, "{kind:?} {standing:?} {action:?}");
                }
            }
        }
    }

    #[test]
    fn the_permissions_sent_are_the_decisions() {
        for kind in KINDS {
            for standing in STANDINGS {
                let sent = permissions(kind, standing);
                let may = |action| decide(kind, standing, action).is_ok();
                let pairs = [
                    (sent.view, View),
                    (sent.read_history, ReadHistory),
                    (sent.write, Write),
                    (sent.react, React),
                    (sent.voice, Voice),
                    (sent.invite, Invite),
                    (sent.join, Join),
                    (sent.decline, Decline),
                    (sent.leave, Leave),
                    (sent.manage, Manage),
                ];
                for (given, action) in pairs {
                    assert_eq!(given, may(action), "{kind:?} {standing:?} {action:?}");
                }
            }
        }
    }

    #[test]
    fn standing_follows_ownership_then_membership() {
        let room = Room {
            id: 7,
            kind: RoomKind::Group,
            name: "r".into(),
            owner_id: 1,
            is_private: true,
            max_participants: None,
            created_at: crate::time::Timestamp(0),
        };
        assert_eq!(Standing::of(&room, 1, Some(MemberStatus::Accepted)), Owner);
        assert_eq!(Standing::of(&room, 2, Some(MemberStatus::Accepted)), Member);
        assert_eq!(Standing::of(&room, 2, Some(MemberStatus::Pending)), Invited);
        assert_eq!(Standing::of(&room, 2, Some(MemberStatus::Declined)), Declined);
        assert_eq!(Standing::of(&room, 2, None), Stranger);
        assert_eq!(Kind::of(&room, None), PrivateGroup);
        let direct = Room { kind: RoomKind::Direct, ..room };
        assert_eq!(Kind::of(&direct, None), Direct(NotFriends), "unknown relation: read-only");
        assert_eq!(Kind::of(&direct, Some(Friends)), Direct(Friends));
    }

    #[test]
    fn those_who_may_read_a_room_are_told_about_it() {
        let room = Room {
            id: 7,
            kind: RoomKind::Group,
            name: "r".into(),
            owner_id: 1,
            is_private: false,
            max_participants: None,
            created_at: crate::time::Timestamp(0),
        };
        let direct = Room { kind: RoomKind::Direct, ..room.clone() };
        for room in [&room, &direct] {
            assert!(reads(room, 1, MemberStatus::Accepted) && reads(room, 2, MemberStatus::Accepted));
            assert!(!reads(room, 2, MemberStatus::Pending) && !reads(room, 2, MemberStatus::Declined));
        }
    }
}
