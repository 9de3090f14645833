//! The one redirect policy every request follows.
//!
//! Up to [`MAX_REDIRECTS`] hops of 301, 302, 303, 307 and 308 (a 303 turns the request into a
//! GET, which is all we send anyway), relative `Location`s resolved against the hop that sent
//! them, hops to other hosts allowed (only to http and https), and the caller's headers —
//! `Range`, `If-Range`, `If-None-Match`, `If-Modified-Since`, `Accept` — sent again at every
//! hop. A request for a byte range asks for the bytes as stored (`Accept-Encoding: identity`);
//! every other one accepts gzip and Brotli. A hop back to an address already visited ends the
//! chain at once; so does an 11th redirect: a loop costs at most 11 requests and gives a
//! one-line error.
//!
//! Written here rather than left to reqwest's own policy because the callers need what that
//! policy hides: each hop's status (a feed has moved only when every hop was permanent), every
//! request sent (the streaming cache counts them), and a limit on the wait for each answer.

use std::time::Duration;

use reqwest::header::{ACCEPT_ENCODING, HeaderMap, HeaderValue, LOCATION, RANGE};
use reqwest::{StatusCode, Url};

use super::error::NetError;

/// Redirects followed for one request before giving up.
pub const MAX_REDIRECTS: usize = 10;

/// A redirect body is read (so the connection can carry the next hop) when it is at most this
/// long and arrives within [`DRAIN_TIME`]; otherwise the connection is dropped.
const DRAIN_BYTES: u64 = 16 * 1024;
const DRAIN_TIME: Duration = Duration::from_secs(2);

/// How a GET is sent at every hop.
#[derive(Default)]
pub struct Get<'a> {
    /// Sent with every request of the chain.
    pub headers: HeaderMap,
    /// No answer (status and headers) within this long is [`NetError::NoAnswer`].
    pub answer_within: Option<Duration>,
    /// Called as each request of the chain goes out.
    pub on_send: Option<&'a (dyn Fn() + Send + Sync)>,
}

/// One redirect followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    pub from: Url,
    pub status: u16,
    pub to: Url,
}

/// The answer at the end of a redirect chain, whatever its status.
#[derive(Debug)]
pub struct Followed {
    pub response: reqwest::Response,
    /// Where the answer came from.
    pub url: Url,
    /// The redirects followed to get there, in order.
    pub hops: Vec<Hop>,
}

impl Followed {
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// Every hop was permanent (301 or 308), and there was at least one: the address asked for
    /// has moved to [`Followed::url`].
    pub fn moved(&self) -> bool {
        all_permanent(&self.hops)
    }

    /// Where the address asked for has moved: along the permanent hops that begin the chain
    /// (a temporary hop — tracking, load balancing — moves nothing). `None` when the first hop
    /// is temporary or there was none.
    pub fn permanent_url(&self) -> Option<&Url> {
        leading_permanent(&self.hops)
    }

    /// The answer if its status is a success, else [`NetError::Status`].
    pub fn success(self) -> Result<Followed, NetError> {
        if self.status().is_success() {
            Ok(self)
        } else {
            Err(NetError::Status {
                url: self.url.to_string(),
                status: self.status().as_u16(),
            })
        }
    }
}

/// The statuses followed.
pub fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// The statuses that say the address has moved for good.
pub fn is_permanent(status: u16) -> bool {
    matches!(status, 301 | 308)
}

fn all_permanent(hops: &[Hop]) -> bool {
    !hops.is_empty() && hops.iter().all(|hop| is_permanent(hop.status))
}

fn leading_permanent(hops: &[Hop]) -> Option<&Url> {
    hops.iter()
        .take_while(|hop| is_permanent(hop.status))
        .last()
        .map(|hop| &hop.to)
}

/// GETs `url`, following redirects by the policy above, and returns the first answer that is
/// not a redirect.
pub async fn follow(
    client: &reqwest::Client,
    url: &Url,
    get: &Get<'_>,
) -> Result<Followed, NetError> {
    let mut current = url.clone();
    let mut hops: Vec<Hop> = Vec::new();
    loop {
        let response = send(client, &current, get).await?;
        let status = response.status().as_u16();
        if !is_redirect(status) {
            return Ok(Followed {
                response,
                url: current,
                hops,
            });
        }
        let location = response
            .headers()
            .get(LOCATION)
            .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned());
        let next = next_url(&current, status, location.as_deref())?;
        if hops.len() == MAX_REDIRECTS {
            return Err(NetError::TooManyRedirects {
                url: url.to_string(),
            });
        }
        if next == *url || hops.iter().any(|hop| hop.to == next) {
            return Err(NetError::RedirectLoop {
                url: url.to_string(),
                to: next.to_string(),
                hops: hops.len() + 1,
            });
        }
        discard(response).await;
        hops.push(Hop {
            from: current,
            status,
            to: next.clone(),
        });
        current = next;
    }
}

async fn send(
    client: &reqwest::Client,
    url: &Url,
    get: &Get<'_>,
) -> Result<reqwest::Response, NetError> {
    let mut headers = get.headers.clone();
    // A byte range means bytes of the file as stored: ask for them as they are (the client
    // offers gzip and Brotli otherwise, and a compressed answer's ranges would mean nothing).
    if headers.contains_key(RANGE) && !headers.contains_key(ACCEPT_ENCODING) {
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_static("identity"));
    }
    if url.scheme() == "https" {
        // The certificate check waits for the system's roots: read them while this connects.
        super::tls::start_reading();
    }
    let request = client.get(url.clone()).headers(headers);
    if let Some(on_send) = get.on_send {
        on_send();
    }
    let sent = request.send();
    let answer = match get.answer_within {
        Some(limit) => tokio::time::timeout(limit, sent)
            .await
            .map_err(|_| NetError::NoAnswer {
                url: url.to_string(),
                after: limit,
            })?,
        None => sent.await,
    };
    answer.map_err(|e| NetError::from_request(url.as_str(), &e))
}

/// Where a redirect from `current` leads: its `Location`, resolved against `current`, when it
/// is an http or https address.
fn next_url(current: &Url, status: u16, location: Option<&str>) -> Result<Url, NetError> {
    let bad = || NetError::BadRedirect {
        url: current.to_string(),
        status,
        location: location.map(str::to_owned),
    };
    let location = location.map(str::trim).filter(|l| !l.is_empty());
    let next = location
        .and_then(|l| current.join(l).ok())
        .ok_or_else(bad)?;
    if matches!(next.scheme(), "http" | "https") {
        Ok(next)
    } else {
        Err(bad())
    }
}

/// Reads a short redirect body so its connection can be used again; drops a long or slow one.
async fn discard(mut response: reqwest::Response) {
    if response
        .content_length()
        .is_none_or(|len| len > DRAIN_BYTES)
    {
        return;
    }
    let drain = async { while let Ok(Some(_)) = response.chunk().await {} };
    let _ = tokio::time::timeout(DRAIN_TIME, drain).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn locations_resolve_against_the_hop_and_stay_on_the_web() {
        let here = url("http://a.example/x/y?q=1");
        assert_eq!(
            next_url(&here, 302, Some("/z")).unwrap(),
            url("http://a.example/z")
        );
        assert_eq!(
            next_url(&here, 307, Some("w.mp3")).unwrap(),
            url("http://a.example/x/w.mp3")
        );
        assert_eq!(
            next_url(&here, 301, Some(" https://b.example/e.mp3?t=1 ")).unwrap(),
            url("https://b.example/e.mp3?t=1")
        );
        assert_eq!(
            next_url(&here, 308, Some("//c.example/p")).unwrap(),
            url("http://c.example/p")
        );
        for bad in [
            None,
            Some(""),
            Some("file:///etc/passwd"),
            Some("ftp://x/y"),
        ] {
            let err = next_url(&here, 302, bad).unwrap_err();
            assert!(
                matches!(err, NetError::BadRedirect { status: 302, .. }),
                "{err}"
            );
        }
    }

    #[test]
    fn only_permanent_hops_move_an_address() {
        let hop = |status, to: &str| Hop {
            from: url("http://a/"),
            status,
            to: url(to),
        };
        let permanent = [hop(301, "http://b/"), hop(308, "http://c/")];
        let mixed = [hop(308, "http://b/"), hop(302, "http://c/")];
        let temporary = [hop(307, "http://b/"), hop(301, "http://c/")];
        assert!(all_permanent(&permanent));
        assert!(!all_permanent(&mixed) && !all_permanent(&temporary) && !all_permanent(&[]));
        assert_eq!(leading_permanent(&permanent), Some(&url("http://c/")));
        assert_eq!(leading_permanent(&mixed), Some(&url("http://b/")));
        assert_eq!(leading_permanent(&temporary), None);
        for status in [301, 302, 303, 307, 308] {
            assert!(is_redirect(status));
        }
        for status in [200, 300, 304, 305, 306] {
            assert!(!is_redirect(status));
        }
    }
}
