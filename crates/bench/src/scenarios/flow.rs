//! One kind of signal that people send to others (a reaction, typing, a chat message, an ICE
//! candidate, a presence change): what was sent, what arrived and how long it took, and drops.

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use serde_json::{Map, Value, json};

use crate::{
    recorder::{Clock, Counter, Latencies, round},
    scenarios::ensure_ok,
    socket::Connection,
};

pub struct Flow {
    pub sent: Counter,
    pub refused: Counter,
    /// Deliveries owed by the acknowledged signals.
    pub expected: Counter,
    pub delivered: Counter,
    /// From a signal's send until each receipt.
    pub latencies: Latencies,
    /// From a signal's send until its acknowledgement.
    pub acks: Latencies,
    clock: Arc<Clock>,
    /// Per sender (by user id), when their last signal left. A sender's signals are seconds apart,
    /// far longer than a delivery takes, so the latest send time is the one a receipt answers.
    sent_at: Vec<AtomicU64>,
}

impl Flow {
    /// A flow for senders with user ids up to `people`, timed by `clock`.
    pub fn new(people: u32, clock: &Arc<Clock>) -> Arc<Self> {
        Arc::new(Self {
            sent: Counter::default(),
            refused: Counter::default(),
            expected: Counter::default(),
            delivered: Counter::default(),
            latencies: Latencies::new(),
            acks: Latencies::new(),
            clock: clock.clone(),
            sent_at: (0..=people).map(|_| AtomicU64::new(0)).collect(),
        })
    }

    /// Notes that `user` sends a signal now.
    pub fn sending(&self, user: u32) {
        self.sent.add(1);
        if let Some(at) = self.sent_at.get(user as usize) {
            at.store(self.clock.now_micros(), Ordering::Relaxed);
        }
    }

    /// A receipt of `user`'s latest signal.
    pub fn received(&self, user: u64) {
        self.received_since(self.sent_at.get(user as usize).map_or(0, |t| t.load(Ordering::Relaxed)));
    }

    /// A receipt of a signal that carries its send time (microseconds on the flow's clock).
    pub fn received_since(&self, sent: u64) {
        self.delivered.add(1);
        self.latencies.record_since(&self.clock, sent);
    }

    /// Emits `event` on `connections[i]` (user `user`) asking for an acknowledgement; a refusal is
    /// counted and owes nothing, an acknowledgement owes `audience` deliveries.
    pub fn emit(
        self: &Arc<Self>,
        connections: &Arc<Vec<Connection>>,
        i: usize,
        user: u32,
        event: &'static str,
        payload: String,
        audience: u64,
    ) {
        self.sending(user);
        let (connections, flow) = (connections.clone(), self.clone());
        tokio::spawn(async move {
            let sent = flow.clock.now_micros();
            let answer = connections[i].emit_with_ack(event, payload).await;
            if answer.is_err() || answer.as_deref().is_ok_and(|a| ensure_ok(a).is_err()) {
                flow.refused.add(1);
            } else {
                flow.acks.record_since(&flow.clock, sent);
                flow.expected.add(audience);
            }
        });
    }

    /// `{name}_sent`, `_refused`, `_deliveries_per_s`, `_drops`, the delivery latencies and any
    /// acknowledgements' (`{name}_ack_…`) into `metrics`.
    pub fn summarize(&self, name: &str, seconds: f64, metrics: &mut Map<String, Value>) {
        metrics.insert(format!("{name}_sent"), json!(self.sent.get()));
        metrics.insert(format!("{name}_refused"), json!(self.refused.get()));
        metrics.insert(format!("{name}_deliveries_per_s"), json!(round(self.delivered.get() as f64 / seconds)));
        metrics.insert(format!("{name}_drops"), json!(self.expected.get().saturating_sub(self.delivered.get())));
        self.latencies.summarize(name, metrics);
        // Signals that are not events (a presence change is a connection opened or closed) have none.
        if !self.acks.is_empty() {
            self.acks.summarize(&format!("{name}_ack"), metrics);
        }
    }
}
