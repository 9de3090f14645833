//! Storing a feed while it is still being read: [`Store::begin_feed_save`] opens one write
//! transaction, [`FeedSave::add`] takes the episodes in document order as the parser hands them
//! over, and [`FeedSave::finish`] writes the podcast's own fields and commits — what subscribing
//! to a new feed does, so that a 5000-item feed is stored on one core while it is parsed on the
//! other. Dropped unfinished (the download failed, the document was no feed), it stores nothing.
//! [`FeedSave::pause`] commits what was stored so far and frees the library for other writers
//! until the next episodes come (a download that stalls); a podcast this save created is then
//! removed again if the save is abandoned later.
//!
//! The rules are [`Store::save_feed`]'s. A podcast with no episode yet gets each episode
//! inserted as it comes: an item repeating an earlier item's guid in the document is ignored,
//! and `feed_order` (counted from the end of the feed, unknown until its end) is written
//! provisionally and set for undated episodes, the only ones it orders, by one update at the
//! end (for dated ones it only breaks ties between equal dates, which the provisional numbers
//! already do in document order). A podcast that has episodes (subscribing again) holds the
//! items until the end and saves them as a refresh does, since matching needs them all.

use std::collections::HashSet;

use rusqlite::params;

use super::error::{Doing, StoreError};
use super::save::{SaveReport, insert_episode, save_episodes, save_podcast_row};
use super::{Store, Validators, inbox, podcasts};
use crate::model::{Episode, Podcast};

/// A feed being stored (see the module).
pub struct FeedSave<'a> {
    store: &'a mut Store,
    podcast_id: i64,
    feed_url: String,
    /// The items, when the podcast had episodes (saved as a whole at the end).
    held: Option<Vec<Episode>>,
    /// Guids inserted so far.
    seen: HashSet<String>,
    /// Items handed over so far, and undated ones among them.
    items: usize,
    undated: usize,
    report: SaveReport,
    /// The transaction is open (it is rolled back when the value is dropped).
    open: bool,
    /// This save created the podcast, and committed part of it (see [`FeedSave::pause`]).
    created: bool,
    committed: bool,
}

impl Store {
    /// Begins storing the feed at `feed_url` in one write transaction, subscribing to it unless
    /// it is subscribed already.
    pub fn begin_feed_save(&mut self, feed_url: &str) -> Result<FeedSave<'_>, StoreError> {
        let doing = || format!("saving feed {feed_url}");
        self.conn.execute_batch("BEGIN IMMEDIATE").doing(doing)?;
        let mut save = FeedSave {
            store: self,
            podcast_id: 0,
            feed_url: feed_url.to_owned(),
            held: None,
            seen: HashSet::new(),
            items: 0,
            undated: 0,
            report: SaveReport::default(),
            open: true,
            created: false,
            committed: false,
        };
        let conn = &save.store.conn;
        let before: Option<i64> = conn
            .prepare_cached("SELECT max(id) FROM podcasts")
            .and_then(|mut s| s.query_row([], |r| r.get(0)))
            .doing(doing)?;
        save.podcast_id = podcasts::add_feed(conn, feed_url, None).doing(doing)?;
        save.created = before.is_none_or(|last| save.podcast_id > last);
        let has_episodes = conn
            .prepare_cached("SELECT 1 FROM episodes WHERE podcast_id = ?1 LIMIT 1")
            .and_then(|mut s| s.exists([save.podcast_id]))
            .doing(doing)?;
        if has_episodes {
            save.held = Some(Vec::new());
        }
        Ok(save)
    }
}

impl FeedSave<'_> {
    /// The podcast being stored.
    pub fn podcast_id(&self) -> i64 {
        self.podcast_id
    }

    /// Stores the next `episodes` of the feed, in document order.
    pub fn add(&mut self, episodes: Vec<Episode>) -> Result<(), StoreError> {
        if let Some(held) = &mut self.held {
            held.extend(episodes);
            return Ok(());
        }
        self.resume()?;
        let doing = || format!("saving feed {}", self.feed_url);
        let conn = &self.store.conn;
        for episode in episodes {
            // Provisional: see the module.
            let feed_order = if episode.published.is_none() {
                self.undated += 1;
                -(self.undated as i64)
            } else {
                -(self.items as i64) - 1
            };
            self.items += 1;
            if self.seen.contains(&episode.guid) {
                continue;
            }
            insert_episode(conn, self.podcast_id, &episode, feed_order).doing(doing)?;
            self.seen.insert(episode.guid);
            self.report.new_episodes += 1;
        }
        Ok(())
    }

    /// Stores the rest: `podcast`'s episodes (those not handed over to [`FeedSave::add`]) and
    /// its own fields with the answer's `validators`, marking it checked at `now`, and commits.
    pub fn finish(
        mut self,
        mut podcast: Podcast,
        validators: &Validators,
        now: i64,
    ) -> Result<(i64, SaveReport), StoreError> {
        self.add(std::mem::take(&mut podcast.episodes))?;
        self.resume()?;
        let doing = || format!("saving feed {}", self.feed_url);
        let conn = &self.store.conn;
        if let Some(mut held) = self.held.take() {
            crate::feed::sort_newest_first(&mut held);
            self.report = save_episodes(conn, self.podcast_id, &held).doing(doing)?;
        } else if self.undated > 0 {
            conn.prepare_cached(
                "UPDATE episodes SET feed_order = feed_order + ?2
                 WHERE podcast_id = ?1 AND published IS NULL",
            )
            .and_then(|mut s| s.execute(params![self.podcast_id, self.undated as i64]))
            .doing(doing)?;
        }
        save_podcast_row(conn, self.podcast_id, &podcast, validators, now).doing(doing)?;
        self.report.arrived =
            inbox::arrived(conn, self.podcast_id, self.report.new_episodes, now).doing(doing)?;
        conn.execute_batch("COMMIT").doing(doing)?;
        // Whole: nothing to undo any more.
        self.open = false;
        self.committed = false;
        Ok((self.podcast_id, std::mem::take(&mut self.report)))
    }
}

impl FeedSave<'_> {
    /// Commits what was stored so far, freeing the library for other writers until the next
    /// episodes come.
    pub fn pause(&mut self) -> Result<(), StoreError> {
        if self.open {
            self.store
                .conn
                .execute_batch("COMMIT")
                .doing(|| format!("saving feed {}", self.feed_url))?;
            self.open = false;
            self.committed = true;
        }
        Ok(())
    }

    /// Opens the transaction again after [`FeedSave::pause`].
    fn resume(&mut self) -> Result<(), StoreError> {
        if !self.open {
            self.store
                .conn
                .execute_batch("BEGIN IMMEDIATE")
                .doing(|| format!("saving feed {}", self.feed_url))?;
            self.open = true;
        }
        Ok(())
    }
}

impl Drop for FeedSave<'_> {
    fn drop(&mut self) {
        // Failing here leaves the transaction to end with the connection, unwritten.
        if self.open {
            let _ = self.store.conn.execute_batch("ROLLBACK");
        }
        if self.committed && self.created {
            // Its episodes go with it.
            let _ = self
                .store
                .conn
                .execute("DELETE FROM podcasts WHERE id = ?1", [self.podcast_id]);
        }
    }
}
