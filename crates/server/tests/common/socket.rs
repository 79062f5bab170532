//! A Socket.IO client for tests (rust_socketio), recording everything the server sends.

use std::time::Duration;

use futures_util::FutureExt;
use rust_socketio::{
    Event, Payload, TransportType,
    asynchronous::{Client, ClientBuilder},
};
use serde_json::Value;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use woxly_protocol::events::ServerEvent;

/// How long a test waits for something that should happen.
pub const PATIENCE: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub enum Received {
    Connected,
    /// `connect_error`, or any other error the client reports, as text.
    Error(String),
    Event(String, Value),
    Closed,
}

pub struct TestSocket {
    pub client: Client,
    received: UnboundedReceiver<Received>,
    /// One acknowledgement at a time per client: rust_socketio 0.6 draws ack ids at random from 0..999
    /// and panics when two outstanding ones collide.
    one_ack_at_a_time: tokio::sync::Mutex<()>,
}

fn forward(
    tx: &UnboundedSender<Received>,
    make: fn(Payload) -> Received,
) -> impl FnMut(Payload, Client) -> futures_util::future::BoxFuture<'static, ()> + Send + Sync + 'static {
    let tx = tx.clone();
    move |payload, _| {
        let _ = tx.send(make(payload));
        async {}.boxed()
    }
}

#[allow(deprecated, reason = "the client still reports some errors as Payload::String")]
fn text(payload: Payload) -> String {
    match payload {
        Payload::Text(values) => {
            values.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).collect::<Vec<_>>().join(" ")
        }
        Payload::String(s) => s,
        Payload::Binary(bytes) => format!("{} binary bytes", bytes.len()),
    }
}

impl TestSocket {
    /// Connects and waits for the namespace's answer: `Ok` once connected, `Err` with the
    /// `connect_error` message (e.g. `unauthorized`) or the transport's error.
    pub async fn connect(base: &str, auth: Option<Value>, origin: Option<&str>) -> Result<Self, String> {
        let (tx, mut received) = unbounded_channel();
        // WebSocket from the start, where browsers end up too; this client's polling-then-upgrade path
        // now and then loses a packet under load.
        let mut builder = ClientBuilder::new(base)
            .transport_type(TransportType::Websocket)
            .reconnect(false)
            .on(Event::Connect, forward(&tx, |_| Received::Connected))
            .on(Event::Error, forward(&tx, |p| Received::Error(text(p))))
            .on(Event::Close, forward(&tx, |_| Received::Closed))
            .on_any({
                let tx = tx.clone();
                move |event, payload, _| {
                    let value = match payload {
                        Payload::Text(mut values) if !values.is_empty() => values.remove(0),
                        _ => Value::Null,
                    };
                    // Every event is read as its protocol type first: one whose payload is not what
                    // woxly-protocol says (or that it does not know) reaches the test as an error.
                    let received = match ServerEvent::parse(event.as_str(), value.clone()) {
                        Ok(_) => Received::Event(event.as_str().to_owned(), value),
                        Err(e) => Received::Error(format!("an event that is not its protocol type: {e}")),
                    };
                    let _ = tx.send(received);
                    async {}.boxed()
                }
            });
        if let Some(auth) = auth {
            builder = builder.auth(auth);
        }
        if let Some(origin) = origin {
            builder = builder.opening_header("Origin", origin);
        }
        let client = builder.connect().await.map_err(|e| e.to_string())?;
        match tokio::time::timeout(PATIENCE, received.recv()).await {
            Ok(Some(Received::Connected)) => {
                Ok(Self { client, received, one_ack_at_a_time: tokio::sync::Mutex::new(()) })
            }
            Ok(Some(Received::Error(message))) => Err(connect_error_message(&message)),
            other => Err(format!("no answer to the handshake: {other:?}")),
        }
    }

    /// The next thing received, if any arrives within [`PATIENCE`].
    pub async fn next(&mut self) -> Option<Received> {
        tokio::time::timeout(PATIENCE, self.received.recv()).await.ok().flatten()
    }

    /// Waits until the server closes this connection.
    pub async fn expect_closed(&mut self) {
        loop {
            match self.next().await {
                Some(Received::Closed) => return,
                Some(_) => continue,
                None => panic!("the server did not close the connection"),
            }
        }
    }

    /// The next event, which must be `name`; returns its payload. Anything else arriving first fails the
    /// test, so an unexpected event cannot hide behind an expected one.
    pub async fn expect_event(&mut self, name: &str) -> Value {
        match self.next().await {
            Some(Received::Event(event, payload)) if event == name => payload,
            other => panic!("expected the event {name:?}, got {other:?}"),
        }
    }

    /// The next event, which must be `name`, as its protocol type.
    pub async fn expect_typed(&mut self, name: &str) -> ServerEvent {
        let payload = self.expect_event(name).await;
        ServerEvent::parse(name, payload).expect("read as its protocol type")
    }

    /// Checks that no event arrived (see [`TestSocket::heard`]).
    pub async fn assert_quiet(&mut self) {
        let events = self.heard().await;
        assert!(events.is_empty(), "unexpected events: {events:?}");
    }

    /// The names of the events received so far. It first makes a round trip to the server, which sends a
    /// connection's events and acknowledgements in order: anything sent to this connection before is here.
    pub async fn heard(&mut self) -> Vec<String> {
        self.events().await.into_iter().map(|(name, _)| name).collect()
    }

    /// The events received so far, name and payload, after the same round trip.
    pub async fn events(&mut self) -> Vec<(String, Value)> {
        self.received()
            .await
            .into_iter()
            .filter_map(|r| match r {
                Received::Event(name, payload) => Some((name, payload)),
                _ => None,
            })
            .collect()
    }

    /// Everything received so far, after the same round trip.
    pub async fn received(&mut self) -> Vec<Received> {
        self.ack("settle", Value::Null).await;
        self.drain()
    }

    /// For setting a scene: drops everything received so far, after the same round trip.
    pub async fn settle(&mut self) {
        self.heard().await;
    }

    /// For setting a scene: skips whatever comes before the next `name` event and returns its payload.
    pub async fn skip_to(&mut self, name: &str) -> Value {
        loop {
            match self.next().await {
                Some(Received::Event(event, payload)) if event == name => return payload,
                Some(_) => continue,
                None => panic!("the event {name:?} never came"),
            }
        }
    }

    /// Whatever arrived so far, without waiting.
    pub fn drain(&mut self) -> Vec<Received> {
        std::iter::from_fn(|| self.received.try_recv().ok()).collect()
    }

    /// Emits `event` with `data`, asking no acknowledgement.
    pub async fn emit(&self, event: &str, data: Value) {
        self.client.emit(event, data).await.expect("emitted");
    }

    /// Emits `event` with `data` and returns the server's acknowledgement.
    pub async fn ack(&self, event: &str, data: Value) -> Value {
        let _turn = self.one_ack_at_a_time.lock().await;
        let (tx, rx) = tokio::sync::oneshot::channel();
        let tx = std::sync::Mutex::new(Some(tx));
        self.client
            .emit_with_ack(event, data, PATIENCE, move |payload: Payload, _| {
                // The client hands over an acknowledgement's arguments as one JSON array.
                let value = match payload {
                    Payload::Text(mut values) if !values.is_empty() => match values.remove(0) {
                        Value::Array(mut args) if !args.is_empty() => args.remove(0),
                        other => other,
                    },
                    _ => Value::Null,
                };
                if let Some(tx) = tx.lock().ok().and_then(|mut tx| tx.take()) {
                    let _ = tx.send(value);
                }
                async {}.boxed()
            })
            .await
            .expect("emitted");
        tokio::time::timeout(PATIENCE, rx).await.expect("acknowledged in time").expect("acknowledged")
    }

    pub async fn close(self) {
        let _ = self.client.disconnect().await;
    }
}

/// `Received an ConnectError frame: {"message":"unauthorized"}` → `unauthorized`.
fn connect_error_message(error: &str) -> String {
    error
        .split_once(": ")
        .and_then(|(_, json)| serde_json::from_str::<Value>(json).ok())
        .and_then(|v| v["message"].as_str().map(str::to_owned))
        .unwrap_or_else(|| error.to_owned())
}
