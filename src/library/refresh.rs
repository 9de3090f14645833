//! Refreshing subscriptions: every feed in parallel (bounded), conditional GETs with the stored
//! validators, each feed parsed while it arrives (off the async threads), and one store write
//! per feed as soon as it is read.
//!
//! A 304 costs no parse and no episode write (only the check time). One broken or unreachable
//! feed never stops the others. A permanent redirect or `itunes:new-feed-url` moves the stored
//! feed URL; an unresolved subscription (the default netstack.fm entry) is resolved first.

use std::sync::Arc;

use serde::Serialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::config::Endpoints;
use crate::discover;
use crate::feed::{self, Purpose, Read, Unread, Validators};
use crate::model::{Failure, FailureKind};
use crate::store::{FeedMove, Store, StoreError};

/// How many feeds are fetched at once.
pub const PARALLEL_FETCHES: usize = 8;

/// What happened to one feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedStatus {
    Updated,
    Unchanged,
    Offline,
    Error,
}

/// One line of `refresh --json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub title: String,
    pub feed_url: Option<String>,
    pub status: FeedStatus,
    pub new_episodes: usize,
    /// The new episodes that went to the inbox (what automatic queueing and downloads act on).
    #[serde(skip)]
    pub arrived: Vec<i64>,
    /// Why the feed could not be refreshed (or a note on what was done instead); printed as its
    /// message.
    #[serde(serialize_with = "message")]
    pub error: Option<Failure>,
}

fn message<S: serde::Serializer>(failure: &Option<Failure>, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_some(&failure.as_ref().map(|f| f.message.as_str()))
}

/// A feed read (or found unchanged), ready to be written, or why it could not be.
struct Outcome {
    id: i64,
    resolved: Option<String>,
    result: Result<Read, Failure>,
}

/// Refreshes the subscriptions `ids` (all when empty) and writes what changed.
pub async fn refresh(
    store: &mut Store,
    client: &reqwest::Client,
    ids: &[i64],
    endpoints: &Endpoints,
    now: i64,
) -> Result<Vec<Report>, StoreError> {
    let summaries: Vec<_> = store
        .podcasts()?
        .into_iter()
        .filter(|p| ids.is_empty() || ids.contains(&p.id))
        .collect();
    let limit = Arc::new(Semaphore::new(PARALLEL_FETCHES));
    let mut tasks = JoinSet::new();
    for summary in &summaries {
        let validators = store.validators(summary.id)?;
        let (client, limit, endpoints) = (client.clone(), limit.clone(), endpoints.clone());
        let (id, url, key) = (
            summary.id,
            summary.feed_url.clone(),
            summary.lookup_key.clone(),
        );
        tasks.spawn(async move {
            // Held until the feed is written: at most PARALLEL_FETCHES feeds are being read or
            // wait to be written, however large the library.
            let permit = limit.acquire_owned().await.ok();
            (
                fetch_one(&client, id, url, key, validators, &endpoints).await,
                permit,
            )
        });
    }
    // Each feed is written as soon as it is read (while others are still being fetched).
    let mut reports: Vec<Option<Report>> = vec![None; summaries.len()];
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((mut outcome, permit)) => {
                if let Some(at) = summaries.iter().position(|s| s.id == outcome.id) {
                    reports[at] = Some(apply(store, &summaries[at], &mut outcome, now)?);
                }
                drop(outcome);
                drop(permit);
            }
            Err(e) => tracing::error!("a refresh task failed: {e}"),
        }
    }
    Ok(summaries
        .iter()
        .zip(reports)
        .map(|(summary, report)| {
            report.unwrap_or_else(|| Report {
                title: summary.title.clone(),
                feed_url: summary.feed_url.clone(),
                status: FeedStatus::Error,
                new_episodes: 0,
                arrived: Vec::new(),
                error: Some(Failure::new(
                    FailureKind::Other,
                    "the refresh task stopped unexpectedly",
                )),
            })
        })
        .collect())
}

async fn fetch_one(
    client: &reqwest::Client,
    id: i64,
    url: Option<String>,
    lookup_key: Option<String>,
    validators: Validators,
    endpoints: &Endpoints,
) -> Outcome {
    let mut resolved = None;
    let url = match url {
        Some(url) => url,
        None => match resolve(client, lookup_key.as_deref(), endpoints).await {
            Ok(url) => {
                resolved = Some(url.clone());
                url
            }
            Err(failure) => {
                return Outcome {
                    id,
                    resolved,
                    result: Err(failure),
                };
            }
        },
    };
    let validators = if resolved.is_some() {
        None
    } else {
        Some(&validators)
    };
    let result = feed::read_feed(client, &url, validators, Purpose::Store)
        .await
        .map_err(|Unread { error, .. }| Failure::from(error));
    Outcome {
        id,
        resolved,
        result,
    }
}

async fn resolve(
    client: &reqwest::Client,
    lookup_key: Option<&str>,
    endpoints: &Endpoints,
) -> Result<String, Failure> {
    match lookup_key {
        Some(super::NETSTACK_KEY) => discover::netstack::resolve_netstack(
            client,
            &endpoints.apple_lookup,
            &endpoints.netstack_site,
        )
        .await
        .map_err(|e| Failure::new(e.kind(), format!("finding the netstack.fm feed: {e}"))),
        other => Err(Failure::new(
            FailureKind::Other,
            format!("the subscription has no feed URL (lookup key {other:?})"),
        )),
    }
}

fn apply(
    store: &mut Store,
    summary: &crate::store::PodcastSummary,
    outcome: &mut Outcome,
    now: i64,
) -> Result<Report, StoreError> {
    let mut report = Report {
        title: summary.title.clone(),
        feed_url: summary.feed_url.clone(),
        status: FeedStatus::Unchanged,
        new_episodes: 0,
        arrived: Vec::new(),
        error: None,
    };
    if let Some(url) = &outcome.resolved {
        match store.set_feed_url(summary.id, url, FeedMove::Declared) {
            Ok(()) => report.feed_url = Some(url.clone()),
            // The listener already subscribed to this feed by hand: the first-run entry is a
            // duplicate of it, so it goes, and that subscription carries on.
            Err(StoreError::FeedUrlTaken { .. }) => {
                store.remove_podcast(summary.id)?;
                report.feed_url = Some(url.clone());
                report.error = Some(Failure::new(
                    FailureKind::Other,
                    "already subscribed under this feed URL; the duplicate was removed",
                ));
                return Ok(report);
            }
            Err(e) => return Err(e),
        }
    }
    match &outcome.result {
        Err(failure) => {
            store.record_check(summary.id, now, None, Some(&failure.message))?;
            report.status = if failure.is_offline() {
                FeedStatus::Offline
            } else {
                FeedStatus::Error
            };
            report.error = Some(failure.clone());
        }
        Ok(Read::NotModified { moved_to }) => {
            store.record_check(summary.id, now, None, None)?;
            // The new address answered 304 to the validators sent: they hold there too.
            if let Some(url) = moved_to {
                move_feed(
                    store,
                    summary.id,
                    &mut report,
                    url.clone(),
                    FeedMove::Followed,
                );
            }
        }
        Ok(Read::Parsed {
            podcast,
            validators,
            final_url,
            moved,
            ..
        }) => {
            let saved = store.save_feed(summary.id, podcast, validators, now)?;
            report.title = podcast.title.clone();
            report.new_episodes = saved.new_episodes;
            report.arrived.clone_from(&saved.arrived);
            if saved.new_episodes > 0 || saved.updated_episodes > 0 || outcome.resolved.is_some() {
                report.status = FeedStatus::Updated;
            }
            let declared = podcast
                .new_feed_url
                .clone()
                .filter(|u| Some(u) != report.feed_url.as_ref());
            if let Some(url) = declared {
                move_feed(store, summary.id, &mut report, url, FeedMove::Declared);
            } else if *moved {
                move_feed(
                    store,
                    summary.id,
                    &mut report,
                    final_url.clone(),
                    FeedMove::Followed,
                );
            }
        }
    }
    Ok(report)
}

/// Keeps `url` as the feed's address from now on; a failure (another subscription already
/// there) is the report's error.
fn move_feed(store: &mut Store, id: i64, report: &mut Report, url: String, how: FeedMove) {
    match store.set_feed_url(id, &url, how) {
        Ok(()) => report.feed_url = Some(url),
        Err(e) => report.error = Some(Failure::from(e)),
    }
}
