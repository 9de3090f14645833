//! Fetching and parsing a feed in one go, the parse running while the body arrives (see
//! [`FeedStream`]): what `add` and `refresh` do with every feed. [`read_feed_handing_over`]
//! also hands the episodes over while the feed is read, with how far the download has come.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use super::error::FeedError;
use super::fetch::{Answer, Opened, Validators, open};
use super::parse::{Batches, FeedStream, Purpose, Rejected, outlet};
use crate::model::Podcast;

/// What reading a feed found.
#[derive(Debug)]
pub enum Read {
    /// 304: not changed since the validators were given; `moved_to` is the address to keep
    /// when permanent redirects led to the answer.
    NotModified { moved_to: Option<String> },
    Parsed {
        podcast: Box<Podcast>,
        validators: Validators,
        /// Where the document came from, after every redirect.
        final_url: String,
        /// Every redirect on the way was permanent: the feed has moved.
        moved: bool,
        /// The feed's address to keep (moved only by permanent redirects).
        address: String,
    },
}

/// Why reading a feed gave no podcast.
#[derive(Debug)]
pub struct Unread {
    pub error: FeedError,
    /// The document and where it came from, when it was not recognised as a feed from its
    /// start (a web page that may link to the feed).
    pub page: Option<(String, Vec<u8>)>,
}

impl From<FeedError> for Unread {
    fn from(error: FeedError) -> Unread {
        Unread { error, page: None }
    }
}

/// Fetches `url` (conditionally when `validators` are given) and parses the feed as it
/// arrives. A document that is no feed comes back whole in the error when it was not
/// recognised as one from its start (a web page, for autodiscovery).
pub async fn read_feed(
    client: &reqwest::Client,
    url: &str,
    validators: Option<&Validators>,
    purpose: Purpose,
) -> Result<Read, Unread> {
    let body = match open(client, url, validators).await? {
        Answer::NotModified { moved_to } => return Ok(Read::NotModified { moved_to }),
        Answer::Body(body) => body,
    };
    let parser = FeedStream::start(body.final_url.clone(), purpose);
    parse_body(body, parser, None).await
}

/// How far the download of a feed read by [`read_feed_handing_over`] has come.
#[derive(Debug)]
pub struct Progress {
    started: Instant,
    received: AtomicU64,
    /// The announced length (0 when unknown).
    expected: AtomicU64,
    done: AtomicBool,
    address: OnceLock<String>,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            started: Instant::now(),
            received: AtomicU64::new(0),
            expected: AtomicU64::new(0),
            done: AtomicBool::new(false),
            address: OnceLock::new(),
        }
    }

    /// The feed's address to keep (see [`Read::Parsed`]), once the answer came.
    pub fn address(&self) -> Option<&str> {
        self.address.get().map(String::as_str)
    }

    /// Whether the rest of the body is expected within `within` at the pace so far: it has all
    /// arrived, or its announced length is that close.
    pub fn ends_within(&self, within: Duration) -> bool {
        if self.done.load(Ordering::Acquire) {
            return true;
        }
        let expected = self.expected.load(Ordering::Relaxed);
        let received = self.received.load(Ordering::Relaxed);
        if expected == 0 || received == 0 {
            return false;
        }
        let rest = expected.saturating_sub(received) as f64;
        let pace = received as f64 / self.started.elapsed().as_secs_f64().max(1e-6);
        rest / pace <= within.as_secs_f64()
    }
}

/// [`read_feed`] (unconditional) on a task of its own, handing the episodes over in batches as
/// they are parsed (see [`FeedStream::start_handing_over`]); the podcast it ends with holds only
/// the episodes not handed over.
pub fn read_feed_handing_over(
    client: reqwest::Client,
    url: String,
    purpose: Purpose,
) -> (
    Batches,
    Arc<Progress>,
    tokio::task::JoinHandle<Result<Read, Unread>>,
) {
    let progress = Arc::new(Progress::new());
    let (outlet, batches) = outlet();
    let told = progress.clone();
    // The batches end when the parser's outlet is dropped (or this one, on a failure before).
    let reading = tokio::spawn(async move {
        let body = match open(&client, &url, None).await? {
            Answer::NotModified { moved_to } => return Ok(Read::NotModified { moved_to }),
            Answer::Body(body) => body,
        };
        let _ = told.address.set(body.address.clone());
        told.expected
            .store(body.expected_len() as u64, Ordering::Relaxed);
        let parser = FeedStream::start_handing_over(body.final_url.clone(), purpose, outlet);
        parse_body(body, parser, Some(&told)).await
    });
    (batches, progress, reading)
}

async fn parse_body(
    mut body: Box<Opened>,
    mut parser: FeedStream,
    progress: Option<&Progress>,
) -> Result<Read, Unread> {
    // A network failure drops the parser, which stops it.
    while let Some(chunk) = body.chunk().await? {
        if let Some(progress) = progress {
            progress
                .received
                .fetch_add(chunk.len() as u64, Ordering::Relaxed);
        }
        if !parser.push(chunk).await {
            break;
        }
    }
    if let Some(progress) = progress {
        progress.done.store(true, Ordering::Release);
    }
    let podcast = parser
        .finish()
        .await
        .map_err(|Rejected { error, document }| Unread {
            error,
            page: (!document.is_empty()).then(|| (body.final_url.clone(), document)),
        })?;
    Ok(Read::Parsed {
        podcast: Box::new(podcast),
        validators: body.validators,
        final_url: body.final_url,
        moved: body.moved,
        address: body.address,
    })
}
