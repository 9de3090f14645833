//! Fetching a feed: a conditional GET through the network layer's redirect policy (so a
//! permanent move is known), and a size bound. [`open`] leaves the body to be read piece by
//! piece (the library parses a feed while it arrives); [`fetch`] reads it whole.

use reqwest::StatusCode;

use super::decode::MAX_FEED_BYTES;
use super::error::FeedError;
use crate::net::{self, Get, NetError};

/// The validators a server gave for a feed, sent back on the next refresh.
pub use crate::net::Validators;

/// What a fetch found.
#[derive(Debug)]
pub enum Fetched {
    /// 304: the feed has not changed since the validators were given; `moved_to` is where
    /// permanent redirects (every hop 301/308) led, the feed's address to keep from now on.
    NotModified { moved_to: Option<String> },
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
    let mut body = match open(client, url, validators).await? {
        Answer::NotModified { moved_to } => return Ok(Fetched::NotModified { moved_to }),
        Answer::Body(body) => body,
    };
    let mut bytes = Vec::with_capacity(body.expected_len());
    while let Some(chunk) = body.chunk().await? {
        bytes.extend_from_slice(&chunk);
    }
    let Opened {
        validators,
        final_url,
        moved,
        address,
        ..
    } = *body;
    Ok(Fetched::Body {
        bytes,
        validators,
        final_url,
        moved,
        address,
    })
}

/// What a request for a feed was answered, before its body is read.
#[derive(Debug)]
pub enum Answer {
    /// 304: the feed has not changed since the validators were given (see
    /// [`Fetched::NotModified`]).
    NotModified { moved_to: Option<String> },
    /// A document is coming: read it with [`Opened::chunk`].
    Body(Box<Opened>),
}

/// A feed answer whose body is read piece by piece (so that it can be parsed while it arrives),
/// never past [`MAX_FEED_BYTES`].
#[derive(Debug)]
pub struct Opened {
    response: reqwest::Response,
    url: reqwest::Url,
    read: usize,
    pub validators: Validators,
    /// Where the document came from, after every redirect.
    pub final_url: String,
    /// Every redirect on the way was permanent (301/308): the feed has moved.
    pub moved: bool,
    /// The feed's address to keep (see [`Fetched::Body`]).
    pub address: String,
}

impl Opened {
    /// The body's announced length, for sizing a buffer (0 when unknown or over the bound).
    pub fn expected_len(&self) -> usize {
        self.response
            .content_length()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| *n <= MAX_FEED_BYTES)
            .unwrap_or(0)
    }

    /// The next piece of the body, `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<bytes::Bytes>, FeedError> {
        let chunk = self
            .response
            .chunk()
            .await
            .map_err(|e| from_net(NetError::from_request(self.url.as_str(), &e)))?;
        if let Some(chunk) = &chunk {
            self.read += chunk.len();
            if self.read > MAX_FEED_BYTES {
                return Err(too_large());
            }
        }
        Ok(chunk)
    }
}

fn too_large() -> FeedError {
    FeedError::TooLarge {
        limit_mib: (MAX_FEED_BYTES / (1024 * 1024)) as u64,
    }
}

/// Asks for `url`, sending `validators` as If-None-Match / If-Modified-Since at every hop, and
/// follows redirects; the body is left to read. A `Content-Length` over [`MAX_FEED_BYTES`] is
/// refused before a byte of the body is read.
pub async fn open(
    client: &reqwest::Client,
    url: &str,
    validators: Option<&Validators>,
) -> Result<Answer, FeedError> {
    let start = net::parse_url(url).map_err(from_net)?;
    let get = Get {
        headers: validators.map(Validators::conditions).unwrap_or_default(),
        ..Get::default()
    };
    let followed = net::follow(client, &start, &get).await.map_err(from_net)?;
    if followed.status() == StatusCode::NOT_MODIFIED {
        let moved_to = followed.moved().then(|| followed.url.to_string());
        return Ok(Answer::NotModified { moved_to });
    }
    let moved = followed.moved();
    let followed = followed.success().map_err(from_net)?;
    let validators = Validators::of(followed.response.headers());
    if followed
        .response
        .content_length()
        .is_some_and(|len| len > MAX_FEED_BYTES as u64)
    {
        return Err(too_large());
    }
    let final_url = followed.url.to_string();
    Ok(Answer::Body(Box::new(Opened {
        response: followed.response,
        url: followed.url,
        read: 0,
        validators,
        address: if moved {
            final_url.clone()
        } else {
            start.to_string()
        },
        final_url,
        moved,
    })))
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
