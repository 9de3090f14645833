//! A remote file read by HTTP Range requests, as the chapter readers' [`ReadAt`].
//!
//! Synchronous on purpose: the chapter readers are plain functions, so this runs on a blocking
//! thread (`spawn_blocking`) and drives each request on the runtime through its handle. Each
//! `read_at` is one request for exactly the bytes asked; nothing else of the file is fetched.
//! The first request follows the enclosure's redirects; later ones go straight to where it led
//! ([`MediaUrl`]).

use std::io;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_RANGE, HeaderMap, HeaderValue, RANGE};
use tokio::runtime::Handle;

use super::error::NetError;
use super::media_url::MediaUrl;
use super::redirect::Get;
use crate::feed::chapters::source::{MAX_TAG_BYTES, ReadAt};

/// A URL read by Range requests.
pub struct HttpRangeReader {
    client: reqwest::Client,
    url: Result<MediaUrl, NetError>,
    handle: Handle,
    total: Option<u64>,
}

impl HttpRangeReader {
    /// `handle` is the runtime to run requests on; call `read_at` from a blocking thread.
    pub fn new(client: reqwest::Client, url: impl AsRef<str>, handle: Handle) -> HttpRangeReader {
        HttpRangeReader {
            client,
            url: super::parse_url(url.as_ref()).map(MediaUrl::new),
            handle,
            total: None,
        }
    }

    async fn fetch(&mut self, offset: u64, len: usize) -> Result<Vec<u8>, NetError> {
        if len == 0 {
            return Ok(Vec::new());
        }
        let media = self.url.as_mut().map_err(|e| e.clone())?;
        let last = offset.saturating_add(len as u64 - 1);
        let mut headers = HeaderMap::new();
        if let Ok(range) = HeaderValue::from_str(&format!("bytes={offset}-{last}")) {
            headers.insert(RANGE, range);
        }
        let get = Get {
            headers,
            ..Get::default()
        };
        let followed = media.get(&self.client, &get).await?;
        let url = followed.url.to_string();
        let mut response = followed.response;
        let skip = match response.status() {
            StatusCode::PARTIAL_CONTENT => {
                self.total = total_from_content_range(&response).or(self.total);
                0
            }
            StatusCode::RANGE_NOT_SATISFIABLE => {
                self.total = total_from_content_range(&response).or(self.total);
                return Ok(Vec::new());
            }
            StatusCode::OK => {
                // The server ignores Range: read up to what was asked from the full body, and
                // refuse to stream far into a file just to reach a late offset.
                self.total = response.content_length().or(self.total);
                if offset > MAX_TAG_BYTES as u64 {
                    return Err(NetError::Transfer {
                        url,
                        message: format!(
                            "the server ignores Range requests; reading byte {offset} would mean downloading the file"
                        ),
                    });
                }
                offset
            }
            other => {
                return Err(NetError::Status {
                    url,
                    status: other.as_u16(),
                });
            }
        };
        let mut out = Vec::with_capacity(len.min(1 << 20));
        let mut to_skip = skip;
        while out.len() < len {
            let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| NetError::from_request(&url, &e))?
            else {
                break;
            };
            let mut chunk = &chunk[..];
            if to_skip > 0 {
                let n = (to_skip as usize).min(chunk.len());
                chunk = &chunk[n..];
                to_skip -= n as u64;
            }
            let take = chunk.len().min(len - out.len());
            out.extend_from_slice(&chunk[..take]);
        }
        Ok(out)
    }
}

fn total_from_content_range(response: &reqwest::Response) -> Option<u64> {
    let value = response.headers().get(CONTENT_RANGE)?.to_str().ok()?;
    value.rsplit('/').next()?.trim().parse().ok()
}

impl ReadAt for HttpRangeReader {
    fn len(&mut self) -> io::Result<Option<u64>> {
        if self.total.is_none() {
            // One byte tells the length through Content-Range.
            let handle = self.handle.clone();
            handle
                .block_on(self.fetch(0, 1))
                .map_err(|e| crate::model::Failure::from(e).into_io())?;
        }
        Ok(self.total)
    }

    fn read_at(&mut self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        let handle = self.handle.clone();
        handle
            .block_on(self.fetch(offset, len))
            .map_err(|e| crate::model::Failure::from(e).into_io())
    }
}
