//! The events of one connection take effect in the order they were sent. socketioxide runs each
//! event's handler as a task of its own, so two events sent one after the other (mute then unmute, two
//! messages, a reaction added then removed) could otherwise take effect the other way round, and what
//! the others see would not be what the sender did.
//!
//! Each event takes its place as it arrives (in socketioxide's receive path, before its task is
//! spawned) and waits for the event before it to be done. A dozen lines over tokio's oneshot channel;
//! no crate orders tasks by key.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::oneshot;

/// One connection's line of events: where it ends is what the last event taken will signal when done.
#[derive(Clone, Default)]
pub struct InOrder(Arc<Mutex<Option<oneshot::Receiver<()>>>>);

/// An event's place in its connection's line.
pub struct Turn {
    before: Option<oneshot::Receiver<()>>,
    /// Dropped when the event is done (handled, refused or panicked alike): the next one goes.
    _done: oneshot::Sender<()>,
}

impl InOrder {
    /// Takes the next place. Called as the event arrives, not in its task: that is what orders it.
    pub fn take_turn(&self) -> Turn {
        let (done, next) = oneshot::channel();
        let before = self.0.lock().unwrap_or_else(PoisonError::into_inner).replace(next);
        Turn { before, _done: done }
    }
}

impl Turn {
    /// Waits until every event taken before this one is done.
    pub async fn wait(&mut self) {
        if let Some(before) = self.before.take() {
            // An error only says the event before was done without a word, which is all we wait for.
            let _ = before.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn events_are_done_in_the_order_they_took_their_turns_even_when_the_first_is_slow() {
        let line = InOrder::default();
        let done = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for event in 0..20u64 {
            let mut turn = line.take_turn();
            let done = done.clone();
            tasks.push(tokio::spawn(async move {
                turn.wait().await;
                // The earlier an event, the longer it takes: unordered, they would finish backwards.
                tokio::time::sleep(Duration::from_millis(20 - event)).await;
                done.lock().expect("not poisoned").push(event);
            }));
        }
        for task in tasks {
            task.await.expect("ran");
        }
        assert_eq!(*done.lock().expect("not poisoned"), (0..20).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn an_event_that_panicked_lets_the_next_one_go() {
        let line = InOrder::default();
        let mut first = line.take_turn();
        let mut second = line.take_turn();
        let panicked = tokio::spawn(async move {
            first.wait().await;
            panic!("a handler failed");
        });
        assert!(panicked.await.is_err());
        tokio::time::timeout(Duration::from_secs(10), second.wait()).await.expect("the next event goes");
    }
}
