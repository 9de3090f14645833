//! Subscriptions: adding (by feed URL, or unresolved by a lookup key), removing, moving a feed,
//! recording checks, and the subscription list with its counts.

use std::path::PathBuf;

use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use super::error::{Doing, StoreError};
use super::{Store, Validators, text_path};
use crate::model::Podcast;

/// One line of the subscription list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PodcastSummary {
    pub id: i64,
    /// Empty until the feed was fetched once (show the URL or lookup key instead).
    pub title: String,
    /// `None` while the subscription is not resolved to a feed yet.
    pub feed_url: Option<String>,
    /// How an unresolved subscription is found, e.g. `apple:1829783579`.
    pub lookup_key: Option<String>,
    pub episodes: usize,
    pub unplayed: usize,
    /// When the feed was last checked (unix seconds), successful or not.
    pub last_checked: Option<i64>,
    /// Why the last check failed; `None` after a success.
    pub last_error: Option<String>,
}

const NEXT_POSITION: &str = "(SELECT coalesce(max(position), -1) + 1 FROM podcasts)";

/// How a subscription came to a new feed URL, which decides whether its validators still hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedMove {
    /// Permanent redirects led there: the validators are the new URL's own.
    Followed,
    /// The feed or a lookup named it: the old URL's validators mean nothing there.
    Declared,
}

impl Store {
    /// Subscribes to a feed; subscribing again to the same URL returns the existing id.
    pub fn add_podcast(&mut self, feed_url: &str) -> Result<i64, StoreError> {
        let doing = || format!("adding the podcast {feed_url}");
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .doing(doing)?;
        let id = add_feed(&tx, feed_url, None).doing(doing)?;
        tx.commit().doing(doing)?;
        Ok(id)
    }

    /// Subscribes to several feeds in one transaction (an OPML import), each with an optional
    /// title to show until its first fetch. Returns the ids in input order; URLs already
    /// subscribed keep their row and title.
    pub fn import_podcasts<'a>(
        &mut self,
        feeds: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    ) -> Result<Vec<i64>, StoreError> {
        let doing = || "importing podcasts".to_owned();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .doing(doing)?;
        let mut ids = Vec::new();
        for (url, title) in feeds {
            ids.push(add_feed(&tx, url, title).doing(|| format!("adding the podcast {url}"))?);
        }
        tx.commit().doing(doing)?;
        Ok(ids)
    }

    /// Subscribes to a podcast known only by a lookup key (e.g. `apple:1829783579`) until its
    /// feed URL is resolved with [`Store::set_feed_url`]. Idempotent on the key.
    pub fn add_unresolved(&mut self, lookup_key: &str, title: &str) -> Result<i64, StoreError> {
        let doing = || format!("adding the podcast {lookup_key}");
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .doing(doing)?;
        let existing = tx
            .query_row(
                "SELECT id FROM podcasts WHERE lookup_key = ?1",
                [lookup_key],
                |r| r.get(0),
            )
            .optional()
            .doing(doing)?;
        let id = match existing {
            Some(id) => id,
            None => {
                let sql = format!(
                    "INSERT INTO podcasts (lookup_key, title, position) VALUES (?1, ?2, {NEXT_POSITION})"
                );
                tx.execute(&sql, params![lookup_key, title]).doing(doing)?;
                tx.last_insert_rowid()
            }
        };
        tx.commit().doing(doing)?;
        Ok(id)
    }

    /// Unsubscribes, forgetting the podcast's episodes, chapters, positions and cache records.
    /// Returns the files the library pointed to (downloads, stream caches) for the caller to
    /// delete.
    pub fn remove_podcast(&mut self, podcast_id: i64) -> Result<Vec<PathBuf>, StoreError> {
        let doing = || format!("removing podcast {podcast_id}");
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .doing(doing)?;
        require_podcast(&tx, podcast_id, doing)?;
        let files = {
            let mut stmt = tx
                .prepare(
                    "SELECT download_path FROM episodes
                     WHERE podcast_id = ?1 AND download_path IS NOT NULL
                     UNION ALL
                     SELECT c.path FROM cache_files c JOIN episodes e ON e.id = c.episode_id
                     WHERE e.podcast_id = ?1",
                )
                .doing(doing)?;
            stmt.query_map([podcast_id], |r| r.get::<_, Option<String>>(0))
                .doing(doing)?
                .filter_map(|r| r.map(text_path).transpose())
                .collect::<Result<Vec<_>, _>>()
                .doing(doing)?
        };
        tx.execute("DELETE FROM podcasts WHERE id = ?1", [podcast_id])
            .doing(doing)?;
        tx.commit().doing(doing)?;
        Ok(files)
    }

    /// Points a subscription at a new feed URL: where permanent redirects led, or an address
    /// declared (`itunes:new-feed-url`, resolving an unresolved subscription). The validators
    /// stay only when the redirects were followed (the new URL gave them or answered 304 to
    /// them). Fails with [`StoreError::FeedUrlTaken`] when another subscription already uses `url`.
    pub fn set_feed_url(
        &mut self,
        podcast_id: i64,
        url: &str,
        how: FeedMove,
    ) -> Result<(), StoreError> {
        let doing = || format!("moving podcast {podcast_id} to {url}");
        let keep = how == FeedMove::Followed;
        let result = self.conn.execute(
            "UPDATE podcasts SET feed_url = ?2,
                 etag = CASE WHEN ?3 THEN etag END,
                 last_modified = CASE WHEN ?3 THEN last_modified END
             WHERE id = ?1 AND feed_url IS NOT ?2",
            params![podcast_id, url, keep],
        );
        match result {
            Ok(_) => require_podcast(&self.conn, podcast_id, doing),
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
                let other_id = self
                    .conn
                    .query_row("SELECT id FROM podcasts WHERE feed_url = ?1", [url], |r| {
                        r.get(0)
                    })
                    .doing(doing)?;
                Err(StoreError::FeedUrlTaken {
                    podcast_id,
                    url: url.to_owned(),
                    other_id,
                })
            }
            Err(e) => Err(e).doing(doing),
        }
    }

    /// Records a check that brought no new feed: `304 Not Modified` (no error; `validators` when
    /// the answer carried fresh ones) or a failure (`error` is shown in the list until the next
    /// success). The only write for such a check.
    pub fn record_check(
        &mut self,
        podcast_id: i64,
        now: i64,
        validators: Option<&Validators>,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        let doing = || format!("recording a check of podcast {podcast_id}");
        let (set, etag, modified) = match validators {
            Some(v) => (true, v.etag.as_deref(), v.last_modified.as_deref()),
            None => (false, None, None),
        };
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE podcasts SET last_checked = ?2, last_error = ?3,
                     etag = CASE WHEN ?4 THEN ?5 ELSE etag END,
                     last_modified = CASE WHEN ?4 THEN ?6 ELSE last_modified END
                 WHERE id = ?1",
            )
            .and_then(|mut s| s.execute(params![podcast_id, now, error, set, etag, modified]))
            .doing(doing)?;
        if changed == 0 {
            return Err(not_found(doing(), podcast_id));
        }
        Ok(())
    }

    /// The validators to send with the next request for the podcast's feed.
    pub fn validators(&self, podcast_id: i64) -> Result<Validators, StoreError> {
        let doing = || format!("reading the validators of podcast {podcast_id}");
        self.conn
            .query_row(
                "SELECT etag, last_modified FROM podcasts WHERE id = ?1",
                [podcast_id],
                |r| {
                    Ok(Validators {
                        etag: r.get(0)?,
                        last_modified: r.get(1)?,
                    })
                },
            )
            .optional()
            .doing(doing)?
            .ok_or_else(|| not_found(doing(), podcast_id))
    }

    /// Every subscription in list order, with episode counts (one query).
    pub fn podcasts(&self) -> Result<Vec<PodcastSummary>, StoreError> {
        let doing = || "reading the subscriptions".to_owned();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT p.id, p.title, p.feed_url, p.lookup_key, p.last_checked, p.last_error,
                        count(e.id), coalesce(sum(e.played = 0), 0)
                 FROM podcasts p LEFT JOIN episodes e ON e.podcast_id = p.id
                 GROUP BY p.id ORDER BY p.position, p.id",
            )
            .doing(doing)?;
        stmt.query_map([], |r| {
            Ok(PodcastSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                feed_url: r.get(2)?,
                lookup_key: r.get(3)?,
                last_checked: r.get(4)?,
                last_error: r.get(5)?,
                episodes: count(r.get(6)?),
                unplayed: count(r.get(7)?),
            })
        })
        .doing(doing)?
        .collect::<Result<_, _>>()
        .doing(doing)
    }

    /// A podcast with its episodes newest first, as the feed described them (listener state is
    /// in [`Store::episode_rows`]).
    pub fn podcast(&self, podcast_id: i64) -> Result<Podcast, StoreError> {
        let doing = || format!("reading podcast {podcast_id}");
        let meta = self
            .conn
            .query_row(
                "SELECT title, link, description, image, author, feed_url, language FROM podcasts
                 WHERE id = ?1",
                [podcast_id],
                |r| {
                    Ok(Podcast {
                        title: r.get(0)?,
                        link: r.get(1)?,
                        description: r.get(2)?,
                        image: r.get(3)?,
                        author: r.get(4)?,
                        feed_url: r.get(5)?,
                        language: r.get(6)?,
                        new_feed_url: None,
                        episodes: Vec::new(),
                    })
                },
            )
            .optional()
            .doing(doing)?;
        let mut podcast = meta.ok_or_else(|| not_found(doing(), podcast_id))?;
        podcast.episodes = self
            .episode_rows(podcast_id)?
            .into_iter()
            .map(|row| row.episode)
            .collect();
        Ok(podcast)
    }

    /// The language the podcast's feed declares (`<language>`), if it was fetched with one.
    pub fn feed_language(&self, podcast_id: i64) -> Result<Option<String>, StoreError> {
        let doing = || format!("reading the language of podcast {podcast_id}");
        self.conn
            .prepare_cached("SELECT language FROM podcasts WHERE id = ?1")
            .and_then(|mut s| s.query_row([podcast_id], |r| r.get(0)).optional())
            .doing(doing)
            .map(Option::flatten)
    }
}

/// The id of the subscription to `url`, added at the end of the list when new.
pub(super) fn add_feed(conn: &Connection, url: &str, title: Option<&str>) -> rusqlite::Result<i64> {
    let existing = conn
        .prepare_cached("SELECT id FROM podcasts WHERE feed_url = ?1")?
        .query_row([url], |r| r.get(0))
        .optional()?;
    match existing {
        Some(id) => Ok(id),
        None => conn
            .prepare_cached(&format!(
                "INSERT INTO podcasts (feed_url, title, position)
                 VALUES (?1, coalesce(?2, ''), {NEXT_POSITION})"
            ))?
            .insert(params![url, title]),
    }
}

/// A SQL count as a length (counts are never negative).
fn count(value: i64) -> usize {
    usize::try_from(value).unwrap_or(0)
}

fn not_found(doing: String, id: i64) -> StoreError {
    StoreError::NotFound {
        doing,
        what: "podcast",
        id,
    }
}

/// Fails with `NotFound` unless the podcast exists.
pub(super) fn require_podcast(
    conn: &Connection,
    podcast_id: i64,
    doing: impl Fn() -> String,
) -> Result<(), StoreError> {
    let found = conn
        .prepare_cached("SELECT 1 FROM podcasts WHERE id = ?1")
        .and_then(|mut s| s.exists([podcast_id]))
        .doing(&doing)?;
    if found {
        Ok(())
    } else {
        Err(not_found(doing(), podcast_id))
    }
}
