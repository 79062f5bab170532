//! Whether this node has lost Redis since it last reached it: while it has, events meant for other
//! nodes are lost (each is logged where it failed), so once Redis answers again the node's clients are
//! made to reconnect and resync (SYNC-1).

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

#[derive(Clone, Default)]
pub struct Outage(Arc<AtomicBool>);

impl Outage {
    /// Redis could not be reached; logged once per outage.
    pub fn lost(&self, why: &str) {
        if !self.0.swap(true, Ordering::SeqCst) {
            tracing::warn!(why, "lost Redis: events for other nodes are lost until it is back");
        }
    }

    /// Redis answered: `true` if it had been lost.
    pub fn recovered(&self) -> bool {
        self.0.swap(false, Ordering::SeqCst)
    }
}
