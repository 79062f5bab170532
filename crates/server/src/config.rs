//! Settings, from flags or `WOXLY_*` environment variables (`woxly --help` lists them).

use std::{
    net::{IpAddr, SocketAddr},
    path::PathBuf,
};

use clap::{ArgAction, Parser, Subcommand, ValueEnum, builder::BoolishValueParser};

// Every on/off setting is a flag that may take a value, `--x` alone meaning on, and reads 1/0, true/false,
// yes/no and on/off alike (`BoolishValueParser`), from the command line or the environment.

/// The default address: loopback, so a first start exposes nothing to the network.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:7878";

#[derive(Debug, Clone, Parser)]
#[command(name = "woxly", version, about = "WOXLY: voice-first chat for groups of friends", args_override_self = true)]
pub struct Config {
    /// Without a command, the server runs.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Address and port to listen on.
    #[arg(long, env = "WOXLY_LISTEN", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,

    /// Directory for the SQLite database and generated secrets.
    #[arg(long, env = "WOXLY_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,

    /// `postgres://…` to use PostgreSQL; by default SQLite in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// `redis://host:port` turns on cluster mode: several nodes on one PostgreSQL database share events
    /// and live state through this Redis (7 or later). Needs `--database-url postgres://…`.
    #[arg(long, env = "WOXLY_REDIS_URL")]
    pub redis_url: Option<String>,

    /// Extra origins (comma-separated, e.g. `https://chat.example.com`) whose pages may call the API
    /// and open the socket. The server's own origin is always allowed.
    #[arg(long, env = "WOXLY_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,

    /// Log filter, e.g. `info`, `debug`, `woxly_server=debug,info`.
    #[arg(long, env = "WOXLY_LOG", default_value = "info")]
    pub log: String,

    /// Log format: human-readable text or one JSON object per line.
    #[arg(long, env = "WOXLY_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Directory of the built web client, served at `/`.
    #[arg(long, env = "WOXLY_WEB_DIR", default_value = "web/dist")]
    pub web_dir: PathBuf,

    /// How long a login stays valid, in hours.
    #[arg(long, env = "WOXLY_SESSION_HOURS", default_value_t = 24 * 30)]
    pub session_hours: u32,

    /// Registration and login attempts allowed per client address per minute (each route counted apart).
    #[arg(long, env = "WOXLY_AUTH_RATE_PER_MINUTE", default_value_t = 10)]
    pub auth_rate_per_minute: u32,

    /// User searches allowed per client address per minute.
    #[arg(long, env = "WOXLY_SEARCH_RATE_PER_MINUTE", default_value_t = 120)]
    pub search_rate_per_minute: u32,

    /// Socket.IO events each user may send per second (all tabs together), with bursts of twice that.
    #[arg(long, env = "WOXLY_SOCKET_EVENTS_PER_SECOND", default_value_t = 50)]
    pub socket_events_per_second: u32,

    /// How long a call rings before it counts as missed, in seconds.
    #[arg(long, env = "WOXLY_CALL_RING_SECONDS", default_value_t = 30)]
    pub call_ring_seconds: u32,

    /// Address of the built-in TURN/STUN server, UDP and TCP on the same port (`host:port`, port 0 for
    /// any free port), or `off`.
    /// By default the IP of `--listen` on port 3478.
    #[arg(long, env = "WOXLY_TURN_LISTEN", value_parser = parse_turn_listen)]
    pub turn_listen: Option<TurnListen>,

    /// The IP the built-in TURN server tells clients to send relayed media to (its public address).
    /// By default the IP of `--turn-listen`, which must then not be `0.0.0.0`.
    #[arg(long, env = "WOXLY_TURN_PUBLIC_IP")]
    pub turn_public_ip: Option<IpAddr>,

    /// Host name clients use to reach the built-in TURN server; by default the host they reached the
    /// server's web address with.
    #[arg(long, env = "WOXLY_TURN_HOST")]
    pub turn_host: Option<String>,

    /// Let the built-in TURN server relay to loopback, private and link-local addresses (tests, a LAN).
    #[arg(long, env = "WOXLY_TURN_ALLOW_PRIVATE_PEERS", value_parser = BoolishValueParser::new(), num_args = 0..=1,
          default_value = "false", default_missing_value = "true", action = ArgAction::Set)]
    pub turn_allow_private_peers: bool,

    /// Ranges the built-in TURN server may relay to besides public addresses, comma-separated CIDR
    /// (`198.18.0.0/15,10.1.0.0/16`): a lab network, one LAN, without opening every private address.
    #[arg(long, env = "WOXLY_TURN_ALLOW_PEERS", value_delimiter = ',')]
    pub turn_allow_peers: Vec<ipnet::IpNet>,

    /// External TURN servers sharing the TURN secret (coturn's `use-auth-secret`), comma-separated,
    /// e.g. `turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349`.
    #[arg(long, env = "WOXLY_TURN_URLS", value_delimiter = ',')]
    pub turn_urls: Vec<String>,

    /// Extra STUN servers given to clients, comma-separated, e.g. `stun:stun.example.com:3478`.
    #[arg(long, env = "WOXLY_STUN_URLS", value_delimiter = ',')]
    pub stun_urls: Vec<String>,

    /// How long TURN credentials handed to clients stay valid, in seconds.
    #[arg(long, env = "WOXLY_TURN_CREDENTIAL_SECONDS", default_value_t = 6 * 3600)]
    pub turn_credential_seconds: u32,

    /// Directory for uploaded files; by default `files` in the data directory.
    #[arg(long, env = "WOXLY_FILES_DIR", global = true)]
    pub files_dir: Option<PathBuf>,

    /// Slow clients: a request head must arrive within this many seconds, and a body must bring at least
    /// 1 KiB in every such span, or the request is answered `408` and its connection closed.
    #[arg(long, env = "WOXLY_REQUEST_TIMEOUT_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout_seconds: u64,

    /// The largest file one may upload, in bytes (25 MiB).
    #[arg(long, env = "WOXLY_MAX_FILE_BYTES", default_value_t = 25 * 1024 * 1024)]
    pub max_file_bytes: u64,

    /// Files one message may carry.
    #[arg(long, env = "WOXLY_MAX_FILES_PER_MESSAGE", default_value_t = 10)]
    pub max_files_per_message: usize,

    /// What one user's files may take in all, in bytes (1 GiB).
    #[arg(long, env = "WOXLY_MAX_UPLOAD_BYTES_PER_USER", default_value_t = 1024 * 1024 * 1024)]
    pub max_upload_bytes_per_user: u64,

    /// How long a link to a file works, in seconds.
    #[arg(long, env = "WOXLY_FILE_LINK_SECONDS", default_value_t = 15 * 60)]
    pub file_link_seconds: u32,

    /// Serve HTTPS (and WSS) on `--listen` with this certificate chain (PEM), re-read when it changes.
    #[arg(long, env = "WOXLY_TLS_CERT", requires = "tls_key", conflicts_with = "tls_self_signed")]
    pub tls_cert: Option<PathBuf>,

    /// The private key (PEM) of `--tls-cert`.
    #[arg(long, env = "WOXLY_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Serve HTTPS with a self-signed certificate made at first start and kept in the data directory
    /// (for a LAN: browsers warn once; its SHA-256 fingerprint is printed at start to compare).
    #[arg(long, env = "WOXLY_TLS_SELF_SIGNED", value_parser = BoolishValueParser::new(), num_args = 0..=1,
          default_value = "false", default_missing_value = "true", action = ArgAction::Set)]
    pub tls_self_signed: bool,

    /// With HTTPS on, the built-in TURN server also answers over TLS here (`turns:`, e.g.
    /// `0.0.0.0:5349`), with the same certificate, for networks that let only TLS out.
    #[arg(long, env = "WOXLY_TURNS_LISTEN")]
    pub turns_listen: Option<SocketAddr>,

    /// With HTTPS on, also listen for plain HTTP here and redirect every request to HTTPS
    /// (e.g. `0.0.0.0:80`).
    #[arg(long, env = "WOXLY_HTTP_REDIRECT_LISTEN")]
    pub http_redirect_listen: Option<SocketAddr>,

    /// How rooms' voice and video travel (VOICE-14): `mesh`, browser to browser (each person uploads once
    /// per listener), or `sfu`, through this server's forwarding server (each uploads once).
    #[arg(long, env = "WOXLY_VOICE_MODE", value_enum, default_value_t = VoiceModeSetting::Mesh)]
    pub voice_mode: VoiceModeSetting,

    /// The forwarding server's UDP port for all media (`host:port`, port 0 for any free port), with
    /// `--voice-mode sfu`. By default the IP of `--listen` on port 7879.
    #[arg(long, env = "WOXLY_MEDIA_LISTEN")]
    pub media_listen: Option<SocketAddr>,

    /// The IP browsers are told to send media to (the forwarding server's public address). By default the
    /// IP of `--media-listen`, which must then not be `0.0.0.0`.
    #[arg(long, env = "WOXLY_MEDIA_PUBLIC_IP")]
    pub media_public_ip: Option<IpAddr>,
}

/// `--voice-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VoiceModeSetting {
    Mesh,
    Sfu,
}

/// The media port when `--media-listen` is not given: beside the web port.
pub const DEFAULT_MEDIA_PORT: u16 = 7879;

/// Where the built-in TURN server listens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TurnListen {
    Off,
    At(SocketAddr),
}

fn parse_turn_listen(value: &str) -> Result<TurnListen, String> {
    if value.eq_ignore_ascii_case("off") {
        return Ok(TurnListen::Off);
    }
    value
        .parse()
        .map(TurnListen::At)
        .map_err(|_| format!("`{value}` is neither `off` nor an address like 0.0.0.0:3478"))
}

/// The TURN port when `--turn-listen` is not given (the standard STUN/TURN port).
pub const DEFAULT_TURN_PORT: u16 = 3478;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// What `woxly` does besides serving (OPS-1).
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Writes a consistent backup of the SQLite database, the uploaded files and the generated keys to
    /// FILE, while the server runs or not. For PostgreSQL use pg_dump.
    Backup { file: PathBuf },
    /// Checks the backup FILE and restores it into the data directory. Stop the server first.
    Restore {
        file: PathBuf,
        /// Replace an existing database (it is kept beside, renamed `….replaced-<time>`).
        #[arg(long)]
        replace: bool,
    },
}

impl Config {
    /// The database to use: `DATABASE_URL`, or SQLite in the data directory.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("woxly.db").display()))
    }

    /// Whether the database is PostgreSQL (else SQLite, one file on one machine).
    pub fn uses_postgres(&self) -> bool {
        self.database_url
            .as_deref()
            .is_some_and(|url| url.starts_with("postgres://") || url.starts_with("postgresql://"))
    }

    /// How long a request head, and each span of a body, may take (see `request_timeout_seconds`).
    pub fn request_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.request_timeout_seconds)
    }

    /// Whether the server speaks HTTPS.
    pub fn uses_tls(&self) -> bool {
        self.tls_cert.is_some() || self.tls_self_signed
    }

    /// Where uploaded files are kept.
    pub fn files_dir(&self) -> PathBuf {
        self.files_dir.clone().unwrap_or_else(|| self.data_dir.join("files"))
    }

    /// Where the forwarding server listens, if rooms' media goes through it.
    pub fn media_address(&self) -> Option<SocketAddr> {
        match self.voice_mode {
            VoiceModeSetting::Mesh => None,
            VoiceModeSetting::Sfu => {
                Some(self.media_listen.unwrap_or(SocketAddr::new(self.listen.ip(), DEFAULT_MEDIA_PORT)))
            }
        }
    }

    /// Where the built-in TURN server listens, if it runs.
    pub fn turn_address(&self) -> Option<SocketAddr> {
        match self.turn_listen {
            Some(TurnListen::Off) => None,
            Some(TurnListen::At(addr)) => Some(addr),
            None => Some(SocketAddr::new(self.listen.ip(), DEFAULT_TURN_PORT)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allow_private_peers(args: &[&str]) -> Result<bool, clap::Error> {
        Config::try_parse_from(std::iter::once("woxly").chain(args.iter().copied())).map(|c| c.turn_allow_private_peers)
    }

    #[test]
    fn an_on_off_setting_reads_every_usual_spelling() {
        assert_eq!(allow_private_peers(&[]).ok(), Some(false));
        assert_eq!(allow_private_peers(&["--turn-allow-private-peers"]).ok(), Some(true));
        for on in ["1", "true", "yes", "on", "TRUE", "Yes"] {
            assert_eq!(allow_private_peers(&["--turn-allow-private-peers", on]).ok(), Some(true), "{on}");
        }
        for off in ["0", "false", "no", "off"] {
            assert_eq!(allow_private_peers(&["--turn-allow-private-peers", off]).ok(), Some(false), "{off}");
        }
        assert!(allow_private_peers(&["--turn-allow-private-peers", "maybe"]).is_err());
    }
}
