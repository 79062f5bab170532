//! A Socket.IO client over one WebSocket: Engine.IO v4 without polling, `auth: {token}` in the CONNECT
//! packet — what `socket.io-client` does with `transports: ['websocket']`. Written here rather than taken
//! from rust_socketio because the generator must hold tens of thousands of connections from chosen
//! source addresses with small buffers, and hand each event's raw text to the scenario without parsing
//! every receipt into a JSON tree.

use std::{
    collections::HashMap,
    net::{IpAddr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use anyhow::{Context, anyhow, bail};
use futures_util::{SinkExt, StreamExt};
use tokio::{
    net::{TcpSocket, TcpStream},
    sync::{mpsc, oneshot},
    task::JoinHandle,
};
use tokio_tungstenite::{
    WebSocketStream, client_async_with_config,
    tungstenite::{Message, protocol::WebSocketConfig},
};

/// Called for every event the server sends: its name and the raw JSON of its first argument.
pub type EventHandler = Arc<dyn Fn(&str, &str) + Send + Sync>;

/// How long the WebSocket upgrade plus the Socket.IO CONNECT may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);
/// How long an acknowledgement may take before the event counts as failed (a server that never
/// answers must fail the scenario, not hang it).
const ACK_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a connection could not be opened.
#[derive(Debug)]
pub enum ConnectError {
    /// The server answered CONNECT with an error packet (`connect_error` in socket.io-client).
    Refused(String),
    /// TCP, the upgrade or the handshake failed or timed out.
    Failed(anyhow::Error),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Refused(message) => write!(f, "connect_error: {message}"),
            Self::Failed(e) => write!(f, "{e:#}"),
        }
    }
}

enum Outgoing {
    Emit(String),
    EmitWithAck { event: &'static str, payload: String, reply: oneshot::Sender<String> },
}

/// One authenticated connection. Dropping it leaves the connection open; `abort` cuts it.
pub struct Connection {
    outgoing: mpsc::UnboundedSender<Outgoing>,
    task: JoinHandle<()>,
}

impl Connection {
    /// Opens a WebSocket to `server` from `source`, and authenticates with `token`.
    pub async fn open(
        server: SocketAddr,
        source: IpAddr,
        token: &str,
        on_event: EventHandler,
    ) -> Result<Self, ConnectError> {
        let (ws, leftover) = tokio::time::timeout(CONNECT_TIMEOUT, handshake(server, source, token))
            .await
            .map_err(|_| ConnectError::Failed(anyhow!("timed out")))??;
        let (outgoing, commands) = mpsc::unbounded_channel();
        let task = tokio::spawn(run(ws, commands, on_event, leftover));
        Ok(Self { outgoing, task })
    }

    /// Sends `event` with `payload` (JSON) and no acknowledgement.
    pub fn emit(&self, event: &str, payload: &str) {
        let _ = self.outgoing.send(Outgoing::Emit(format!("42[\"{event}\",{payload}]")));
    }

    /// Sends `event` asking for an acknowledgement; resolves to the raw JSON of its first argument.
    pub async fn emit_with_ack(&self, event: &'static str, payload: String) -> anyhow::Result<String> {
        let (reply, answer) = oneshot::channel();
        self.outgoing
            .send(Outgoing::EmitWithAck { event, payload, reply })
            .map_err(|_| anyhow!("connection closed"))?;
        match tokio::time::timeout(ACK_TIMEOUT, answer).await {
            Ok(Ok(ack)) => Ok(ack),
            Ok(Err(_)) => Err(anyhow!("connection closed before the acknowledgement of {event}")),
            Err(_) => Err(anyhow!("no acknowledgement of {event} within {} s", ACK_TIMEOUT.as_secs())),
        }
    }

    pub fn is_open(&self) -> bool {
        !self.task.is_finished()
    }

    /// Cuts the connection at once, as a network failure would (no Socket.IO or WebSocket goodbye).
    pub fn abort(&self) {
        self.task.abort();
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Upgrade, read Engine.IO's open packet, send CONNECT with the token, wait for the namespace's answer.
/// Events the server sends right after CONNECT may arrive in the same read: they are returned.
async fn handshake(
    server: SocketAddr,
    source: IpAddr,
    token: &str,
) -> Result<(WebSocketStream<TcpStream>, Vec<String>), ConnectError> {
    let failed = |e: anyhow::Error| ConnectError::Failed(e);
    let socket = TcpSocket::new_v4().map_err(|e| failed(e.into()))?;
    socket.bind(SocketAddr::new(source, 0)).with_context(|| format!("bind {source}")).map_err(failed)?;
    let _ = socket.set_nodelay(true);
    let stream = socket.connect(server).await.with_context(|| format!("connect {server}")).map_err(failed)?;
    let url = format!("ws://{server}/socket.io/?EIO=4&transport=websocket");
    // Small buffers: the messages here are small, and tungstenite's defaults (128 KiB) times 50,000
    // connections would be the generator's whole memory.
    let config = WebSocketConfig::default().read_buffer_size(4096).write_buffer_size(0);
    let (mut ws, _) = client_async_with_config(url, stream, Some(config)).await.map_err(|e| failed(e.into()))?;
    let open = next_text(&mut ws).await.map_err(failed)?;
    if !open.starts_with('0') {
        return Err(failed(anyhow!("expected the Engine.IO open packet, got {open:?}")));
    }
    let auth = serde_json::json!({ "token": token });
    ws.send(Message::text(format!("40{auth}"))).await.map_err(|e| failed(e.into()))?;
    let mut early = Vec::new();
    loop {
        let packet = next_text(&mut ws).await.map_err(failed)?;
        if let Some(rest) = packet.strip_prefix("44") {
            let message = serde_json::from_str::<serde_json::Value>(rest)
                .ok()
                .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
                .unwrap_or_else(|| rest.to_owned());
            return Err(ConnectError::Refused(message));
        } else if packet.starts_with("40") {
            return Ok((ws, early));
        } else if packet == "2" {
            ws.send(Message::text("3")).await.map_err(|e| failed(e.into()))?;
        } else {
            early.push(packet);
        }
    }
}

async fn next_text(ws: &mut WebSocketStream<TcpStream>) -> anyhow::Result<String> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) => return Ok(text.to_string()),
            Some(Ok(Message::Close(_))) | None => bail!("closed by the server"),
            Some(Ok(_)) => continue,
            Some(Err(e)) => return Err(e.into()),
        }
    }
}

/// The connection's life: answers pings, hands events to the scenario, matches acknowledgements.
async fn run(
    mut ws: WebSocketStream<TcpStream>,
    mut commands: mpsc::UnboundedReceiver<Outgoing>,
    on_event: EventHandler,
    early: Vec<String>,
) {
    let mut pending: HashMap<u64, oneshot::Sender<String>> = HashMap::new();
    let mut next_ack_id = 0u64;
    for packet in &early {
        handle_packet(packet, &on_event, &mut pending);
    }
    loop {
        tokio::select! {
            incoming = ws.next() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    if text.as_str() == "2" {
                        if ws.send(Message::text("3")).await.is_err() {
                            return;
                        }
                    } else if !handle_packet(text.as_str(), &on_event, &mut pending) {
                        return;
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
            command = commands.recv() => {
                let text = match command {
                    Some(Outgoing::Emit(text)) => text,
                    Some(Outgoing::EmitWithAck { event, payload, reply }) => {
                        let id = next_ack_id;
                        next_ack_id += 1;
                        pending.insert(id, reply);
                        format!("42{id}[\"{event}\",{payload}]")
                    }
                    None => {
                        let _ = ws.close(None).await;
                        return;
                    }
                };
                if ws.send(Message::text(text)).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// Handles one Socket.IO packet; false when the server closed the namespace.
fn handle_packet(packet: &str, on_event: &EventHandler, pending: &mut HashMap<u64, oneshot::Sender<String>>) -> bool {
    if let Some(rest) = packet.strip_prefix("42") {
        if let Some((event, payload)) = split_event(rest) {
            on_event(event, payload);
        }
    } else if let Some(rest) = packet.strip_prefix("43") {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(id) = rest[..digits].parse::<u64>()
            && let Some(reply) = pending.remove(&id)
        {
            let args = &rest[digits..];
            let first = args.strip_prefix('[').and_then(|a| a.strip_suffix(']')).unwrap_or(args);
            let _ = reply.send(first.to_owned());
        }
    } else if packet.starts_with("41") {
        return false;
    }
    true
}

/// `["name",payload]` → (name, raw payload). Event names here never contain quotes or escapes.
fn split_event(packet: &str) -> Option<(&str, &str)> {
    let rest = packet.strip_prefix("[\"")?;
    let end = rest.find('"')?;
    let (event, after) = (&rest[..end], &rest[end + 1..]);
    let payload = after.strip_prefix(',').unwrap_or(after).strip_suffix(']')?;
    Some((event, payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_into_name_and_raw_payload() {
        assert_eq!(split_event(r#"["new-message",{"a":[1]}]"#), Some(("new-message", r#"{"a":[1]}"#)));
        assert_eq!(split_event(r#"["ping"]"#), Some(("ping", "")));
        assert_eq!(split_event("garbage"), None);
    }

    #[test]
    fn acknowledgements_reach_their_sender() {
        let (reply, answer) = oneshot::channel();
        let mut pending = HashMap::from([(12, reply)]);
        let on_event: EventHandler = Arc::new(|_, _| {});
        assert!(handle_packet(r#"4312[{"ok":true}]"#, &on_event, &mut pending));
        assert_eq!(answer.blocking_recv().ok().as_deref(), Some(r#"{"ok":true}"#));
        assert!(!handle_packet("41", &on_event, &mut pending));
    }
}
