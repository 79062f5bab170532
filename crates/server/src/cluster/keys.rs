//! The names of WOXLY's keys in Redis (see `live.rs` for what each holds): the only place they are
//! spelled. The scripts in `live.rs` receive every key they touch in `KEYS`, named here.

use woxly_domain::{
    model::{RoomId, UserId},
    service::live::Ringing,
};

pub const CALLS: &str = "woxly:calls";
/// The nodes that said they are alive; each also keeps [`alive`] fresh.
pub const NODES: &str = "woxly:nodes";

pub fn alive(node: &str) -> String {
    format!("woxly:node:{node}:alive")
}

pub fn node_connections(node: &str) -> String {
    format!("woxly:node:{node}:conns")
}

pub fn node_rings(node: &str) -> String {
    format!("woxly:node:{node}:rings")
}

pub fn user_connections(user: UserId) -> String {
    format!("woxly:user:{user}:conns")
}

pub fn connection_rooms(connection: &str) -> String {
    format!("woxly:conn:{connection}:rooms")
}

pub fn connection_reading(connection: &str) -> String {
    format!("woxly:conn:{connection}:reading")
}

pub fn room_readers(room: RoomId) -> String {
    format!("woxly:room:{room}:readers")
}

pub fn room_user_connections(room: RoomId, user: UserId) -> String {
    format!("woxly:room:{room}:user:{user}:conns")
}

pub fn room_live(room: RoomId) -> String {
    format!("woxly:room:{room}:live")
}

pub fn ringing(call: Ringing) -> String {
    format!("woxly:ring:{}:{}:{}", call.room_id, call.caller, call.callee)
}

pub fn parse_ringing(key: &str) -> Option<Ringing> {
    let mut parts = key.strip_prefix("woxly:ring:")?.split(':').map(str::parse);
    let (Some(Ok(room_id)), Some(Ok(caller)), Some(Ok(callee))) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    Some(Ringing { room_id, caller, callee })
}

pub fn limit(name: &str, key: &str) -> String {
    format!("woxly:limit:{name}:{key}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ringing_key_reads_back_as_its_call() {
        let call = Ringing { room_id: 12, caller: 3, callee: 4 };
        assert_eq!(parse_ringing(&ringing(call)), Some(call));
        assert_eq!(parse_ringing("woxly:ring:1:2"), None);
    }
}
