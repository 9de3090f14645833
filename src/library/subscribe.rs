//! Subscribing: a feed URL, or a web page that advertises its feed (autodiscovery).

use crate::discover::autodiscovery;
use crate::feed::{self, FeedError, Purpose, Read, Unread};
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

/// Subscribes to `url`: a feed, or a page whose `<link rel="alternate">` names one. The feed
/// is parsed while it arrives and stored in one transaction.
pub async fn subscribe(
    store: &mut Store,
    client: &reqwest::Client,
    url: &str,
    now: i64,
) -> Result<Subscribed, SubscribeError> {
    let started = std::time::Instant::now();
    let (podcast, validators, feed_url) = match read(client, url).await {
        Ok(found) => found,
        Err(Unread {
            error: FeedError::NotAFeed(_) | FeedError::Malformed(_),
            page: Some((page_url, html)),
        }) => {
            let page = url::Url::parse(&page_url).map_err(|_| SubscribeError::NoFeed {
                url: page_url.clone(),
            })?;
            let html = String::from_utf8_lossy(&html);
            let link = autodiscovery::feed_links(&html, &page)
                .into_iter()
                .next()
                .ok_or_else(|| SubscribeError::NoFeed {
                    url: page_url.clone(),
                })?;
            read(client, link.url.as_str())
                .await
                .map_err(|unread| SubscribeError::Feed(unread.error))?
        }
        Err(unread) => return Err(unread.error.into()),
    };
    let parsed = started.elapsed();
    let id = store.add_podcast(&feed_url)?;
    let saved = store.save_feed(id, &podcast, &validators, now)?;
    tracing::info!(
        "subscribed to {feed_url}: {} episodes fetched and parsed in {parsed:?}, saved by {:?}",
        podcast.episodes.len(),
        started.elapsed()
    );
    Ok(Subscribed {
        id,
        feed_url,
        podcast,
        saved,
    })
}

/// The feed at `url` (parsed for the library), its validators and the address to keep (moved
/// only by permanent redirects).
async fn read(
    client: &reqwest::Client,
    url: &str,
) -> Result<(Podcast, feed::Validators, String), Unread> {
    match feed::read_feed(client, url, None, Purpose::Store).await? {
        Read::Parsed {
            podcast,
            validators,
            address,
            ..
        } => Ok((*podcast, validators, address)),
        Read::NotModified => Err(FeedError::Http {
            url: url.to_owned(),
            message: "the server answered 304 to an unconditional request".into(),
        }
        .into()),
    }
}
