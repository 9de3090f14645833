//! Fetching a feed: a conditional GET through the network layer's redirect policy (so a
//! permanent move is known), and a size bound.

use reqwest::StatusCode;
use reqwest::header::{
    ETAG, HeaderMap, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
};

use super::decode::MAX_FEED_BYTES;
use super::error::FeedError;
use crate::net::{self, Get, NetError};

/// The validators a server gave for a feed, sent back on the next refresh.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What a fetch found.
#[derive(Debug)]
pub enum Fetched {
    /// 304: the feed has not changed since the validators were given.
    NotModified,
    /// The document, with the URL it finally came from.
    Body {
        bytes: Vec<u8>,
        validators: Validators,
        /// Where the document came from, after every redirect: relative links resolve
        /// against it.
        final_url: String,
        /// Every redirect on the way was permanent (301/308): the feed has moved.
        moved: bool,
        /// The feed's address to keep: `final_url` when it moved, else the URL asked for (a
        /// temporary redirect — tracking, load balancing — is not a move).
        address: String,
    },
}

/// Fetches `url`, sending `validators` as If-None-Match / If-Modified-Since at every hop.
pub async fn fetch(
    client: &reqwest::Client,
    url: &str,
    validators: Option<&Validators>,
) -> Result<Fetched, FeedError> {
    let start = net::parse_url(url).map_err(from_net)?;
    let mut headers = HeaderMap::new();
    if let Some(v) = validators {
        let mut put = |name, value: &Option<String>| {
            if let Some(value) = value.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
                headers.insert(name, value);
            }
        };
        put(IF_NONE_MATCH, &v.etag);
        put(IF_MODIFIED_SINCE, &v.last_modified);
    }
    let get = Get {
        headers,
        ..Get::default()
    };
    let followed = net::follow(client, &start, &get).await.map_err(from_net)?;
    if followed.status() == StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    let moved = followed.moved();
    let mut followed = followed.success().map_err(from_net)?;
    let header = |name| {
        followed
            .response
            .headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let validators = Validators {
        etag: header(ETAG),
        last_modified: header(LAST_MODIFIED),
    };
    let bytes = net::read_all(&mut followed.response, &followed.url, MAX_FEED_BYTES)
        .await
        .map_err(from_net)?;
    let final_url = followed.url.to_string();
    Ok(Fetched::Body {
        bytes,
        validators,
        address: if moved {
            final_url.clone()
        } else {
            start.to_string()
        },
        final_url,
        moved,
    })
}

/// The feed's view of a network failure: unreachable (offline), a status, too large, or
/// another HTTP failure with its cause.
pub(crate) fn from_net(err: NetError) -> FeedError {
    match err {
        NetError::Unreachable { .. } | NetError::NoAnswer { .. } => FeedError::Unreachable {
            message: err.detail(),
            url: err.url().to_owned(),
        },
        NetError::Status { url, status } => FeedError::Status { url, status },
        NetError::TooLarge { .. } => FeedError::TooLarge {
            limit_mib: (MAX_FEED_BYTES / (1024 * 1024)) as u64,
        },
        other => FeedError::Http {
            message: other.detail(),
            url: other.url().to_owned(),
        },
    }
}
