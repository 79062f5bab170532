//! *busy evening*: everything a busy evening does at once, for a minute — chat in 500 rooms (each
//! message announced by typing), 200 people in voice rooms exchanging signaling, friends coming and
//! going, history scrolls and logins — the 99th percentile per kind of event, drops, failures and the
//! server's memory. The baseline has no typing: its runs leave typing out.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use serde_json::{Map, Value, json};

use crate::{
    recorder::{Counter, Latencies, round},
    scenarios::{Pace, Run, Scenario, flow::Flow, people, read_stamp, stamped},
    seed::{Db, PASSWORD, token},
    socket::{Connection, EventHandler},
    target::Kind,
};

#[derive(clap::Args, Debug)]
pub struct BusyEvening {
    /// Chat rooms; everyone in them is connected and in the room.
    #[arg(long, default_value_t = 500)]
    pub chat_rooms: u32,
    /// Members of each chat room.
    #[arg(long, default_value_t = 8)]
    pub chat_members: u32,
    /// Messages per second in each chat room, each after a typing signal.
    #[arg(long, default_value_t = 0.5)]
    pub chat_rate: f64,
    /// Voice rooms.
    #[arg(long, default_value_t = 50)]
    pub voice_rooms: u32,
    /// People in each voice room.
    #[arg(long, default_value_t = 4)]
    pub voice_members: u32,
    /// ICE candidates per second each person in voice sends to the next person in the room.
    #[arg(long, default_value_t = 1.0)]
    pub signal_rate: f64,
    /// People who come and go.
    #[arg(long, default_value_t = 200)]
    pub presence_people: u32,
    /// Friends (among the chatters) of each person who comes and goes: they see it.
    #[arg(long, default_value_t = 5)]
    pub friends: u32,
    /// Presence changes per second (one of them connecting, or leaving).
    #[arg(long, default_value_t = 10.0)]
    pub presence_rate: f64,
    /// History pages per second: 50 messages somewhere in a chat room's past.
    #[arg(long, default_value_t = 20.0)]
    pub history_rate: f64,
    /// Messages in each chat room's past.
    #[arg(long, default_value_t = 200)]
    pub history_depth: u32,
    /// Logins per second (each one a password hash).
    #[arg(long, default_value_t = 10.0)]
    pub login_rate: f64,
    /// Seconds of load.
    #[arg(long, default_value_t = 60)]
    pub seconds: u64,
}

const PAGE: u32 = 50;

/// A kind of HTTP request: latencies and failures.
struct Requests {
    sent: Counter,
    failed: Counter,
    latencies: Latencies,
}

impl Requests {
    fn new() -> Arc<Self> {
        Arc::new(Self { sent: Counter::default(), failed: Counter::default(), latencies: Latencies::new() })
    }

    /// Sends `request` without waiting; it fails unless answered with a success whose JSON body passes
    /// `check`.
    fn send(self: &Arc<Self>, request: reqwest::RequestBuilder, check: fn(&Value) -> bool) {
        self.sent.add(1);
        let requests = self.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            let passed = match request.send().await {
                Ok(response) if response.status().is_success() => {
                    response.json::<Value>().await.is_ok_and(|body| check(&body))
                }
                _ => false,
            };
            if passed { requests.latencies.record(started.elapsed()) } else { requests.failed.add(1) }
        });
    }

    fn summarize(&self, name: &str, metrics: &mut Map<String, Value>) {
        metrics.insert(format!("{name}_sent"), json!(self.sent.get()));
        metrics.insert(format!("{name}_failed"), json!(self.failed.get()));
        self.latencies.summarize(name, metrics);
    }
}

/// What the people who receive events count.
struct Flows {
    chat: Arc<Flow>,
    typing: Arc<Flow>,
    signal: Arc<Flow>,
    presence: Arc<Flow>,
}

impl BusyEvening {
    /// People 1..=chatters() chat; voice people follow, then those who come and go.
    fn chatters(&self) -> u32 {
        self.chat_rooms * self.chat_members
    }

    fn voice_people(&self) -> u32 {
        self.voice_rooms * self.voice_members
    }

    fn first_voice(&self) -> u32 {
        self.chatters() + 1
    }

    fn first_coming_and_going(&self) -> u32 {
        self.first_voice() + self.voice_people()
    }

    fn everyone(&self) -> u32 {
        self.chatters() + self.voice_people() + self.presence_people
    }

    fn chat_room_of(&self, chatter: u32) -> u32 {
        1 + (chatter - 1) / self.chat_members
    }

    /// The chatters who are friends of the `j`th person who comes and goes: distinct for every pair
    /// (a stride through the chatters, coprime with their number unless it is a multiple of 7919).
    fn friends_of(&self, j: u32) -> impl Iterator<Item = u32> {
        let chatters = u64::from(self.chatters());
        (0..self.friends).map(move |k| 1 + ((u64::from(j * self.friends + k) * 7919) % chatters) as u32)
    }

    /// History page `n`: who reads it, in which room, and the id it ends before. Room r's seeded
    /// messages have the ids (r-1)·depth+1 ..= r·depth (seeded room by room into empty tables).
    fn history_page(&self, n: usize) -> (u32, u32, u32) {
        let chatter = 1 + (n as u64 * 7919 % u64::from(self.chatters())) as u32;
        let room = self.chat_room_of(chatter);
        let before = (room - 1) * self.history_depth + PAGE + 1 + (n as u32 * 31) % (self.history_depth - PAGE);
        (chatter, room, before)
    }

    /// What a chatter's or voice person's tab counts on receipt.
    fn on_event(&self, flows: &Flows) -> EventHandler {
        let (chat, typing, signal, presence) =
            (flows.chat.clone(), flows.typing.clone(), flows.signal.clone(), flows.presence.clone());
        Arc::new(move |event: &str, payload: &str| {
            if event == "new-message" {
                if let Some((_, sent)) = read_stamp(payload) {
                    chat.received_since(sent);
                }
                return;
            }
            let (flow, field) = match event {
                "user-typing" => (&typing, "userId"),
                "ice-candidate" => (&signal, "from"),
                "friend-status-changed" => (&presence, "userId"),
                _ => return,
            };
            if let Some(user) = serde_json::from_str::<Value>(payload).ok().and_then(|v| v[field].as_u64()) {
                flow.received(user);
            }
        })
    }
}

impl Scenario for BusyEvening {
    const NAME: &'static str = "busy-evening";

    fn params(&self) -> Value {
        json!({"chatRooms": self.chat_rooms, "chatMembers": self.chat_members, "chatRatePerRoom": self.chat_rate,
               "voiceRooms": self.voice_rooms, "voiceMembers": self.voice_members, "signalRate": self.signal_rate,
               "presencePeople": self.presence_people, "friends": self.friends, "presenceRate": self.presence_rate,
               "historyRate": self.history_rate, "historyDepth": self.history_depth, "loginRate": self.login_rate,
               "seconds": self.seconds})
    }

    async fn seed(&self, db: &Db) -> anyhow::Result<()> {
        anyhow::ensure!(self.history_depth > PAGE, "--history-depth must be over {PAGE}");
        anyhow::ensure!(
            self.presence_people * self.friends <= self.chatters() && !self.chatters().is_multiple_of(7919),
            "every friendship must be a pair of its own: presence people × friends ≤ chatters"
        );
        db.users(self.everyone()).await?;
        let chat = (0..self.chat_rooms).map(|r| (1 + r * self.chat_members..=(r + 1) * self.chat_members).collect());
        let voice = (0..self.voice_rooms).map(|v| {
            let first = self.first_voice() + v * self.voice_members;
            (first..first + self.voice_members).collect()
        });
        db.rooms(&chat.chain(voice).collect::<Vec<Vec<u32>>>()).await?;
        for room in 1..=self.chat_rooms {
            db.messages(room, 1 + (room - 1) * self.chat_members, self.history_depth).await?;
        }
        let pairs: Vec<(u32, u32)> = (0..self.presence_people)
            .flat_map(|j| self.friends_of(j).map(move |friend| (self.first_coming_and_going() + j, friend)))
            .collect();
        db.friendships(&pairs).await
    }

    async fn run(&self, run: &Run<'_>) -> anyhow::Result<Map<String, Value>> {
        let with_typing = run.server.kind != Kind::Node;
        let everyone = self.everyone();
        let flows = Flows {
            chat: Flow::new(everyone, &run.clock),
            typing: Flow::new(everyone, &run.clock),
            signal: Flow::new(everyone, &run.clock),
            presence: Flow::new(everyone, &run.clock),
        };
        let chatters = people(self.chatters());
        let chatting = Arc::new(
            run.connect_all(&chatters, |i| vec![self.chat_room_of(i as u32 + 1)], |_| self.on_event(&flows)).await?,
        );
        let voice_people: Vec<u32> = (self.first_voice()..self.first_coming_and_going()).collect();
        let members = self.voice_members;
        let in_voice = Arc::new(
            run.connect_all(
                &voice_people,
                |i| vec![self.chat_rooms + 1 + i as u32 / members],
                |_| self.on_event(&flows),
            )
            .await?,
        );
        // Who comes and goes: `None` while away.
        let coming_and_going: Arc<Vec<Mutex<Option<Connection>>>> =
            Arc::new((0..self.presence_people).map(|_| Mutex::new(None)).collect());
        let (history, logins) = (Requests::new(), Requests::new());
        let client = reqwest::Client::new();

        let rss_start = run.server.rss_kib()?;
        let mut rss_max = rss_start;
        let mut chat_pace = Pace::new(f64::from(self.chat_rooms) * self.chat_rate);
        let mut signal_pace = Pace::new(f64::from(self.voice_people()) * self.signal_rate);
        let mut presence_pace = Pace::new(self.presence_rate);
        let mut history_pace = Pace::new(self.history_rate);
        let mut login_pace = Pace::new(self.login_rate);
        let mut tick = tokio::time::interval(Duration::from_millis(10));
        let mut next_memory_reading = Duration::ZERO;
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(self.seconds) {
            tick.tick().await;
            let elapsed = started.elapsed();
            for n in chat_pace.due(elapsed) {
                // Room by room, each member in turn.
                let room = n as u32 % self.chat_rooms;
                let chatter = 1 + room * self.chat_members + (n as u32 / self.chat_rooms) % self.chat_members;
                let i = chatter as usize - 1;
                let room_id = room + 1;
                if with_typing {
                    let payload = json!({"roomId": room_id}).to_string();
                    let audience = u64::from(self.chat_members - 1);
                    flows.typing.emit(&chatting, i, chatter, "typing", payload, audience);
                }
                let content = stamped(0, run.clock.now_micros());
                let payload = json!({"roomId": room_id, "content": content}).to_string();
                // Everyone in the room hears it, the sender's own tab included.
                let audience = u64::from(self.chat_members);
                flows.chat.emit(&chatting, i, chatter, "send-message", payload, audience);
            }
            for n in signal_pace.due(elapsed) {
                let j = n as u32 % self.voice_people();
                let next = j - j % members + (j + 1) % members;
                let payload = json!({"to": self.first_voice() + next, "candidate": {
                    "candidate": "candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host",
                    "sdpMid": "0", "sdpMLineIndex": 0}})
                .to_string();
                let sender = self.first_voice() + j;
                flows.signal.emit(&in_voice, j as usize, sender, "ice-candidate", payload, 1);
            }
            for n in presence_pace.due(elapsed) {
                self.come_or_go(n, run, &flows, &coming_and_going);
            }
            for n in history_pace.due(elapsed) {
                let (reader, room, before) = self.history_page(n);
                let url = format!("http://{}/api/messages?roomId={room}&limit={PAGE}&before={before}", run.server.addr);
                let request = client.get(url).header("authorization", format!("Bearer {}", token(reader)));
                history.send(request, |body| body["messages"].as_array().is_some_and(|m| m.len() == PAGE as usize));
            }
            for n in login_pace.due(elapsed) {
                let who = format!("bench{}", 1 + n as u32 % self.chatters());
                let request = client
                    .post(format!("http://{}/api/auth/login", run.server.addr))
                    .json(&json!({"login": who, "password": PASSWORD}));
                logins.send(request, |body| body["token"].is_string());
            }
            if elapsed >= next_memory_reading {
                rss_max = rss_max.max(run.server.rss_kib()?);
                next_memory_reading += Duration::from_secs(1);
            }
        }
        // Let the last ones arrive before counting.
        tokio::time::sleep(Duration::from_secs(3)).await;
        let rss_end = run.server.rss_kib()?;
        let rss_max = rss_max.max(rss_end);
        let seconds = self.seconds as f64;
        let mut metrics = Map::new();
        flows.chat.summarize("chat", seconds, &mut metrics);
        if with_typing {
            flows.typing.summarize("typing", seconds, &mut metrics);
        }
        flows.signal.summarize("signal", seconds, &mut metrics);
        flows.presence.summarize("presence", seconds, &mut metrics);
        history.summarize("history", &mut metrics);
        logins.summarize("login", &mut metrics);
        for (name, kib) in [("rss_start_mib", rss_start), ("rss_max_mib", rss_max), ("rss_end_mib", rss_end)] {
            metrics.insert(name.into(), json!(round(kib as f64 / 1024.0)));
        }
        Ok(metrics)
    }
}

impl BusyEvening {
    /// Presence change `n`: the people who come and go connect on their first turn, leave on the
    /// next, and so on; each change owes a `friend-status-changed` to each of their friends.
    fn come_or_go(&self, n: usize, run: &Run<'_>, flows: &Flows, people: &Arc<Vec<Mutex<Option<Connection>>>>) {
        let j = n % self.presence_people as usize;
        let user = self.first_coming_and_going() + j as u32;
        let friends = u64::from(self.friends);
        let arriving = (n / self.presence_people as usize).is_multiple_of(2);
        let mut slot = people[j].lock().unwrap_or_else(|e| e.into_inner());
        if !arriving {
            // A connection still opening (a slow server) leaves with the next turn instead.
            if let Some(connection) = slot.take() {
                flows.presence.sending(user);
                connection.abort();
                flows.presence.expected.add(friends);
            }
            return;
        }
        if slot.is_some() {
            // Still here from a turn that could not leave: no change to announce.
            return;
        }
        drop(slot);
        flows.presence.sending(user);
        // Connecting takes round trips: the tick goes on meanwhile.
        let (server, source) = run.addresses((self.first_coming_and_going() - 1) as usize + j);
        let (people, presence) = (people.clone(), flows.presence.clone());
        tokio::spawn(async move {
            match Connection::open(server, source, &token(user), Arc::new(|_: &str, _: &str| {})).await {
                Ok(connection) => {
                    *people[j].lock().unwrap_or_else(|e| e.into_inner()) = Some(connection);
                    presence.expected.add(friends);
                }
                Err(_) => presence.refused.add(1),
            }
        });
    }
}
