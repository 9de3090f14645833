//! Finding a podcast's feed URL: Apple's podcast directory (lookup by id, search by terms), the
//! `<link rel="alternate">` a web page advertises (autodiscovery), and the default netstack.fm
//! subscription that combines both.
//!
//! Every function takes its endpoints as parameters (the configuration supplies them) and the
//! shared client from [`crate::net::client`]; [`fetch`] goes through the network layer's
//! redirect policy and bounds the body size.

pub mod apple;
pub mod autodiscovery;
mod html;
pub mod netstack;

pub use apple::Found;
pub use autodiscovery::{FeedKind, FeedLink};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use thiserror::Error;
use url::Url;

use crate::model::{Failure, FailureKind};
use crate::net::{self, Get, NetError};

/// Redirects followed for one request before giving up.
pub const MAX_REDIRECTS: usize = net::MAX_REDIRECTS;

/// Why a feed URL could not be found, with the cause kept for the user.
#[derive(Debug, Error)]
pub enum DiscoverError {
    #[error("{url} is not a usable URL: {source}")]
    BadUrl {
        url: String,
        #[source]
        source: url::ParseError,
    },
    /// No connection could be made (or it timed out): the network or the host is down.
    #[error("fetching {url}: {message}")]
    Unreachable { url: String, message: String },
    #[error("fetching {url}: {message}")]
    Http { url: String, message: String },
    #[error("fetching {url}: the server answered {status}")]
    Status { url: String, status: u16 },
    /// More than [`MAX_REDIRECTS`] hops, or a loop.
    #[error("fetching {url}: {message}")]
    TooManyRedirects { url: String, message: String },
    #[error("fetching {url}: larger than the {limit_kib} KiB limit")]
    TooLarge { url: String, limit_kib: usize },
    #[error("reading Apple's answer from {url}: {source}")]
    Json {
        url: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("Apple's podcast directory has no podcast with id {id}")]
    NoSuchPodcast { id: u64 },
    #[error("Apple's podcast directory lists podcast {id} without a feed URL")]
    NoFeedUrl { id: u64 },
    #[error("Apple's podcast directory gives podcast {id} an unusable feed URL {url:?}")]
    BadFeedUrl { id: u64, url: String },
    #[error("{url} advertises no feed (no <link rel=\"alternate\"> to an RSS, Atom or JSON feed)")]
    NoFeedLink { url: String },
    #[error("Apple lookup: {apple}; netstack.fm page: {site}")]
    BothFailed {
        apple: Box<DiscoverError>,
        site: Box<DiscoverError>,
    },
}

impl DiscoverError {
    /// True when the failure says the network (or the host) is down rather than something wrong
    /// with what a server answered: worth retrying later without alarming the user.
    pub fn is_unreachable(&self) -> bool {
        self.kind() == FailureKind::Offline
    }

    /// What kind of failure it is; both lookups failing is offline only when both were.
    pub fn kind(&self) -> FailureKind {
        match self {
            DiscoverError::Unreachable { .. } => FailureKind::Offline,
            DiscoverError::Http { .. } | DiscoverError::TooManyRedirects { .. } => {
                FailureKind::Network
            }
            DiscoverError::Status { status, .. } => FailureKind::HttpStatus(*status),
            DiscoverError::Json { .. } => FailureKind::Parse,
            DiscoverError::BadUrl { .. }
            | DiscoverError::TooLarge { .. }
            | DiscoverError::NoSuchPodcast { .. }
            | DiscoverError::NoFeedUrl { .. }
            | DiscoverError::BadFeedUrl { .. }
            | DiscoverError::NoFeedLink { .. } => FailureKind::Other,
            DiscoverError::BothFailed { apple, site } => match (apple.kind(), site.kind()) {
                (apple, site) if apple == site => apple,
                (FailureKind::Offline, other) | (other, FailureKind::Offline) => other,
                _ => FailureKind::Other,
            },
        }
    }
}

impl From<DiscoverError> for Failure {
    fn from(err: DiscoverError) -> Failure {
        Failure::from_error(err.kind(), &err)
    }
}

/// A document fetched by [`fetch`].
#[derive(Debug)]
pub(crate) struct Page {
    /// Where the body came from, after every redirect: relative links resolve against it.
    pub final_url: Url,
    /// The URL to remember: the one asked for, moved along permanent redirects (301, 308) only,
    /// so a temporary redirect (a tracking or load-balancing hop) does not replace it.
    pub canonical_url: Url,
    /// `Content-Type` without parameters, lowercased; empty when the server sent none.
    pub mime: String,
    /// At most `limit` bytes of the body.
    pub body: Vec<u8>,
    /// True when the body went on past `limit` and was cut there.
    pub truncated: bool,
}

fn parse_url(url: &str) -> Result<Url, DiscoverError> {
    Url::parse(url.trim()).map_err(|source| DiscoverError::BadUrl {
        url: url.to_owned(),
        source,
    })
}

/// The directory's view of a network failure.
fn from_net(err: NetError) -> DiscoverError {
    let (url, message) = (err.url().to_owned(), err.detail());
    match err {
        NetError::Unreachable { .. } | NetError::NoAnswer { .. } => {
            DiscoverError::Unreachable { url, message }
        }
        NetError::Status { url, status } => DiscoverError::Status { url, status },
        NetError::TooManyRedirects { .. } | NetError::RedirectLoop { .. } => {
            DiscoverError::TooManyRedirects { url, message }
        }
        _ => DiscoverError::Http { url, message },
    }
}

/// The media type of a `Content-Type` value: no parameters, lowercased.
fn mime_essence(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// GETs `url` through the redirect policy (at most [`MAX_REDIRECTS`] hops) and reads at most
/// `limit` bytes of the body (the rest is left unread and [`Page::truncated`] set). `accept`
/// is sent as the `Accept` header. Any final status other than 2xx is an error.
pub(crate) async fn fetch(
    client: &reqwest::Client,
    url: &str,
    accept: &str,
    limit: usize,
) -> Result<Page, DiscoverError> {
    let start = parse_url(url)?;
    let mut headers = HeaderMap::new();
    if let Ok(accept) = HeaderValue::from_str(accept) {
        headers.insert(ACCEPT, accept);
    }
    let get = Get {
        headers,
        ..Get::default()
    };
    let followed = net::follow(client, &start, &get).await.map_err(from_net)?;
    let canonical_url = followed.permanent_url().unwrap_or(&start).clone();
    let mut followed = followed.success().map_err(from_net)?;
    let mime = followed
        .response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(mime_essence)
        .unwrap_or_default();
    let (body, truncated) = net::read_up_to(&mut followed.response, &followed.url, limit)
        .await
        .map_err(from_net)?;
    Ok(Page {
        final_url: followed.url,
        canonical_url,
        mime,
        body,
        truncated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_essence_drops_parameters_and_case() {
        assert_eq!(
            mime_essence("Application/RSS+XML; charset=UTF-8"),
            "application/rss+xml"
        );
        assert_eq!(mime_essence(""), "");
    }

    #[test]
    fn both_failed_is_unreachable_only_when_both_are() {
        let down = || DiscoverError::Unreachable {
            url: "https://a".into(),
            message: "could not connect".into(),
        };
        let both = DiscoverError::BothFailed {
            apple: Box::new(down()),
            site: Box::new(down()),
        };
        assert!(both.is_unreachable());
        let mixed = DiscoverError::BothFailed {
            apple: Box::new(down()),
            site: Box::new(DiscoverError::NoFeedLink {
                url: "https://netstack.fm/".into(),
            }),
        };
        assert!(!mixed.is_unreachable());
        assert_eq!(
            mixed.to_string(),
            "Apple lookup: fetching https://a: could not connect; netstack.fm page: \
             https://netstack.fm/ advertises no feed (no <link rel=\"alternate\"> to an RSS, \
             Atom or JSON feed)"
        );
    }
}
