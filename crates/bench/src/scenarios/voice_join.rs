//! *voice join*: many people enter voice rooms at the same moment, as after a shared invitation — each
//! sends `join-room`, and on its acknowledgement an offer to everyone the acknowledgement lists in the
//! room (as the web client does). The figure is, per joiner, the time from `join-room` until its first
//! offer reached someone.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Instant,
};

use futures_util::future::join_all;
use serde_json::{Map, Value, json};

use crate::{
    recorder::{Counter, Latencies},
    scenarios::{Run, Scenario, join_room, people},
    seed::Db,
};

/// An offer's size is mostly its SDP; a browser's audio-only offer is about this long.
const SDP_BYTES: usize = 1500;

#[derive(clap::Args, Debug)]
pub struct VoiceJoin {
    /// Rooms.
    #[arg(long, default_value_t = 250)]
    pub rooms: u32,
    /// People already in each room.
    #[arg(long, default_value_t = 2)]
    pub present: u32,
    /// People joining each room at the same moment (rooms × joiners join in all).
    #[arg(long, default_value_t = 2)]
    pub joiners: u32,
}

impl VoiceJoin {
    fn room_size(&self) -> u32 {
        self.present + self.joiners
    }
}

impl Scenario for VoiceJoin {
    const NAME: &'static str = "voice-join";

    fn params(&self) -> Value {
        json!({"rooms": self.rooms, "presentPerRoom": self.present, "joinersPerRoom": self.joiners,
               "simultaneousJoins": self.rooms * self.joiners, "sdpBytes": SDP_BYTES})
    }

    async fn seed(&self, db: &Db) -> anyhow::Result<()> {
        db.users(self.rooms * self.room_size()).await?;
        let size = self.room_size() as usize;
        db.rooms(&people(self.rooms * self.room_size()).chunks(size).map(<[u32]>::to_vec).collect::<Vec<_>>()).await
    }

    async fn run(&self, run: &Run<'_>) -> anyhow::Result<Map<String, Value>> {
        let size = self.room_size();
        let room_of = |n: u32| 1 + (n - 1) / size;
        let is_present = |n: u32| (n - 1) % size < self.present;
        let everyone = people(self.rooms * size);
        let joiners: Vec<u32> = everyone.iter().copied().filter(|&n| !is_present(n)).collect();
        let first_offer: Arc<Vec<AtomicBool>> = Arc::new(everyone.iter().map(|_| AtomicBool::new(false)).collect());
        let until_offer = Arc::new(Latencies::new());
        let on_offer = |_| {
            let (first_offer, until_offer, clock) = (first_offer.clone(), until_offer.clone(), run.clock.clone());
            Arc::new(move |event: &str, payload: &str| {
                if event != "webrtc-offer" {
                    return;
                }
                let Ok(signal) = serde_json::from_str::<Value>(payload) else { return };
                let (Some(joiner), Some(sent)) = (signal["offer"]["joiner"].as_u64(), signal["offer"]["t"].as_u64())
                else {
                    return;
                };
                if let Some(flag) = first_offer.get(joiner as usize - 1)
                    && !flag.swap(true, Ordering::Relaxed)
                {
                    until_offer.record_since(&clock, sent);
                }
            }) as crate::socket::EventHandler
        };
        let present: Vec<u32> = everyone.iter().copied().filter(|&n| is_present(n)).collect();
        let _present_connections = run.connect_all(&present, |i| vec![room_of(present[i])], on_offer).await?;
        let joiner_connections = run.connect_all(&joiners, |_| Vec::new(), on_offer).await?;
        let (until_ack, refused) = (Latencies::new(), Counter::default());
        let sdp = "a".repeat(SDP_BYTES);
        join_all(joiner_connections.iter().zip(&joiners).map(|(connection, &me)| {
            let (until_ack, refused, sdp, clock) = (&until_ack, &refused, &sdp, &run.clock);
            async move {
                let t = clock.now_micros();
                let sent = Instant::now();
                let Ok(ack) = join_room(connection, room_of(me)).await else {
                    refused.add(1);
                    return;
                };
                until_ack.record(sent.elapsed());
                let participants: Value = serde_json::from_str(&ack).unwrap_or_default();
                for participant in participants["participants"].as_array().into_iter().flatten() {
                    let Some(id) = participant["id"].as_u64() else { continue };
                    if id != u64::from(me) && participant["isInRoom"] == true {
                        let offer = json!({"type": "offer", "sdp": sdp, "t": t, "joiner": me});
                        connection.emit("webrtc-offer", &json!({"to": id, "offer": offer}).to_string());
                    }
                }
            }
        }))
        .await;
        // The last offers are in flight when the last acknowledgement arrives.
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        let offered = first_offer.iter().filter(|f| f.load(Ordering::Relaxed)).count();
        let mut metrics = Map::new();
        metrics.insert("joins".into(), json!(joiners.len()));
        metrics.insert("refused".into(), json!(refused.get()));
        metrics.insert("without_offer_relayed".into(), json!(joiners.len() - offered));
        until_ack.summarize("join_ack", &mut metrics);
        until_offer.summarize("join_to_offer", &mut metrics);
        Ok(metrics)
    }
}
