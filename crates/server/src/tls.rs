//! SAFE-1: HTTPS in the binary. Browsers give the microphone only to secure pages, so a server other
//! machines use needs HTTPS: from a certificate the operator has (`--tls-cert`/`--tls-key`, re-read
//! when the files change, so a renewal needs no restart) or from a self-signed one made here for a
//! LAN (`--tls-self-signed`). HTTP/1.1 and HTTP/2 (ALPN); WebSockets over HTTP/1.1.

use std::{
    future::Future,
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::Arc,
    time::{Duration, SystemTime},
};

use axum::{
    Router,
    http::{HeaderMap, StatusCode, Uri},
    response::{IntoResponse, Redirect, Response},
};
use axum_server::tls_rustls::RustlsConfig;
use rustls::{ServerConfig, crypto::ring};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;

use crate::{config::Config, http::slow_clients::time_out_slow_heads};

/// How often the certificate files are looked at for a renewal. Polling the modification time is
/// all a certificate needs (they change every few weeks), and works on every file system and with
/// every way of replacing files (renames, symlink swaps), where change notifications do not.
const RELOAD_CHECK: Duration = Duration::from_secs(2);

/// The self-signed certificate's files in the data directory.
const SELF_SIGNED_CERT: &str = "tls-self-signed.crt";
const SELF_SIGNED_KEY: &str = "tls-self-signed.key";

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("{path}: {why}")]
    Unusable { path: PathBuf, why: String },
    #[error("the certificate {path} expired on {at}: renew it")]
    Expired { path: PathBuf, at: String },
    #[error("the certificate {path} is valid only from {at}: check the clock")]
    NotYetValid { path: PathBuf, at: String },
    #[error("the private key {key} does not match the certificate {cert}: {why}")]
    Mismatch { cert: PathBuf, key: PathBuf, why: String },
    #[error("making a self-signed certificate: {0}")]
    SelfSigned(String),
}

fn unusable(path: &Path, why: impl std::fmt::Display) -> TlsError {
    TlsError::Unusable { path: path.to_path_buf(), why: why.to_string() }
}

/// The server's HTTPS: the certificate in use and where it comes from.
pub struct Tls {
    config: RustlsConfig,
    files: CertificateFiles,
    /// SHA-256 of the certificate served, as browsers show it (`AB:CD:…`).
    pub fingerprint: String,
}

#[derive(Clone)]
struct CertificateFiles {
    cert: PathBuf,
    key: PathBuf,
}

impl Tls {
    /// HTTPS as configured: `None` for plain HTTP.
    pub fn from_config(config: &Config) -> Result<Option<Self>, TlsError> {
        let files = match (&config.tls_cert, &config.tls_key) {
            (Some(cert), Some(key)) => CertificateFiles { cert: cert.clone(), key: key.clone() },
            _ if config.tls_self_signed => self_signed(&config.data_dir, config.listen)?,
            _ => return Ok(None),
        };
        let (server_config, fingerprint) = files.load()?;
        Ok(Some(Self { config: RustlsConfig::from_config(server_config), files, fingerprint }))
    }

    /// The certificate as served now (and after every reload), for TURN over TLS.
    pub fn certificate(&self) -> RustlsConfig {
        self.config.clone()
    }

    /// Serves `app` over TLS on `listener` until `stop` completes, then lets requests under way finish.
    pub async fn serve(
        self,
        listener: TcpListener,
        app: Router,
        request_timeout: Duration,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let handle = crate::http::stopping_on(stop);
        let reload = tokio::spawn(keep_certificate_fresh(self.config.clone(), self.files.clone()));
        let mut server = axum_server::from_tcp_rustls(listener.into_std()?, self.config)?;
        time_out_slow_heads(server.http_builder(), request_timeout);
        let served = server.handle(handle).serve(app.into_make_service_with_connect_info::<SocketAddr>()).await;
        reload.abort();
        served
    }
}

impl CertificateFiles {
    /// Reads and checks the certificate chain and key: PEM, in date, and a pair.
    fn load(&self) -> Result<(Arc<ServerConfig>, String), TlsError> {
        let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&self.cert)
            .map_err(|e| unusable(&self.cert, e))?
            .collect::<Result<_, _>>()
            .map_err(|e| unusable(&self.cert, e))?;
        let leaf = chain.first().ok_or_else(|| unusable(&self.cert, "no certificate in this PEM file"))?;
        check_dates(&self.cert, leaf)?;
        let key = PrivateKeyDer::from_pem_file(&self.key).map_err(|e| unusable(&self.key, e))?;
        let fingerprint = fingerprint(leaf);
        let mut config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| unusable(&self.cert, e))?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|e| TlsError::Mismatch { cert: self.cert.clone(), key: self.key.clone(), why: e.to_string() })?;
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok((Arc::new(config), fingerprint))
    }

    /// When either file last changed.
    fn changed_at(&self) -> Option<SystemTime> {
        let at = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
        at(&self.cert).max(at(&self.key))
    }
}

/// A certificate out of its dates is refused at start, with the date, rather than served to browsers
/// that would refuse it with a less helpful page.
fn check_dates(path: &Path, certificate: &CertificateDer<'_>) -> Result<(), TlsError> {
    let (_, parsed) = x509_parser::parse_x509_certificate(certificate).map_err(|e| unusable(path, e))?;
    let validity = parsed.validity();
    let now = x509_parser::time::ASN1Time::now();
    if validity.not_after < now {
        return Err(TlsError::Expired { path: path.to_path_buf(), at: validity.not_after.to_string() });
    }
    if validity.not_before > now {
        return Err(TlsError::NotYetValid { path: path.to_path_buf(), at: validity.not_before.to_string() });
    }
    Ok(())
}

fn fingerprint(certificate: &CertificateDer<'_>) -> String {
    Sha256::digest(certificate).iter().map(|byte| format!("{byte:02X}")).collect::<Vec<_>>().join(":")
}

/// Swaps in the certificate when its files change; a renewal that cannot be used (half written,
/// expired, not a pair) is logged and the one in use stays.
async fn keep_certificate_fresh(config: RustlsConfig, files: CertificateFiles) {
    let mut loaded_at = files.changed_at();
    let mut every = tokio::time::interval(RELOAD_CHECK);
    loop {
        every.tick().await;
        let changed_at = files.changed_at();
        if changed_at == loaded_at {
            continue;
        }
        match files.load() {
            Ok((server_config, fingerprint)) => {
                config.reload_from_config(server_config);
                loaded_at = changed_at;
                tracing::info!(%fingerprint, "TLS certificate reloaded");
            }
            Err(e) => tracing::error!(error = %e, "the changed TLS certificate cannot be used; keeping the one in use"),
        }
    }
}

/// The self-signed certificate kept in the data directory, made (valid for `localhost`, this host's
/// name and the listening address) when there is none or it expired.
fn self_signed(data_dir: &Path, listen: SocketAddr) -> Result<CertificateFiles, TlsError> {
    let files = CertificateFiles { cert: data_dir.join(SELF_SIGNED_CERT), key: data_dir.join(SELF_SIGNED_KEY) };
    if files.load().is_ok() {
        return Ok(files);
    }
    let mut names = vec!["localhost".to_owned(), "127.0.0.1".to_owned(), "::1".to_owned()];
    if !listen.ip().is_unspecified() && !listen.ip().is_loopback() {
        names.push(listen.ip().to_string());
    }
    if let Ok(host) = std::fs::read_to_string("/etc/hostname") {
        let host = host.trim();
        if !host.is_empty() {
            names.extend([host.to_owned(), format!("{host}.local")]);
        }
    }
    let made = rcgen::generate_simple_self_signed(names).map_err(|e| TlsError::SelfSigned(e.to_string()))?;
    std::fs::create_dir_all(data_dir).map_err(|e| unusable(data_dir, e))?;
    crate::secrets::write_private(&files.key, made.signing_key.serialize_pem().as_bytes())
        .map_err(|e| unusable(&files.key, e))?;
    std::fs::write(&files.cert, made.cert.pem()).map_err(|e| unusable(&files.cert, e))?;
    Ok(files)
}

/// The plain-HTTP listener of `--http-redirect-listen`: every request is sent to the same path over
/// HTTPS on `https_port` (browsers keep to HTTPS afterwards, told by HSTS).
pub fn redirect_to_https(https_port: u16) -> Router {
    Router::new().fallback(move |headers: HeaderMap, uri: Uri| async move { redirect(&headers, &uri, https_port) })
}

fn redirect(headers: &HeaderMap, uri: &Uri, https_port: u16) -> Response {
    let Some(name) = crate::http::extract::requested_host_name(headers, uri) else {
        return (StatusCode::BAD_REQUEST, "a valid Host header is needed to know where to redirect").into_response();
    };
    let authority = if https_port == 443 { name } else { format!("{name}:{https_port}") };
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    match Uri::builder().scheme("https").authority(authority).path_and_query(path).build() {
        Ok(target) => Redirect::permanent(&target.to_string()).into_response(),
        Err(_) => (StatusCode::BAD_REQUEST, "the Host header is not a host name").into_response(),
    }
}
