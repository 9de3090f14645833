//! Subscribing: a feed URL, or a web page that advertises its feed (autodiscovery).

use crate::discover::autodiscovery;
use crate::feed::{self, FeedError, Fetched};
use crate::model::{Failure, FailureKind, Podcast};
use crate::store::{SaveReport, Store, StoreError};

/// Why a subscription could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SubscribeError {
    #[error(transparent)]
    Feed(#[from] FeedError),
    #[error("{url} is neither a feed nor a page that links to one")]
    NoFeed { url: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SubscribeError {
    /// What kind of failure it is: the feed's, the library's, or a page that names no feed.
    pub fn kind(&self) -> FailureKind {
        match self {
            SubscribeError::Feed(e) => e.kind(),
            SubscribeError::NoFeed { .. } => FailureKind::Parse,
            SubscribeError::Store(e) => e.kind(),
        }
    }
}

impl From<SubscribeError> for Failure {
    fn from(err: SubscribeError) -> Failure {
        Failure::from_error(err.kind(), &err)
    }
}

/// A new (or refreshed) subscription.
pub struct Subscribed {
    pub id: i64,
    pub feed_url: String,
    pub podcast: Podcast,
    pub saved: SaveReport,
}

/// Subscribes to `url`: a feed, or a page whose `<link rel="alternate">` names one.
pub async fn subscribe(
    store: &mut Store,
    client: &reqwest::Client,
    url: &str,
    now: i64,
) -> Result<Subscribed, SubscribeError> {
    let started = std::time::Instant::now();
    let (bytes, validators, final_url, address) = fetch_body(client, url).await?;
    let fetched = started.elapsed();
    let parsed = parse(bytes.clone(), final_url.clone()).await;
    let parsed_at = started.elapsed();
    let (podcast, validators, feed_url) = match parsed {
        Ok(podcast) => (podcast, validators, address),
        Err(FeedError::NotAFeed(_) | FeedError::Malformed(_)) => {
            let page_url = url::Url::parse(&final_url).map_err(|_| SubscribeError::NoFeed {
                url: final_url.clone(),
            })?;
            let html = String::from_utf8_lossy(&bytes);
            let link = autodiscovery::feed_links(&html, &page_url)
                .into_iter()
                .next()
                .ok_or_else(|| SubscribeError::NoFeed {
                    url: final_url.clone(),
                })?;
            let (bytes, validators, final_url, address) =
                fetch_body(client, link.url.as_str()).await?;
            (parse(bytes, final_url).await?, validators, address)
        }
        Err(e) => return Err(e.into()),
    };
    let id = store.add_podcast(&feed_url)?;
    let saved = store.save_feed(id, &podcast, &validators, now)?;
    tracing::info!(
        "subscribed to {feed_url}: fetched {} KB in {:?}, parsed by {:?}, saved by {:?}",
        bytes.len() / 1024,
        fetched,
        parsed_at,
        started.elapsed()
    );
    Ok(Subscribed {
        id,
        feed_url,
        podcast,
        saved,
    })
}

/// The document at `url`, its validators, where it came from (the base for its relative links)
/// and the address to keep (moved only by permanent redirects).
async fn fetch_body(
    client: &reqwest::Client,
    url: &str,
) -> Result<(Vec<u8>, feed::Validators, String, String), FeedError> {
    match feed::fetch(client, url, None).await? {
        Fetched::Body {
            bytes,
            validators,
            final_url,
            address,
            ..
        } => Ok((bytes, validators, final_url, address)),
        Fetched::NotModified => Err(FeedError::Http {
            url: url.to_owned(),
            message: "the server answered 304 to an unconditional request".into(),
        }),
    }
}

async fn parse(bytes: Vec<u8>, base: String) -> Result<Podcast, FeedError> {
    tokio::task::spawn_blocking(move || feed::parse_feed(&bytes, Some(&base)))
        .await
        .map_err(|e| FeedError::Malformed(format!("parsing stopped: {e}")))?
}
