//! Reading an answer's body with a bound on its size, and the bounded GET the small documents
//! (chapter files) use.

use reqwest::Url;

use super::error::NetError;
use super::redirect::{Get, follow};

/// Reads the whole body of `response` (from `url`), refusing more than `limit` bytes: a
/// `Content-Length` above it is refused before a byte is read.
pub async fn read_all(
    response: &mut reqwest::Response,
    url: &Url,
    limit: usize,
) -> Result<Vec<u8>, NetError> {
    let too_large = || NetError::TooLarge {
        url: url.to_string(),
        limit,
    };
    if response
        .content_length()
        .is_some_and(|len| len > limit as u64)
    {
        return Err(too_large());
    }
    let (body, cut) = read_up_to(response, url, limit).await?;
    if cut {
        return Err(too_large());
    }
    Ok(body)
}

/// Reads at most `limit` bytes of the body; true when the body went on past them (the rest is
/// left unread).
pub async fn read_up_to(
    response: &mut reqwest::Response,
    url: &Url,
    limit: usize,
) -> Result<(Vec<u8>, bool), NetError> {
    let expected = response.content_length().unwrap_or(0);
    let mut body = Vec::with_capacity(usize::try_from(expected).unwrap_or(0).min(limit));
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| NetError::from_request(url.as_str(), &e))?
    {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

/// GETs `url` (redirects followed) and returns its body, refusing more than `limit` bytes and
/// any status but a success.
pub async fn get_bounded(
    client: &reqwest::Client,
    url: &str,
    limit: usize,
) -> Result<Vec<u8>, NetError> {
    let parsed = super::parse_url(url)?;
    let mut followed = follow(client, &parsed, &Get::default()).await?.success()?;
    read_all(&mut followed.response, &followed.url, limit).await
}
