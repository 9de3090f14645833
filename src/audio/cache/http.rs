//! One HTTP exchange of the cache: a GET for the bytes from an offset, through the network
//! layer's redirect policy (`Range` and `If-Range` sent at every hop), and what the answer says
//! about the server's copy.

use std::time::Duration;

use reqwest::header::{CONTENT_RANGE, HeaderMap, HeaderValue, IF_RANGE, RANGE};
use reqwest::{StatusCode, Url};

use super::error::CacheError;
use crate::net::Validators;
use crate::net::{self, Get, NetError};

/// What the server sent for a request.
pub(crate) enum Body {
    /// 206: bytes from `start`, of a copy `total` bytes long (when the server says).
    Partial { start: u64, total: Option<u64> },
    /// 200: the whole file from byte 0, whatever was asked.
    Whole { total: Option<u64> },
}

/// A response whose head has arrived.
pub(crate) struct Answer {
    pub response: reqwest::Response,
    /// Where the bytes come from, after redirects.
    pub url: Url,
    pub body: Body,
    pub validators: Validators,
}

impl Answer {
    pub fn total(&self) -> Option<u64> {
        match self.body {
            Body::Partial { total, .. } | Body::Whole { total } => total,
        }
    }

    pub fn start(&self) -> u64 {
        match self.body {
            Body::Partial { start, .. } => start,
            Body::Whole { .. } => 0,
        }
    }
}

/// A GET for bytes `start..=last` (to the end when `last` is None), sent with `If-Range` so a
/// changed copy answers with the whole new file instead of a mismatched piece. `sent` is called
/// for every request that goes out, redirects included. No answer within `stall` is an error.
pub(crate) async fn get_range(
    client: &reqwest::Client,
    url: &Url,
    (start, last): (u64, Option<u64>),
    validators: &Validators,
    stall: Duration,
    sent: &(dyn Fn() + Send + Sync),
) -> Result<Answer, CacheError> {
    let range = match last {
        Some(last) => format!("bytes={start}-{last}"),
        None => format!("bytes={start}-"),
    };
    let mut headers = HeaderMap::new();
    if let Ok(range) = HeaderValue::from_str(&range) {
        headers.insert(RANGE, range);
    }
    if let Some(validator) = if_range(validators).and_then(|v| HeaderValue::from_str(v).ok()) {
        headers.insert(IF_RANGE, validator);
    }
    let get = Get {
        headers,
        answer_within: Some(stall),
        on_send: Some(sent),
    };
    let followed = net::follow(client, url, &get)
        .await
        .map_err(|e| from_net(e, stall))?;
    let (response, current) = (followed.response, followed.url);
    let body = match response.status() {
        StatusCode::PARTIAL_CONTENT => partial(&current, response.headers())?,
        StatusCode::OK => Body::Whole {
            total: response.content_length(),
        },
        status => {
            return Err(CacheError::Status {
                url: current.to_string(),
                status: status.as_u16(),
            });
        }
    };
    Ok(Answer {
        validators: Validators::of(response.headers()),
        response,
        url: current,
        body,
    })
}

/// The cache's view of a network failure: a dropped or silent connection is worth a retry
/// ([`CacheError::Http`]); a refusal, a bad redirect or a loop is not.
fn from_net(err: NetError, stall: Duration) -> CacheError {
    match err {
        NetError::NoAnswer { url, .. } => CacheError::Http {
            url,
            message: stalled(stall),
            offline: false,
        },
        NetError::Unreachable { .. } | NetError::Transfer { .. } => CacheError::Http {
            offline: err.kind() == crate::model::FailureKind::Offline,
            message: err.detail(),
            url: err.url().to_owned(),
        },
        NetError::Status { url, status } => CacheError::Status { url, status },
        NetError::BadUrl { url, message } => CacheError::BadUrl { url, message },
        NetError::TooManyRedirects { url } => CacheError::TooManyRedirects { url },
        other => CacheError::BadResponse {
            message: other.detail(),
            url: other.url().to_owned(),
        },
    }
}

pub(crate) fn http_error(url: &Url, message: String) -> CacheError {
    CacheError::Http {
        url: url.to_string(),
        message,
        offline: false,
    }
}

/// A request that failed: offline when no connection could be made or it timed out.
pub(crate) fn request_error(url: &Url, err: &reqwest::Error) -> CacheError {
    CacheError::Http {
        url: url.to_string(),
        message: crate::net::describe(err),
        offline: crate::net::failure_kind(err) == crate::model::FailureKind::Offline,
    }
}

pub(crate) fn stalled(stall: Duration) -> String {
    format!("the server sent nothing for {} s", stall.as_secs_f32())
}

fn partial(url: &Url, headers: &HeaderMap) -> Result<Body, CacheError> {
    let value = headers.get(CONTENT_RANGE).and_then(|v| v.to_str().ok());
    value
        .and_then(parse_content_range)
        .map(|(start, total)| Body::Partial { start, total })
        .ok_or_else(|| CacheError::BadResponse {
            url: url.to_string(),
            message: format!("partial content with a bad Content-Range: {value:?}"),
        })
}

/// `bytes FIRST-LAST/TOTAL` (TOTAL may be `*`) → (FIRST, TOTAL).
fn parse_content_range(value: &str) -> Option<(u64, Option<u64>)> {
    let rest = value.trim().strip_prefix("bytes")?.trim_start();
    let (span, total) = rest.split_once('/')?;
    let (first, last) = span.split_once('-')?;
    let first: u64 = first.trim().parse().ok()?;
    let last: u64 = last.trim().parse().ok()?;
    let total = match total.trim() {
        "*" => None,
        t => Some(t.parse::<u64>().ok()?),
    };
    (first <= last && total.is_none_or(|t| last < t)).then_some((first, total))
}

/// The `If-Range` value for a copy: a strong ETag, else the Last-Modified date (weak ETags never
/// match in If-Range).
fn if_range(validators: &Validators) -> Option<&str> {
    validators
        .etag
        .as_deref()
        .filter(|tag| !tag.starts_with("W/"))
        .or(validators.last_modified.as_deref())
}

/// Whether `new` describes another copy than `old`: a validator both have differs. A validator
/// one side lacks proves nothing.
pub(crate) fn changed(old: &Validators, new: &Validators) -> bool {
    let differs =
        |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if a != b);
    differs(&old.etag, &new.etag) || differs(&old.last_modified, &new.last_modified)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_range_forms() {
        assert_eq!(parse_content_range("bytes 0-0/1000"), Some((0, Some(1000))));
        assert_eq!(parse_content_range("bytes 10-99/*"), Some((10, None)));
        assert_eq!(parse_content_range("bytes 5-4/10"), None);
        assert_eq!(parse_content_range("bytes 5-10/10"), None);
        assert_eq!(parse_content_range("bytes */10"), None);
        assert_eq!(parse_content_range("items 0-1/2"), None);
    }

    #[test]
    fn validators_decide_if_range_and_change() {
        let v = |etag: Option<&str>, date: Option<&str>| Validators {
            etag: etag.map(str::to_owned),
            last_modified: date.map(str::to_owned),
        };
        let date = "Wed, 21 Oct 2015 07:28:00 GMT";
        assert_eq!(if_range(&v(Some("\"a\""), Some(date))), Some("\"a\""));
        assert_eq!(if_range(&v(Some("W/\"a\""), Some(date))), Some(date));
        assert_eq!(if_range(&v(Some("W/\"a\""), None)), None);
        assert!(changed(&v(Some("\"a\""), None), &v(Some("\"b\""), None)));
        assert!(!changed(&v(Some("\"a\""), None), &v(None, Some(date))));
        assert!(!changed(&v(None, None), &v(Some("\"b\""), None)));
    }
}
