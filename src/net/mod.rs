//! The HTTP client every network part shares (reqwest over rustls with the ring provider).

pub mod range_reader;

use std::sync::Once;
use std::time::Duration;

use crate::model::{Failure, FailureKind};

/// What the player says it is, so publishers can see who fetches their feeds.
pub const USER_AGENT: &str = concat!("netstack-tui/", env!("CARGO_PKG_VERSION"));

/// How long to wait for a connection before saying a host is offline.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

static PROVIDER: Once = Once::new();

/// Builds the shared client: no automatic redirects (callers follow them and note permanent
/// moves), a short connect timeout, a read timeout so a stalled server is noticed.
pub fn client() -> Result<reqwest::Client, reqwest::Error> {
    PROVIDER.call_once(|| {
        // Fails only when a provider is already installed, which is what we want anyway.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(Duration::from_secs(30))
        .tls_backend_rustls()
        .build()
}

/// What kind of failure a reqwest error is: offline when no connection could be made or it
/// timed out (as [`describe`] words it), the status when a server refused, else a network one.
pub fn failure_kind(err: &reqwest::Error) -> FailureKind {
    if err.is_connect() || err.is_timeout() {
        FailureKind::Offline
    } else if let Some(status) = err.status() {
        FailureKind::HttpStatus(status.as_u16())
    } else {
        FailureKind::Network
    }
}

/// A reqwest error as a failure about `url`, with its causes.
pub fn failure(url: &impl std::fmt::Display, err: &reqwest::Error) -> Failure {
    Failure::new(failure_kind(err), format!("{url}: {}", describe(err)))
}

/// A one-line description of a reqwest error with its causes, for the user.
pub fn describe(err: &reqwest::Error) -> String {
    let mut text = if err.is_connect() {
        "could not connect".to_owned()
    } else if err.is_timeout() {
        "timed out".to_owned()
    } else {
        err.to_string()
    };
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
        source = cause_of(source);
    }
    text
}

fn cause_of<'a>(
    err: Option<&'a (dyn std::error::Error + 'static)>,
) -> Option<&'a (dyn std::error::Error + 'static)> {
    err.and_then(std::error::Error::source)
}

/// GETs `url` (following redirects) and returns its body, refusing more than `limit` bytes.
pub async fn get_bounded(
    client: &reqwest::Client,
    url: &str,
    limit: usize,
) -> Result<Vec<u8>, Failure> {
    let network = |message: String| Failure::new(FailureKind::Network, message);
    let too_large = |url: &reqwest::Url| {
        Failure::new(
            FailureKind::Other,
            format!("{url}: larger than the {} KiB limit", limit / 1024),
        )
    };
    let mut current = reqwest::Url::parse(url)
        .map_err(|e| Failure::new(FailureKind::Other, format!("{url}: {e}")))?;
    for _ in 0..10 {
        let mut response = client
            .get(current.clone())
            .send()
            .await
            .map_err(|e| failure(&current, &e))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .ok_or_else(|| network(format!("{current}: {status} without a Location")))?;
            current = current
                .join(location)
                .map_err(|e| network(format!("{current}: bad redirect: {e}")))?;
            continue;
        }
        if !status.is_success() {
            return Err(Failure::new(
                FailureKind::HttpStatus(status.as_u16()),
                format!("{current}: the server answered {status}"),
            ));
        }
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(too_large(&current));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| failure(&current, &e))? {
            if body.len() + chunk.len() > limit {
                return Err(too_large(&current));
            }
            body.extend_from_slice(&chunk);
        }
        return Ok(body);
    }
    Err(network(format!("{url}: too many redirects")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_refused_connection_is_offline() {
        let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = closed.local_addr().expect("its address").port();
        drop(closed);
        let url = format!("http://127.0.0.1:{port}/feed.xml");
        let failure = get_bounded(&client().expect("a client"), &url, 1024)
            .await
            .expect_err("nothing listens");
        assert_eq!(failure.kind, FailureKind::Offline);
        assert!(failure.message.starts_with(&url), "{failure}");
        assert!(failure.message.contains("could not connect"), "{failure}");
    }
}
