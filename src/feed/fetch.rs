//! Fetching a feed: conditional GET, redirects followed by hand (so a permanent move is known),
//! and a size bound.

use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION};

use super::decode::MAX_FEED_BYTES;
use super::error::FeedError;
use crate::net;

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
        final_url: String,
        /// Every redirect on the way was permanent (301/308): the feed has moved.
        moved: bool,
    },
}

const MAX_REDIRECTS: usize = 10;

/// Fetches `url`, sending `validators` as If-None-Match / If-Modified-Since.
pub async fn fetch(
    client: &reqwest::Client,
    url: &str,
    validators: Option<&Validators>,
) -> Result<Fetched, FeedError> {
    let http_error = |url: &str, message: String| FeedError::Http {
        url: url.to_owned(),
        message,
    };
    let mut current = reqwest::Url::parse(url).map_err(|e| http_error(url, e.to_string()))?;
    let mut permanent = true;
    for _ in 0..=MAX_REDIRECTS {
        let mut request = client.get(current.clone());
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(modified) = &v.last_modified {
                request = request.header(IF_MODIFIED_SINCE, modified);
            }
        }
        let mut response = request.send().await.map_err(|e| {
            let message = net::describe(&e);
            if e.is_connect() || e.is_timeout() {
                FeedError::Unreachable {
                    url: current.to_string(),
                    message,
                }
            } else {
                http_error(current.as_str(), message)
            }
        })?;
        let status = response.status();
        if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .ok_or_else(|| {
                    http_error(current.as_str(), format!("{status} without a Location"))
                })?;
            permanent &= matches!(
                status,
                StatusCode::MOVED_PERMANENTLY | StatusCode::PERMANENT_REDIRECT
            );
            current = current.join(location).map_err(|e| {
                http_error(current.as_str(), format!("bad redirect {location:?}: {e}"))
            })?;
            continue;
        }
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            return Err(FeedError::Status {
                url: current.to_string(),
                status: status.as_u16(),
            });
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let validators = Validators {
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
        };
        if response
            .content_length()
            .is_some_and(|len| len > MAX_FEED_BYTES as u64)
        {
            return Err(FeedError::TooLarge {
                limit_mib: (MAX_FEED_BYTES / (1024 * 1024)) as u64,
            });
        }
        let mut bytes = Vec::with_capacity(response.content_length().unwrap_or(0) as usize);
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| http_error(current.as_str(), net::describe(&e)))?
        {
            if bytes.len() + chunk.len() > MAX_FEED_BYTES {
                return Err(FeedError::TooLarge {
                    limit_mib: (MAX_FEED_BYTES / (1024 * 1024)) as u64,
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        let moved = permanent && current.as_str() != url;
        return Ok(Fetched::Body {
            bytes,
            validators,
            final_url: current.to_string(),
            moved,
        });
    }
    Err(http_error(
        url,
        format!("more than {MAX_REDIRECTS} redirects"),
    ))
}
