//! Who may reach me (FRIEND-7): who may send me friend requests, and who finds me in the user search.
//! A choice is "everyone", "friends of friends" (people who share a friend with me) or "nobody"; my
//! friends always find me, and someone I asked first may always answer.

pub use woxly_protocol::user::Reach;

/// One person's choices; the default lets everyone do both, as before there was a choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Privacy {
    pub friend_requests: Reach,
    pub findable_by: Reach,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_choice_lets_in_whom_it_names() {
        assert!(Reach::Everyone.lets_in(false));
        assert!(!Reach::FriendsOfFriends.lets_in(false));
        assert!(Reach::FriendsOfFriends.lets_in(true));
        assert!(!Reach::Nobody.lets_in(true));
        for reach in [Reach::Everyone, Reach::FriendsOfFriends, Reach::Nobody] {
            assert_eq!(Reach::from_stored(reach.as_str()), reach);
        }
        assert_eq!(Reach::from_stored("?"), Reach::Nobody);
    }
}
