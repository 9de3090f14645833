//! The one HTTP layer: every feed fetch, directory lookup, chapter file, chapter Range read,
//! stream and download goes through it.
//!
//! - [`client`]: one reqwest client (rustls, user agent, timeouts, no automatic redirects);
//! - [`tls`]: its TLS, the system's root certificates read in the background;
//! - [`redirect`]: the one redirect policy (≤ 10 hops, headers kept across hops, permanence of
//!   each hop known, loops stopped);
//! - [`media_url`]: a media file's final URL remembered for its later Range requests;
//! - [`body`]: bodies read with a size bound;
//! - [`error`]: failures typed by kind (offline, HTTP status, other network failure);
//! - [`range_reader`]: a remote file as the chapter readers' `ReadAt`;
//! - [`validators`]: ETag and Last-Modified read from an answer and sent back.

pub mod body;
pub mod client;
pub mod error;
pub mod media_url;
pub mod range_reader;
pub mod redirect;
pub mod tls;
pub mod validators;

pub use body::{get_bounded, read_all, read_up_to};
pub use client::{CONNECT_TIMEOUT, READ_TIMEOUT, StartError, USER_AGENT, client};
pub use error::{NetError, describe, failure, failure_kind};
pub use media_url::MediaUrl;
pub use redirect::{Followed, Get, Hop, MAX_REDIRECTS, follow};
pub use validators::{Validators, header_text};

/// Parses an address given to the network layer (surrounding white space ignored).
pub fn parse_url(url: &str) -> Result<reqwest::Url, NetError> {
    reqwest::Url::parse(url.trim()).map_err(|e| NetError::BadUrl {
        url: url.to_owned(),
        message: e.to_string(),
    })
}
