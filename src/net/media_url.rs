//! A media file's address as the feed publishes it, and where its bytes were last found.
//!
//! Enclosure URLs pass through tracking prefixes that redirect 1–4 times. The first request
//! follows the chain; the final URL is remembered so later Range requests for the same media go
//! straight there. When that fails (signed CDN links and tracking targets expire) the chain is
//! followed again from the published address, once.

use reqwest::{StatusCode, Url};

use super::error::NetError;
use super::redirect::{Followed, Get, follow};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaUrl {
    origin: Url,
    found: Option<Url>,
}

impl MediaUrl {
    pub fn new(origin: Url) -> MediaUrl {
        MediaUrl {
            origin,
            found: None,
        }
    }

    /// The address as published.
    pub fn origin(&self) -> &Url {
        &self.origin
    }

    /// Where the next request goes: the final URL of the last chain, else the origin.
    pub fn current(&self) -> &Url {
        self.found.as_ref().unwrap_or(&self.origin)
    }

    /// Records where the media's bytes came from (after redirects) for the next request.
    pub fn found_at(&mut self, url: Url) {
        self.found = (url != self.origin).then_some(url);
    }

    /// After `status` from [`MediaUrl::current`]: when it says the address no longer serves the
    /// media and that address was a redirect's target, forgets it so that the next request
    /// follows the chain from the published address again. Whether it did.
    pub fn forget_after(&mut self, status: StatusCode) -> bool {
        fails(status) && self.found.take().is_some()
    }

    /// GETs the media from where it was last found; if that fails (an error, or an error
    /// status other than 416), from the origin again. The answer may have any status.
    pub async fn get(
        &mut self,
        client: &reqwest::Client,
        get: &Get<'_>,
    ) -> Result<Followed, NetError> {
        if let Some(found) = self.found.take() {
            match follow(client, &found, get).await {
                Ok(followed) if !fails(followed.status()) => {
                    self.found = Some(followed.url.clone());
                    return Ok(followed);
                }
                Ok(followed) => tracing::debug!(
                    "{found} answered {}; following {} again",
                    followed.status(),
                    self.origin
                ),
                Err(err) => tracing::debug!("{err}; following {} again", self.origin),
            }
        }
        let followed = follow(client, &self.origin, get).await?;
        if !fails(followed.status()) && followed.url != self.origin {
            self.found = Some(followed.url.clone());
        }
        Ok(followed)
    }
}

/// An answer that says the address no longer serves the media.
fn fails(status: StatusCode) -> bool {
    (status.is_client_error() && status != StatusCode::RANGE_NOT_SATISFIABLE)
        || status.is_server_error()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_addresses_fail_but_an_unsatisfiable_range_does_not() {
        for status in [401, 403, 404, 410, 500, 503] {
            assert!(fails(StatusCode::from_u16(status).unwrap()), "{status}");
        }
        for status in [200, 206, 304, 416] {
            assert!(!fails(StatusCode::from_u16(status).unwrap()), "{status}");
        }
        let url = MediaUrl::new(Url::parse("http://t.example/e.mp3").unwrap());
        assert_eq!(url.current(), url.origin());
    }

    #[test]
    fn a_redirect_target_is_forgotten_when_it_fails_and_the_origin_is_never() {
        let origin = Url::parse("http://t.example/e.mp3").unwrap();
        let mut url = MediaUrl::new(origin.clone());
        url.found_at(origin.clone());
        assert_eq!(url.current(), &origin);
        assert!(
            !url.forget_after(StatusCode::NOT_FOUND),
            "nothing to forget"
        );
        let cdn = Url::parse("http://cdn.example/e.mp3?sig=1").unwrap();
        url.found_at(cdn.clone());
        assert_eq!(url.current(), &cdn);
        assert!(!url.forget_after(StatusCode::RANGE_NOT_SATISFIABLE));
        assert_eq!(url.current(), &cdn);
        assert!(url.forget_after(StatusCode::FORBIDDEN));
        assert_eq!(url.current(), &origin);
    }
}
