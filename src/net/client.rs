//! The one reqwest client: rustls with the ring provider, our user agent, connect and read
//! timeouts, gzip and Brotli answers decompressed (most hosts serve feeds, transcripts and pages
//! compressed, at a third to a fifth of their size; byte ranges of media are asked for as
//! stored, see [`super::redirect`]), and no automatic redirects (every request goes through
//! [`super::redirect`]).

use std::sync::Once;
use std::time::Duration;

/// What the player says it is, so publishers can see who fetches their feeds.
pub const USER_AGENT: &str = concat!("netstack-tui/", env!("CARGO_PKG_VERSION"));

/// How long to wait for a connection before saying a host is offline.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a read may wait for bytes before the exchange is given up as stalled.
pub const READ_TIMEOUT: Duration = Duration::from_secs(30);

static PROVIDER: Once = Once::new();

/// Builds the shared client. Clones share its connection pool.
pub fn client() -> Result<reqwest::Client, reqwest::Error> {
    PROVIDER.call_once(|| {
        // Fails only when a provider is already installed, which is what we want anyway.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .tls_backend_rustls()
        .build()
}
