//! What can go wrong with an HTTP exchange, typed so that every caller can tell an unreachable
//! host from a server's refusal from a broken exchange (see [`NetError::kind`]), and worded as
//! one line with its cause for the listener.

use std::time::Duration;

use crate::model::{Failure, FailureKind};

use super::redirect::MAX_REDIRECTS;

/// Why a request (with its redirects) or the body of its answer failed. Each names the URL
/// where it happened: the hop that failed, not only the address asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetError {
    #[error("{} is not a usable address: {message}", shown(url))]
    BadUrl { url: String, message: String },
    /// No connection could be made, or it timed out.
    #[error("{}: {message}", shown(url))]
    Unreachable { url: String, message: String },
    /// The connection was made but no answer came within the caller's limit.
    #[error("{}: the server sent nothing for {} s", shown(url), after.as_secs_f32())]
    NoAnswer { url: String, after: Duration },
    /// The final answer (after redirects) was not a success.
    #[error("{}: the server answered {status}", shown(url))]
    Status { url: String, status: u16 },
    /// A redirect without a Location, or to something that is not an http(s) address.
    #[error("{}: a {status} redirect {}", shown(url), match location {
        Some(to) => format!("to an unusable address {:?}", crate::text::quote(to, 80)),
        None => "without a Location".to_owned(),
    })]
    BadRedirect {
        url: String,
        status: u16,
        location: Option<String>,
    },
    /// More than [`MAX_REDIRECTS`] hops.
    #[error("{}: too many redirects (more than {MAX_REDIRECTS})", shown(url))]
    TooManyRedirects { url: String },
    /// A hop led back to an address already visited on the way.
    #[error(
        "{}: too many redirects: a loop back to {} after {hops} hop(s)",
        shown(url),
        crate::text::quote(to, 100)
    )]
    RedirectLoop {
        url: String,
        to: String,
        hops: usize,
    },
    /// The exchange broke after it began: a body cut short, a protocol error.
    #[error("{}: {message}", shown(url))]
    Transfer { url: String, message: String },
    /// The body is longer than the caller accepts.
    #[error("{}: larger than the {} KiB limit", shown(url), limit / 1024)]
    TooLarge { url: String, limit: usize },
}

/// A URL as a message shows it: cut to 100 characters (tracking addresses run to thousands), so
/// the message stays one short line; [`NetError::url`] keeps it whole.
fn shown(url: &str) -> String {
    crate::text::quote(url, 100)
}

impl NetError {
    /// The kind of failure, for the core to decide on (offline, a status, another network
    /// failure) without reading the message.
    pub fn kind(&self) -> FailureKind {
        match self {
            NetError::Unreachable { .. } | NetError::NoAnswer { .. } => FailureKind::Offline,
            NetError::Status { status, .. } => FailureKind::HttpStatus(*status),
            NetError::BadRedirect { .. }
            | NetError::TooManyRedirects { .. }
            | NetError::RedirectLoop { .. }
            | NetError::Transfer { .. } => FailureKind::Network,
            NetError::BadUrl { .. } | NetError::TooLarge { .. } => FailureKind::Other,
        }
    }

    /// The URL the failure happened at.
    pub fn url(&self) -> &str {
        match self {
            NetError::BadUrl { url, .. }
            | NetError::Unreachable { url, .. }
            | NetError::NoAnswer { url, .. }
            | NetError::Status { url, .. }
            | NetError::BadRedirect { url, .. }
            | NetError::TooManyRedirects { url }
            | NetError::RedirectLoop { url, .. }
            | NetError::Transfer { url, .. }
            | NetError::TooLarge { url, .. } => url,
        }
    }

    /// What went wrong, without the URL (for messages that name it already).
    pub fn detail(&self) -> String {
        let text = self.to_string();
        match text.strip_prefix(&shown(self.url())) {
            Some(rest) => rest.trim_start_matches([':', ' ']).to_owned(),
            None => text,
        }
    }

    /// A failed request of `url`, from reqwest's error.
    pub(crate) fn from_request(url: &str, err: &reqwest::Error) -> NetError {
        let url = url.to_owned();
        let message = describe(err);
        if err.is_connect() || err.is_timeout() {
            NetError::Unreachable { url, message }
        } else if err.is_builder() {
            NetError::BadUrl { url, message }
        } else {
            NetError::Transfer { url, message }
        }
    }
}

impl From<NetError> for Failure {
    fn from(err: NetError) -> Failure {
        Failure::new(err.kind(), err.to_string())
    }
}

/// What kind of failure a reqwest error is: offline when no connection could be made or it
/// timed out, the status when a server refused, else a network one.
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
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_tracking_address_is_cut_in_the_message_and_kept_whole() {
        let url = format!("https://track.example/{}", "p".repeat(3000));
        let err = NetError::Status {
            url: url.clone(),
            status: 404,
        };
        let line = err.to_string();
        assert!(line.chars().count() <= 200, "{line}");
        assert!(line.ends_with("…: the server answered 404"), "{line}");
        assert_eq!(err.url(), url);
        assert_eq!(err.detail(), "the server answered 404");
    }

    #[test]
    fn kinds_follow_what_went_wrong() {
        let url = || "http://h/a".to_owned();
        let offline = NetError::Unreachable {
            url: url(),
            message: "could not connect".into(),
        };
        assert_eq!(offline.kind(), FailureKind::Offline);
        assert_eq!(
            NetError::NoAnswer {
                url: url(),
                after: Duration::from_secs(10)
            }
            .kind(),
            FailureKind::Offline
        );
        let status = NetError::Status {
            url: url(),
            status: 410,
        };
        assert_eq!(status.kind(), FailureKind::HttpStatus(410));
        assert_eq!(status.to_string(), "http://h/a: the server answered 410");
        assert_eq!(status.detail(), "the server answered 410");
        let looping = NetError::RedirectLoop {
            url: url(),
            to: "http://h/b".into(),
            hops: 2,
        };
        assert_eq!(looping.kind(), FailureKind::Network);
        assert!(looping.to_string().contains("too many redirects"));
        assert_eq!(
            NetError::TooManyRedirects { url: url() }.kind(),
            FailureKind::Network
        );
        let cut = NetError::Transfer {
            url: url(),
            message: "connection closed before message completed".into(),
        };
        assert_eq!(cut.kind(), FailureKind::Network);
    }

    #[test]
    fn a_bad_location_is_quoted_on_one_short_line() {
        let err = NetError::BadRedirect {
            url: "http://h/a".into(),
            status: 302,
            location: Some(format!("ftp://x/{}\n", "y".repeat(500))),
        };
        let text = err.to_string();
        assert!(text.len() < 200, "{text}");
        assert!(!text.contains('\n'), "{text}");
        assert_eq!(
            NetError::BadRedirect {
                url: "http://h/a".into(),
                status: 301,
                location: None
            }
            .to_string(),
            "http://h/a: a 301 redirect without a Location"
        );
    }
}
