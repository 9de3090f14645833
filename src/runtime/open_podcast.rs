//! `netstack-tui PODCAST`: the podcast the player opens on. A subscribed podcast (its title or
//! feed URL) is selected; a feed URL or file that is not subscribed is read and shown without
//! subscribing.

use std::path::{Path, PathBuf};

use super::event::{Event, Events};
use crate::core::{Input, PodcastId};
use crate::feed::{self, Fetched};
use crate::library::find_podcast;
use crate::model::{Failure, FailureKind, Podcast};
use crate::store::PodcastSummary;

/// What PODCAST names.
#[derive(Debug, PartialEq, Eq)]
pub enum Opening {
    /// A subscription: the player opens on it.
    Subscribed(PodcastId),
    /// A feed outside the library, at a URL or in a file, shown without subscribing.
    Feed { url: String, file: Option<PathBuf> },
}

/// Tried in order, as the scripting commands do: a URL (it has a scheme), an existing file, a
/// subscribed podcast's title. The error says why nothing matched.
pub fn resolve(arg: &str, subscriptions: &[PodcastSummary]) -> Result<Opening, String> {
    let subscribed = |url: &str| {
        subscriptions
            .iter()
            .find(|p| p.feed_url.as_deref() == Some(url))
            .map(|p| Opening::Subscribed(p.id))
    };
    if has_scheme(arg) {
        return Ok(subscribed(arg).unwrap_or_else(|| Opening::Feed {
            url: arg.to_owned(),
            file: None,
        }));
    }
    let path = Path::new(arg);
    if path.is_file() {
        let full = std::fs::canonicalize(path).map_err(|e| format!("{arg}: {e}"))?;
        let url = url::Url::from_file_path(&full)
            .map_err(|()| format!("{arg}: not a usable path"))?
            .to_string();
        return Ok(subscribed(&url).unwrap_or(Opening::Feed {
            url,
            file: Some(full),
        }));
    }
    find_podcast(subscriptions, arg)
        .map(|p| Opening::Subscribed(p.id))
        .map_err(|e| e.to_string())
}

fn has_scheme(arg: &str) -> bool {
    arg.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// Reads the feed of an [`Opening::Feed`] and sends it to the player (or why it could not).
pub async fn show(client: reqwest::Client, url: String, file: Option<PathBuf>, events: Events) {
    let (url, outcome) = match file {
        Some(path) => (url.clone(), read_file(path, url).await),
        None => fetch(&client, &url, &events).await,
    };
    let _ = events.send(Event::Input(Input::PreviewLoaded {
        url,
        outcome: outcome.map(Box::new),
    }));
}

/// The feed at `url`; the URL returned is the address a subscription records: where permanent
/// redirects moved it, never where a temporary (tracking) hop led.
async fn fetch(
    client: &reqwest::Client,
    url: &str,
    events: &Events,
) -> (String, Result<Podcast, Failure>) {
    let fetched = feed::fetch(client, url, None).await.map_err(Failure::from);
    if !fetched.as_ref().is_err_and(Failure::is_offline) {
        let _ = events.send(Event::Input(Input::Connectivity { online: true }));
    }
    match fetched {
        Ok(Fetched::Body {
            bytes,
            final_url,
            address,
            ..
        }) => {
            let base = final_url.clone();
            let parsed =
                tokio::task::spawn_blocking(move || feed::parse_feed(&bytes, Some(&base))).await;
            let outcome = match parsed {
                Ok(parsed) => parsed.map_err(|e| Failure::from(e).context(&final_url)),
                Err(e) => Err(Failure::from_error(FailureKind::Other, &e)
                    .context(format!("reading {final_url}"))),
            };
            (address, outcome)
        }
        Ok(Fetched::NotModified { .. }) => (
            url.to_owned(),
            Err(Failure::new(
                FailureKind::Network,
                format!("fetching {url}: the server answered 304 to an unconditional request"),
            )),
        ),
        Err(failure) => (url.to_owned(), Err(failure)),
    }
}

async fn read_file(path: PathBuf, url: String) -> Result<Podcast, Failure> {
    tokio::task::spawn_blocking(move || {
        let bytes = std::fs::read(&path).map_err(|e| {
            Failure::from_error(FailureKind::Disk, &e)
                .context(format!("reading {}", path.display()))
        })?;
        feed::parse_feed(&bytes, Some(&url)).map_err(|e| Failure::from(e).context(path.display()))
    })
    .await
    .unwrap_or_else(|e| {
        Err(Failure::from_error(FailureKind::Other, &e).context("reading the feed"))
    })
}

#[cfg(test)]
#[path = "open_podcast_tests.rs"]
mod tests;
