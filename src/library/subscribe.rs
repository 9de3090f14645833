//! Subscribing: a feed URL, or a web page that advertises its feed (autodiscovery).

use std::time::{Duration, Instant};

use crate::discover::autodiscovery;
use crate::feed::{self, FeedError, Purpose, Read, Unread};
use crate::model::{Episode, Failure, FailureKind, Podcast};
use crate::store::{FeedSave, SaveReport, Store, StoreError};

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
    /// The podcast's title as the feed gives it.
    pub title: String,
    /// How many episodes the feed lists.
    pub episodes: usize,
    pub saved: SaveReport,
}

/// How soon the rest of a feed must be expected before its episodes start to be stored while
/// it is read: the library's write lock is held from then until the feed is stored, so other
/// writers (the player saving a position) wait at most about this long plus the save. A feed
/// arriving slower is held in memory (up to [`HOLD`] episodes) and stored once read.
const WRITE_AHEAD: Duration = Duration::from_millis(500);

/// Episodes held at most before they start to be stored, however slow the download or unknown
/// its length (a compressed answer gives none): a big feed is never held whole in memory; the
/// stall rule below still lets other writers in while the rest arrives.
const HOLD: usize = 1000;

/// How long the download may stall while episodes are being stored before what was stored is
/// committed, freeing the library for other writers until more comes.
const STALL: Duration = Duration::from_secs(1);

/// Subscribes to `url`: a feed, or a page whose `<link rel="alternate">` names one. The feed
/// is parsed while it arrives and stored in one transaction, while it is parsed when it
/// arrives fast (see [`WRITE_AHEAD`]) or once [`HOLD`] episodes are waiting.
pub async fn subscribe(
    store: &mut Store,
    client: &reqwest::Client,
    url: &str,
    now: i64,
) -> Result<Subscribed, SubscribeError> {
    subscribe_in(&mut Library::Open(store), client, url, now).await
}

/// [`subscribe`] in the library that `opening` opens (on a blocking thread), fetching the feed
/// meanwhile: a new library's tables are made while the feed's first bytes come.
pub async fn subscribe_opening(
    opening: tokio::task::JoinHandle<Result<Store, StoreError>>,
    client: &reqwest::Client,
    url: &str,
    now: i64,
) -> Result<Subscribed, SubscribeError> {
    subscribe_in(&mut Library::Opening(Some(opening), None), client, url, now).await
}

/// The library a subscription is stored in: open, or being opened.
enum Library<'a> {
    Open(&'a mut Store),
    Opening(
        Option<tokio::task::JoinHandle<Result<Store, StoreError>>>,
        Option<Store>,
    ),
}

impl Library<'_> {
    async fn get(&mut self) -> Result<&mut Store, StoreError> {
        match self {
            Library::Open(store) => Ok(store),
            Library::Opening(opening, opened) => {
                if let Some(opening) = opening.take() {
                    let store = opening.await.map_err(|stopped| StoreError::Io {
                        doing: "opening the library".into(),
                        cause: std::io::Error::other(format!("its thread stopped: {stopped}")),
                    })??;
                    *opened = Some(store);
                }
                opened.as_mut().ok_or_else(|| StoreError::Io {
                    doing: "opening the library".into(),
                    cause: std::io::Error::other("it could not be opened before"),
                })
            }
        }
    }
}

async fn subscribe_in(
    library: &mut Library<'_>,
    client: &reqwest::Client,
    url: &str,
    now: i64,
) -> Result<Subscribed, SubscribeError> {
    let started = Instant::now();
    let subscribed = match store_feed(library, client, url, now).await {
        Ok(subscribed) => subscribed,
        Err(Failed::Read(Unread {
            error: FeedError::NotAFeed(_) | FeedError::Malformed(_),
            page: Some((page_url, html)),
        })) => {
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
            store_feed(library, client, link.url.as_str(), now)
                .await
                .map_err(SubscribeError::from)?
        }
        Err(failed) => return Err(failed.into()),
    };
    tracing::info!(
        "subscribed to {}: {} episodes fetched, parsed and saved in {:?}",
        subscribed.feed_url,
        subscribed.episodes,
        started.elapsed()
    );
    Ok(subscribed)
}

/// Why storing one feed failed.
enum Failed {
    Read(Unread),
    Store(StoreError),
}

impl From<StoreError> for Failed {
    fn from(error: StoreError) -> Failed {
        Failed::Store(error)
    }
}

impl From<Failed> for SubscribeError {
    fn from(failed: Failed) -> SubscribeError {
        match failed {
            Failed::Read(unread) => SubscribeError::Feed(unread.error),
            Failed::Store(error) => SubscribeError::Store(error),
        }
    }
}

/// Reads the feed at `url` (parsed for the library) and stores it under the address to keep
/// (moved only by permanent redirects), its episodes while the rest is parsed once the rest is
/// expected soon.
async fn store_feed(
    library: &mut Library<'_>,
    client: &reqwest::Client,
    url: &str,
    now: i64,
) -> Result<Subscribed, Failed> {
    let (mut batches, progress, reading) =
        feed::read_feed_handing_over(client.clone(), url.to_owned(), Purpose::Store);
    let mut waiting: Vec<Episode> = Vec::new();
    let mut handed_over = 0;
    let mut more = true;
    while progress.address().is_none()
        || !(progress.ends_within(WRITE_AHEAD) || waiting.len() >= HOLD)
    {
        match batches.recv().await {
            Some(batch) => {
                handed_over += batch.len();
                waiting.extend(batch);
            }
            None => {
                more = false;
                break;
            }
        }
    }
    match progress.address().filter(|_| more) {
        Some(address) => {
            let mut save = library.get().await?.begin_feed_save(address)?;
            save.add(waiting)?;
            loop {
                match tokio::time::timeout(STALL, batches.recv()).await {
                    Ok(Some(batch)) => {
                        handed_over += batch.len();
                        save.add(batch)?;
                    }
                    Ok(None) => break,
                    Err(_) => save.pause()?,
                }
            }
            finish(save, read(reading, url).await?, handed_over, now)
        }
        None => {
            let (podcast, validators, address) = read(reading, url).await?;
            let mut save = library.get().await?.begin_feed_save(&address)?;
            save.add(waiting)?;
            finish(save, (podcast, validators, address), handed_over, now)
        }
    }
}

/// Stores the podcast's own fields and the episodes not handed over, and commits.
fn finish(
    save: FeedSave<'_>,
    (podcast, validators, address): (Podcast, feed::Validators, String),
    handed_over: usize,
    now: i64,
) -> Result<Subscribed, Failed> {
    let title = podcast.title.clone();
    let episodes = handed_over + podcast.episodes.len();
    let (id, saved) = save.finish(podcast, &validators, now)?;
    Ok(Subscribed {
        id,
        feed_url: address,
        title,
        episodes,
        saved,
    })
}

/// The end of reading the feed at `url`: the podcast (with the episodes not handed over), its
/// validators and the address to keep.
async fn read(
    reading: tokio::task::JoinHandle<Result<Read, Unread>>,
    url: &str,
) -> Result<(Podcast, feed::Validators, String), Failed> {
    let read = reading
        .await
        .map_err(|e| Unread::from(FeedError::Malformed(format!("reading stopped: {e}"))))
        .and_then(|read| read);
    match read.map_err(Failed::Read)? {
        Read::Parsed {
            podcast,
            validators,
            address,
            ..
        } => Ok((*podcast, validators, address)),
        Read::NotModified { .. } => Err(Failed::Read(
            FeedError::Http {
                url: url.to_owned(),
                message: "the server answered 304 to an unconditional request".into(),
            }
            .into(),
        )),
    }
}
