//! Fetching a transcript: a conditional GET (the validators of the copy in the library) bounded
//! to [`MAX_BYTES`], or a `file://` URL read in place. All of the HTTP is in [`http_get`], on the
//! shared client through `crate::net`'s one redirect policy.

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;

use super::{MAX_BYTES, TranscriptError};
use crate::net::{self, Get, NetError, Validators};

/// What a fetch found.
#[derive(Debug)]
pub enum Fetched {
    /// 304: the copy the validators came from is current.
    NotModified,
    /// The document, with the validators and `Content-Type` the server gave.
    Body {
        bytes: Vec<u8>,
        validators: Validators,
        content_type: Option<String>,
    },
}

/// Fetches `url`, sending `validators` (when given) as If-None-Match / If-Modified-Since.
pub async fn fetch(
    client: &reqwest::Client,
    url: &str,
    validators: Option<&Validators>,
) -> Result<Fetched, TranscriptError> {
    match url::Url::parse(url) {
        Ok(parsed) if parsed.scheme() == "file" => read_file(&parsed),
        _ => http_get(client, url, validators).await,
    }
}

fn read_file(url: &url::Url) -> Result<Fetched, TranscriptError> {
    let path = url.to_file_path().map_err(|()| TranscriptError::Http {
        url: url.to_string(),
        message: "not a local path".to_owned(),
    })?;
    let io = |source| TranscriptError::Io {
        path: path.display().to_string(),
        source,
    };
    let size = std::fs::metadata(&path).map_err(io)?.len();
    if size > MAX_BYTES as u64 {
        return Err(TranscriptError::TooLarge {
            size: usize::try_from(size).unwrap_or(usize::MAX),
        });
    }
    Ok(Fetched::Body {
        bytes: std::fs::read(&path).map_err(io)?,
        validators: Validators::default(),
        content_type: None,
    })
}

/// The one HTTP exchange: a conditional GET through the network layer's redirect policy, its
/// status, and the size bound.
async fn http_get(
    client: &reqwest::Client,
    url: &str,
    validators: Option<&Validators>,
) -> Result<Fetched, TranscriptError> {
    let start = net::parse_url(url).map_err(from_net)?;
    let get = Get {
        headers: validators.map(Validators::conditions).unwrap_or_default(),
        ..Get::default()
    };
    let followed = net::follow(client, &start, &get).await.map_err(from_net)?;
    if followed.status() == StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    let mut followed = followed.success().map_err(from_net)?;
    let validators = Validators::of(followed.response.headers());
    let content_type = net::header_text(followed.response.headers(), CONTENT_TYPE);
    if let Some(len) = followed
        .response
        .content_length()
        .filter(|&l| l > MAX_BYTES as u64)
    {
        return Err(TranscriptError::TooLarge {
            size: usize::try_from(len).unwrap_or(usize::MAX),
        });
    }
    let bytes = net::read_all(&mut followed.response, &followed.url, MAX_BYTES)
        .await
        .map_err(from_net)?;
    Ok(Fetched::Body {
        bytes,
        validators,
        content_type,
    })
}

/// The transcript's view of a network failure.
fn from_net(err: NetError) -> TranscriptError {
    let (url, message) = (err.url().to_owned(), err.detail());
    match err {
        NetError::Unreachable { .. } | NetError::NoAnswer { .. } => {
            TranscriptError::Unreachable { url, message }
        }
        NetError::Status { status, .. } => TranscriptError::Status {
            url,
            status: StatusCode::from_u16(status).map_or(status.to_string(), |s| s.to_string()),
        },
        // The body went on past the bound: at least one byte more than it allows.
        NetError::TooLarge { .. } => TranscriptError::TooLarge {
            size: MAX_BYTES + 1,
        },
        _ => TranscriptError::Http { url, message },
    }
}
