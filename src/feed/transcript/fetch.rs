//! Fetching a transcript: a conditional GET (the validators of the copy in the library) bounded
//! to [`MAX_BYTES`], or a `file://` URL read in place. All of the HTTP is in [`http_get`], on the
//! shared client as `crate::net` gives it (redirects followed here, as the feed fetcher does).

use reqwest::StatusCode;
use reqwest::header::{
    CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION,
};

use super::{MAX_BYTES, TranscriptError};
use crate::feed::Validators;
use crate::net;

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

const MAX_REDIRECTS: usize = 10;

/// The one HTTP exchange: conditional GET, redirects, status, size bound.
async fn http_get(
    client: &reqwest::Client,
    url: &str,
    validators: Option<&Validators>,
) -> Result<Fetched, TranscriptError> {
    let http = |url: &str, message: String| TranscriptError::Http {
        url: url.to_owned(),
        message,
    };
    let mut current = reqwest::Url::parse(url).map_err(|e| http(url, e.to_string()))?;
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
                TranscriptError::Unreachable {
                    url: current.to_string(),
                    message,
                }
            } else {
                http(current.as_str(), message)
            }
        })?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if status.is_redirection() {
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .ok_or_else(|| http(current.as_str(), format!("{status} without a Location")))?;
            current = current
                .join(location)
                .map_err(|e| http(current.as_str(), format!("bad redirect {location:?}: {e}")))?;
            continue;
        }
        if !status.is_success() {
            return Err(TranscriptError::Status {
                url: current.to_string(),
                status: status.to_string(),
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
        let content_type = header(CONTENT_TYPE);
        let too_large = |size: u64| TranscriptError::TooLarge {
            size: usize::try_from(size).unwrap_or(usize::MAX),
        };
        if let Some(len) = response.content_length().filter(|&l| l > MAX_BYTES as u64) {
            return Err(too_large(len));
        }
        let mut bytes = Vec::with_capacity(
            usize::try_from(response.content_length().unwrap_or(0)).unwrap_or(0),
        );
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| http(current.as_str(), net::describe(&e)))?
        {
            if bytes.len() + chunk.len() > MAX_BYTES {
                return Err(too_large((bytes.len() + chunk.len()) as u64));
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok(Fetched::Body {
            bytes,
            validators,
            content_type,
        });
    }
    Err(http(url, format!("more than {MAX_REDIRECTS} redirects")))
}
