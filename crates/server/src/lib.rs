//! The WOXLY server: REST under `/api`, Socket.IO at `/socket.io/`, the web client at `/`.
//! `main.rs` only parses the configuration and calls [`run`]; tests call [`start`] on a port-0 listener.

pub mod attachments;
pub mod avatars;
pub mod backup;
pub mod cluster;
pub mod config;
pub mod http;
pub mod logging;
pub mod media;
pub mod realtime;
pub mod secrets;
pub mod state;
pub mod tls;
pub mod voice;

use std::{net::SocketAddr, sync::Arc};

use socketioxide::{
    SocketIo,
    adapter::{Adapter, Emitter, LocalAdapter},
};
use socketioxide_core::adapter::CoreAdapter;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};
use woxly_domain::{
    model::AttachmentLimits,
    service::{
        Shared,
        account_deletion::AccountDeletion,
        accounts::Accounts,
        attachments::Attachments,
        calls::Calls,
        chat::Chat,
        events::EventSink,
        friends::Friends,
        limits::{LocalLimits, RateLimits},
        live::{LiveStore, memory::MemoryLive},
        notifications::Notifications,
        presence::Presence,
        room_notifications::RoomNotificationChoices,
        rooms::Rooms,
        tokens::Tokens,
        two_factor::TwoFactorAuth,
    },
    store::Store,
};
use woxly_store::SqlStore;

use crate::{
    attachments::{
        files::{AVATARS_DIR, Files},
        links::Links,
    },
    avatars::Avatars,
    cluster::{Cluster, ClusterAdapter, ClusterError, Nodes},
    config::Config,
    media::{MediaSettings, Sfu},
    realtime::NodeAdapter,
    realtime::events::SocketEvents,
    state::AppState,
    voice::{
        IceServers,
        credentials::TurnCredentials,
        peer_filter::PeerRule,
        turn_server::{BuiltInTurn, TurnError, TurnSettings},
    },
};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("data directory {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error("secret: {0}")]
    Secret(std::io::Error),
    #[error("TURN server: {0}")]
    Turn(#[from] TurnError),
    #[error("set WOXLY_TURN_PUBLIC_IP: the TURN server listens on {0}, which is not an address peers can send to")]
    TurnPublicIp(SocketAddr),
    #[error(
        "set WOXLY_MEDIA_PUBLIC_IP: the forwarding server listens on {0}, which is not an address browsers can send to"
    )]
    MediaPublicIp(SocketAddr),
    #[error("--voice-mode sfu runs on one node for now: use --voice-mode mesh with --redis-url")]
    MediaInCluster,
    #[error("forwarding server (--media-listen {0}): {1}")]
    Media(SocketAddr, std::io::Error),
    #[error("database: {0}")]
    Store(#[from] woxly_domain::store::StoreError),
    #[error("{0}")]
    Domain(#[from] woxly_domain::Error),
    #[error("listening on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
    #[error("{0}")]
    Cluster(#[from] ClusterError),
    #[error("cannot hear the other nodes through Redis: {0}")]
    ClusterInit(String),
    #[error("HTTPS: {0}")]
    Tls(#[from] tls::TlsError),
    #[error("--http-redirect-listen redirects to HTTPS: it needs --tls-cert/--tls-key or --tls-self-signed")]
    RedirectWithoutTls,
    #[error(
        "--turns-listen serves TURN over TLS with HTTPS's certificate: it needs --tls-cert/--tls-key or --tls-self-signed"
    )]
    TurnsWithoutTls,
}

/// A server serving on a listener until [`RunningServer::stop`].
pub struct RunningServer {
    pub addr: SocketAddr,
    /// With HTTPS: the SHA-256 fingerprint of the certificate served.
    pub tls_fingerprint: Option<String>,
    /// The plain-HTTP listener that redirects to HTTPS (`--http-redirect-listen`).
    pub redirect_addr: Option<SocketAddr>,
    redirect: Option<JoinHandle<std::io::Result<()>>>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
    store: Arc<SqlStore>,
    turn: Option<BuiltInTurn>,
    media: Option<Arc<Sfu>>,
    housekeeping: JoinHandle<()>,
    cluster: Option<ClusterNode>,
}

/// A cluster node's part: saying it is alive and counting out the nodes that are not.
struct ClusterNode {
    nodes: Nodes,
    watch: JoinHandle<()>,
    state: AppState,
}

impl RunningServer {
    /// Closes every socket (their users go offline), finishes requests under way, closes the database.
    /// A cluster node counts its connections out first, while the others still hear it.
    pub async fn stop(self) {
        if let Some(cluster) = self.cluster {
            cluster.watch.abort();
            cluster.nodes.leave(&cluster.state).await;
        }
        self.housekeeping.abort();
        if let Some(redirect) = self.redirect {
            redirect.abort();
        }
        let _ = self.stop.send(());
        match self.task.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!(error = %e, "server stopped with an error"),
            Err(e) => tracing::error!(error = %e, "server task failed"),
        }
        if let Some(turn) = self.turn {
            turn.stop().await;
        }
        if let Some(media) = self.media {
            media.stop();
        }
        self.store.close().await;
    }
}

/// Opens storage, builds the services and serves on `listener`: alone, or as a cluster node when
/// `--redis-url` is set.
pub async fn start(config: Config, listener: TcpListener) -> Result<RunningServer, StartError> {
    match config.redis_url.clone() {
        None => serve::<LocalAdapter>(config, listener, (), None).await,
        Some(_) if !config.uses_postgres() => Err(ClusterError::NeedsPostgres.into()),
        Some(url) => {
            let (cluster, adapter) = Cluster::connect(&url).await?;
            serve::<ClusterAdapter>(config, listener, adapter, Some(cluster)).await
        }
    }
}

async fn serve<A: NodeAdapter>(
    config: Config,
    listener: TcpListener,
    adapter: <A as CoreAdapter<Emitter>>::State,
    cluster: Option<Cluster>,
) -> Result<RunningServer, StartError> {
    let addr = listener.local_addr().map_err(|source| StartError::Listen { addr: config.listen, source })?;
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|source| StartError::DataDir { path: config.data_dir.display().to_string(), source })?;
    let tls = tls::Tls::from_config(&config)?;
    let (redirect, redirect_addr) = match (config.http_redirect_listen, &tls) {
        (None, _) => (None, None),
        (Some(_), None) => return Err(StartError::RedirectWithoutTls),
        (Some(at), Some(_)) => {
            let plain = TcpListener::bind(at).await.map_err(|source| StartError::Listen { addr: at, source })?;
            let bound = plain.local_addr().map_err(|source| StartError::Listen { addr: at, source })?;
            let app = tls::redirect_to_https(addr.port());
            (Some(tokio::spawn(async move { axum::serve(plain, app).await })), Some(bound))
        }
    };
    let secret = secrets::jwt_secret(&config.data_dir).map_err(StartError::Secret)?;

    let credentials = Arc::new(TurnCredentials::new(
        secrets::turn_secret(&config.data_dir).map_err(StartError::Secret)?,
        std::time::Duration::from_secs(u64::from(config.turn_credential_seconds)),
    ));
    let turn = start_turn(&config, credentials.clone(), tls.as_ref()).await?;
    let ice_servers = Arc::new(IceServers {
        credentials,
        built_in: turn.as_ref().map(|t| t.addr),
        built_in_tls: turn.as_ref().and_then(|t| t.tls_addr),
        built_in_host: config.turn_host.clone(),
        external_turn_urls: config.turn_urls.clone(),
        stun_urls: config.stun_urls.clone(),
    });

    let store = Arc::new(SqlStore::connect(&config.database_url()).await?);
    let (socket_layer, io) = realtime::layer::<A>(adapter);
    let dyn_store: Arc<dyn Store> = store.clone();
    let events: Arc<dyn EventSink> = Arc::new(SocketEvents::new(io.clone()));
    let session_seconds = i64::from(config.session_hours) * 3600;
    let notifications = Arc::new(Notifications::new(dyn_store.clone(), events.clone()));
    let (live, rate_limits, nodes, nobody_connected): (Arc<dyn LiveStore>, Arc<dyn RateLimits>, _, _) = match &cluster {
        None => (Arc::new(MemoryLive::default()), Arc::new(LocalLimits), None, true),
        Some(cluster) => {
            let live = cluster.live();
            let nodes = cluster.nodes(live.clone());
            let alone = nodes.join().await.map_err(ClusterError::from)?;
            (live, cluster.limits(), Some(nodes), alone)
        }
    };
    let media = start_media(&config, events.clone()).await?;
    let presence = Arc::new(Presence::start(dyn_store.clone(), events.clone(), live.clone(), nobody_connected).await?);
    let shared = Shared { store: dyn_store.clone(), events: events.clone(), live, notifications, presence };
    let rooms = Rooms::new(&shared, &*rate_limits);
    let ring_for = std::time::Duration::from_secs(u64::from(config.call_ring_seconds));
    let files_dir = config.files_dir();
    let files = Arc::new(
        Files::open(files_dir.clone(), dyn_store.clone())
            .map_err(|source| StartError::DataDir { path: files_dir.display().to_string(), source })?,
    );
    let avatars_dir = files_dir.join(AVATARS_DIR);
    let avatars = Avatars::open(avatars_dir.clone())
        .map_err(|source| StartError::DataDir { path: avatars_dir.display().to_string(), source })?;
    let limits = AttachmentLimits {
        max_file_bytes: config.max_file_bytes,
        max_per_message: config.max_files_per_message,
        max_bytes_per_user: config.max_upload_bytes_per_user,
    };
    let attachments = Arc::new(Attachments::new(dyn_store.clone(), rooms.access.clone(), files.clone(), limits));
    let links = Links::new(
        secrets::file_link_secret(&config.data_dir).map_err(StartError::Secret)?,
        i64::from(config.file_link_seconds),
    );
    let two_factor = Arc::new(TwoFactorAuth::new(dyn_store.clone(), &*rate_limits));
    let accounts = Arc::new(Accounts::new(
        dyn_store.clone(),
        events.clone(),
        Tokens::new(&secret),
        two_factor.clone(),
        session_seconds,
    ));
    let friends = Arc::new(Friends::new(dyn_store.clone(), events.clone(), shared.notifications.clone()));
    let state = AppState {
        account_deletion: Arc::new(AccountDeletion::new(
            accounts.clone(),
            friends.clone(),
            rooms.membership.clone(),
            dyn_store.clone(),
            events.clone(),
        )),
        accounts,
        two_factor,
        calls: Calls::new(&shared, &rooms, ring_for),
        chat: Arc::new(Chat::new(&shared, &rooms, attachments.clone(), &*rate_limits)),
        attachments: attachments.clone(),
        files: files.clone(),
        avatars: Arc::new(avatars),
        links: Arc::new(links),
        image_work: Arc::new(tokio::sync::Semaphore::new(1)),
        friends,
        notifications: shared.notifications.clone(),
        presence: shared.presence.clone(),
        room_notifications: Arc::new(RoomNotificationChoices::new(dyn_store.clone(), rooms.access.clone())),
        membership: rooms.membership,
        live_rooms: rooms.live,
        room_video: rooms.video,
        store: dyn_store,
        ice_servers,
        socket_events: state::socket_event_limiter(&*rate_limits, config.socket_events_per_second),
        rate_limits,
        media: media.clone(),
    };
    A::ready(realtime::attach(&io, state.clone())).await.map_err(StartError::ClusterInit)?;
    let cluster = nodes.map(|nodes| ClusterNode {
        watch: nodes.clone().watch(state.clone(), io.clone()),
        nodes,
        state: state.clone(),
    });
    let housekeeping = tokio::spawn(keep_files_tidy(attachments, files));
    let app = http::app(state, &config, socket_layer);

    let (stop, stopped) = oneshot::channel::<()>();
    let request_timeout = config.request_timeout();
    let tls_fingerprint = tls.as_ref().map(|tls| tls.fingerprint.clone());
    let task = tokio::spawn(async move {
        match tls {
            None => serve_plain(listener, app, request_timeout, close_sockets_on(stopped, io)).await,
            Some(tls) => tls.serve(listener, app, request_timeout, close_sockets_on(stopped, io)).await,
        }
    });
    let node = cluster.as_ref().map(|c| c.nodes.name().to_owned());
    tracing::info!(%addr, database = store.backend_name(), cluster_node = node, https = tls_fingerprint.is_some(), "WOXLY started");
    Ok(RunningServer {
        addr,
        tls_fingerprint,
        redirect_addr,
        redirect,
        stop,
        task,
        store,
        turn,
        media,
        housekeeping,
        cluster,
    })
}

/// HTTP without TLS, with slow request heads timed out (axum::serve has no such setting; axum-server,
/// which serves HTTPS, has hyper's).
async fn serve_plain(
    listener: TcpListener,
    app: axum::Router,
    request_timeout: std::time::Duration,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let handle = http::stopping_on(stop);
    let mut server = axum_server::from_tcp(listener.into_std()?)?;
    http::slow_clients::time_out_slow_heads(server.http_builder(), request_timeout);
    server.handle(handle).serve(app.into_make_service_with_connect_info::<SocketAddr>()).await
}

/// At start and every hour: uploads never sent are deleted, then files no attachment refers to
/// (those of deleted rooms).
async fn keep_files_tidy(attachments: Arc<Attachments>, files: Arc<Files>) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        match attachments.delete_abandoned().await {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, "deleted uploads never sent"),
            Err(e) => tracing::error!(error = %e, "cannot delete uploads never sent"),
        }
        match files.delete_unused().await {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, "deleted files no message refers to"),
            Err(e) => tracing::error!(error = %e, "cannot tidy the files directory"),
        }
    }
}

/// Starts the forwarding server with `--voice-mode sfu`.
async fn start_media(config: &Config, events: Arc<dyn EventSink>) -> Result<Option<Arc<Sfu>>, StartError> {
    let Some(listen) = config.media_address() else { return Ok(None) };
    // A room's media must live on one node (and the others hand out its address): not built yet.
    if config.redis_url.is_some() {
        return Err(StartError::MediaInCluster);
    }
    let public_ip = match config.media_public_ip {
        Some(ip) => ip,
        None if listen.ip().is_unspecified() => return Err(StartError::MediaPublicIp(listen)),
        None => listen.ip(),
    };
    let sfu =
        Sfu::start(MediaSettings { listen, public_ip }, events).await.map_err(|e| StartError::Media(listen, e))?;
    Ok(Some(Arc::new(sfu)))
}

/// Starts the built-in TURN server unless `--turn-listen off`.
async fn start_turn(
    config: &Config,
    credentials: Arc<TurnCredentials>,
    https: Option<&tls::Tls>,
) -> Result<Option<BuiltInTurn>, StartError> {
    let tls = match (config.turns_listen, https) {
        (None, _) => None,
        (Some(_), None) => return Err(StartError::TurnsWithoutTls),
        (Some(at), Some(https)) => Some((at, https.certificate())),
    };
    let Some(listen) = config.turn_address() else { return Ok(None) };
    let public_ip = match config.turn_public_ip {
        Some(ip) => ip,
        None if listen.ip().is_unspecified() => return Err(StartError::TurnPublicIp(listen)),
        None => listen.ip(),
    };
    let peers =
        PeerRule { allow_private: config.turn_allow_private_peers, also_allowed: config.turn_allow_peers.clone() };
    let settings = TurnSettings { listen, public_ip, peers, tls };
    Ok(Some(BuiltInTurn::start(settings, credentials).await?))
}

/// Waits for the stop signal, then closes every socket so that graceful shutdown does not wait on them.
async fn close_sockets_on<A: Adapter>(stopped: oneshot::Receiver<()>, io: SocketIo<A>) {
    let _ = stopped.await;
    io.close().await;
}

/// Runs the server on the configured address until SIGTERM or Ctrl-C.
pub async fn run(config: Config) -> Result<(), StartError> {
    let listener =
        TcpListener::bind(config.listen).await.map_err(|source| StartError::Listen { addr: config.listen, source })?;
    let server = start(config, listener).await?;
    match &server.tls_fingerprint {
        None => println!("WOXLY is listening on http://{}", server.addr),
        Some(fingerprint) => {
            println!("WOXLY is listening on https://{}", server.addr);
            println!("TLS certificate SHA-256 fingerprint: {fingerprint}");
        }
    }
    if let Some(redirect) = server.redirect_addr {
        println!("plain HTTP on http://{redirect} redirects to HTTPS");
    }
    shutdown_signal().await;
    tracing::info!("shutting down");
    server.stop().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
