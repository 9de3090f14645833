//! The one reqwest client: rustls with the ring provider (see [`super::tls`]), our user agent,
//! connect and read timeouts, gzip and Brotli answers decompressed (most hosts serve feeds,
//! transcripts and pages compressed, at a third to a fifth of their size; byte ranges of media
//! are asked for as stored, see [`super::redirect`]), and no automatic redirects (every request
//! goes through [`super::redirect`]).

use std::sync::{Arc, Once};
use std::time::Duration;

use rustls::crypto::CryptoProvider;

/// What the player says it is, so publishers can see who fetches their feeds.
pub const USER_AGENT: &str = concat!("netstack-tui/", env!("CARGO_PKG_VERSION"));

/// How long to wait for a connection before saying a host is offline.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a read may wait for bytes before the exchange is given up as stalled.
pub const READ_TIMEOUT: Duration = Duration::from_secs(30);

static PROVIDER: Once = Once::new();

/// Why the HTTP client could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("TLS: {0}")]
    Tls(#[from] rustls::Error),
    #[error(transparent)]
    Client(#[from] reqwest::Error),
}

/// Builds the shared client. Clones share its connection pool.
pub fn client() -> Result<reqwest::Client, StartError> {
    PROVIDER.call_once(|| {
        // Fails only when a provider is already installed, which is what we want anyway.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    let provider = CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    Ok(reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .tls_backend_preconfigured(super::tls::config(provider)?)
        .build()?)
}
