//! Reading episodes back: the feed's data as [`Episode`] plus the listener's state.
//!
//! Episodes come newest first: by publication date descending, undated ones last in feed order.
//! `Episode::chapters` holds the feed's own chapters — Podlove when stored, else the show notes'
//! — as the parser produces them (from the row's `feed_chapters`, or read from its notes when
//! not read before, unless rows of those sources in `chapters` stand in for them);
//! [`Store::chapters`] gives every source.
//!
//! `Episode::description` (the notes as plain text) is stored only when a save was given one;
//! otherwise it is rendered from the stored notes when a whole row is read.

use std::collections::HashMap;
use std::path::PathBuf;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::chapters::read_chapter;
use super::downloads::DownloadState;
use super::error::{Doing, StoreError};
use super::feed_chapters;
use super::{Store, from_sql_u64, from_unix, text_path};
use crate::model::{Chapter, ChapterSource, Enclosure, Episode, Transcript};

/// What the listener did with an episode.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpisodeState {
    /// The episode's id in the library.
    pub id: i64,
    pub podcast_id: i64,
    /// Where to resume, in seconds.
    pub position_s: f64,
    pub played: bool,
    /// When playback last moved (unix seconds).
    pub last_played_at: Option<i64>,
    pub download_state: DownloadState,
    pub download_path: Option<PathBuf>,
    pub download_bytes: u64,
    pub download_total: Option<u64>,
    pub download_error: Option<String>,
    /// How long the media lasts, as measured from it.
    pub length_s: Option<f64>,
    /// Seconds of silence skipped while listening.
    pub time_saved_s: f64,
}

/// An episode as the feed describes it, with the listener's state.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpisodeRow {
    pub episode: Episode,
    pub state: EpisodeState,
}

/// Columns read by [`read_row`], in order (table alias `e`).
const COLUMNS: &str = "e.id, e.podcast_id, e.guid, e.title, e.published, e.duration_s, \
    e.description, e.notes_html, e.link, e.image, e.season, e.episode, e.enclosure_url, \
    e.enclosure_mime, e.enclosure_length, e.chapters_url, e.chapters_type, e.podlove_url, \
    e.transcripts, e.position_s, e.played, e.last_played_at, e.download_path, e.download_state, \
    e.download_bytes, e.download_total, e.download_error, e.feed_chapters, e.media_length_s,
    e.time_saved_s, e.feed_chapters_sig";

/// Newest first; undated last, in feed order.
pub(super) const ORDER: &str = "e.published DESC NULLS LAST, e.feed_order DESC, e.id DESC";

impl Store {
    /// The podcast's episodes with listener state, newest first, each with the feed's own
    /// chapters.
    pub fn episode_rows(&self, podcast_id: i64) -> Result<Vec<EpisodeRow>, StoreError> {
        let doing = || format!("reading the episodes of podcast {podcast_id}");
        super::podcasts::require_podcast(&self.conn, podcast_id, doing)?;
        let sql =
            format!("SELECT {COLUMNS} FROM episodes e WHERE e.podcast_id = ?1 ORDER BY {ORDER}");
        let mut stmt = self.conn.prepare_cached(&sql).doing(doing)?;
        let mut rows = stmt
            .query_map([podcast_id], read_row)
            .doing(doing)?
            .collect::<Result<Vec<_>, _>>()
            .doing(doing)?;
        let mut overrides = feed_overrides_of_podcast(&self.conn, podcast_id).doing(doing)?;
        for row in &mut rows {
            let table = overrides.remove(&row.state.id).unwrap_or_default();
            let column = std::mem::take(&mut row.episode.chapters);
            row.episode.chapters = preferred(with_overrides(column, table));
        }
        Ok(rows)
    }

    /// One episode with listener state, or `None` when the id is unknown (e.g. the remembered
    /// playing episode of a podcast since removed).
    pub fn episode_row(&self, episode_id: i64) -> Result<Option<EpisodeRow>, StoreError> {
        let doing = || format!("reading episode {episode_id}");
        let sql = format!("SELECT {COLUMNS} FROM episodes e WHERE e.id = ?1");
        let row = self
            .conn
            .prepare_cached(&sql)
            .doing(doing)?
            .query_row([episode_id], read_row)
            .optional()
            .doing(doing)?;
        let Some(mut row) = row else {
            return Ok(None);
        };
        let mut table = Vec::new();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT source, start_s, end_s, title, url, image, toc FROM chapters
                 WHERE episode_id = ?1 AND source IN ('podlove', 'notes') ORDER BY source, idx",
            )
            .doing(doing)?;
        for chapter in stmt
            .query_map([episode_id], |r| read_chapter(r, 0))
            .doing(doing)?
        {
            table.push(chapter.doing(doing)?);
        }
        let column = std::mem::take(&mut row.episode.chapters);
        row.episode.chapters = preferred(with_overrides(column, table));
        Ok(Some(row))
    }
}

/// Fails with `NotFound` unless the episode exists.
pub(super) fn require_episode(
    conn: &Connection,
    episode_id: i64,
    doing: impl Fn() -> String,
) -> Result<(), StoreError> {
    let found = conn
        .prepare_cached("SELECT 1 FROM episodes WHERE id = ?1")
        .and_then(|mut s| s.exists([episode_id]))
        .doing(&doing)?;
    if found {
        Ok(())
    } else {
        Err(StoreError::NotFound {
            doing: doing(),
            what: "episode",
            id: episode_id,
        })
    }
}

/// The lists of `column` (the row's `feed_chapters`) whose source has no rows in `table`, with
/// `table`'s lists: rows saved for a source stand in for the feed's list of it. Grouped by
/// source in [`ChapterSource`] order.
pub(super) fn with_overrides(column: Vec<Chapter>, mut table: Vec<Chapter>) -> Vec<Chapter> {
    if table.is_empty() {
        return column;
    }
    let overridden: Vec<ChapterSource> = table.iter().map(|c| c.source).collect();
    table.extend(
        column
            .into_iter()
            .filter(|c| !overridden.contains(&c.source)),
    );
    table.sort_by_key(|c| c.source);
    table
}

/// The feed's own list among `chapters`: Podlove when present (the publisher's
/// machine-readable list beats parsed show notes), else the notes'.
fn preferred(chapters: Vec<Chapter>) -> Vec<Chapter> {
    let has_podlove = chapters.iter().any(|c| c.source == ChapterSource::Podlove);
    let wanted = if has_podlove {
        ChapterSource::Podlove
    } else {
        ChapterSource::Notes
    };
    chapters
        .into_iter()
        .filter(|c| c.source == wanted)
        .collect()
}

/// The rows standing in for the feed's chapter lists (`podlove`, `notes`) of every episode of a
/// podcast, in one query.
fn feed_overrides_of_podcast(
    conn: &Connection,
    podcast_id: i64,
) -> rusqlite::Result<HashMap<i64, Vec<Chapter>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.episode_id, c.source, c.start_s, c.end_s, c.title, c.url, c.image, c.toc
         FROM chapters c JOIN episodes e ON e.id = c.episode_id
         WHERE e.podcast_id = ?1 AND c.source IN ('podlove', 'notes')
         ORDER BY c.episode_id, c.source, c.idx",
    )?;
    let mut map: HashMap<i64, Vec<Chapter>> = HashMap::new();
    let mut rows = stmt.query([podcast_id])?;
    while let Some(row) = rows.next()? {
        let episode_id: i64 = row.get(0)?;
        map.entry(episode_id)
            .or_default()
            .push(read_chapter(row, 1)?);
    }
    Ok(map)
}

/// Reads one row selected with [`COLUMNS`]. `Episode::chapters` holds every list of the row's
/// `feed_chapters` (the show notes' read now when not read before); the caller picks among
/// them. A description not stored is rendered from the notes.
pub(super) fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<EpisodeRow> {
    let transcripts_json: String = row.get(18)?;
    let transcripts: Vec<Transcript> = serde_json::from_str(&transcripts_json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(18, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let enclosure = row.get::<_, Option<String>>(12)?.map(|url| Enclosure {
        url,
        mime: None,
        length: None,
    });
    let enclosure = match enclosure {
        Some(mut e) => {
            e.mime = row.get(13)?;
            e.length = from_sql_u64(row.get(14)?);
            Some(e)
        }
        None => None,
    };
    let notes_html: String = row.get(7)?;
    let mut description: String = row.get(6)?;
    if description.is_empty() && !notes_html.is_empty() {
        description = crate::text::html::plain_text(&notes_html);
    }
    let column: Option<String> = row.get(27)?;
    let chapters = feed_chapters::lists(column.as_deref(), row.get(30)?, &notes_html);
    let episode = Episode {
        guid: row.get(2)?,
        title: row.get(3)?,
        published: from_unix(row.get(4)?),
        duration_s: row.get(5)?,
        description,
        notes_html,
        link: row.get(8)?,
        image: row.get(9)?,
        season: row.get(10)?,
        episode: row.get(11)?,
        enclosure,
        chapters,
        chapters_url: row.get(15)?,
        chapters_type: row.get(16)?,
        podlove_url: row.get(17)?,
        transcripts,
    };
    let state = EpisodeState {
        id: row.get(0)?,
        podcast_id: row.get(1)?,
        position_s: row.get(19)?,
        played: row.get(20)?,
        last_played_at: row.get(21)?,
        download_path: text_path(row.get(22)?),
        download_state: row.get(23)?,
        download_bytes: from_sql_u64(row.get(24)?).unwrap_or(0),
        download_total: from_sql_u64(row.get(25)?),
        download_error: row.get(26)?,
        length_s: row.get(28)?,
        time_saved_s: row.get(29)?,
    };
    Ok(EpisodeRow { episode, state })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::{episode, feed};
    use chrono::DateTime;

    #[test]
    fn newest_first_then_undated_in_feed_order() {
        let mut store = Store::open_in_memory().unwrap();
        let id = store.add_podcast("https://example.com/feed").unwrap();
        let mut items = vec![episode(1), episode(2), episode(3), episode(4), episode(5)];
        items[0].published = None; // undated, first in the feed
        items[1].published = DateTime::from_timestamp(100, 0);
        items[2].published = None; // undated, third in the feed
        items[3].published = DateTime::from_timestamp(300, 0);
        items[4].published = DateTime::from_timestamp(200, 0);
        store
            .save_feed(id, &feed(items), &Default::default(), 1)
            .unwrap();
        let guids: Vec<String> = store
            .episode_rows(id)
            .unwrap()
            .into_iter()
            .map(|r| r.episode.guid)
            .collect();
        assert_eq!(guids, ["guid-4", "guid-5", "guid-2", "guid-1", "guid-3"]);
    }

    #[test]
    fn podlove_is_preferred_over_notes() {
        let mut store = Store::open_in_memory().unwrap();
        let id = store.add_podcast("https://example.com/feed").unwrap();
        let mut ep = episode(1);
        ep.chapters = vec![Chapter::new(0.0, "From notes", ChapterSource::Notes)];
        store
            .save_feed(id, &feed(vec![ep]), &Default::default(), 1)
            .unwrap();
        let row = &store.episode_rows(id).unwrap()[0];
        assert_eq!(row.episode.chapters[0].title, "From notes");

        let podlove = [Chapter::new(0.0, "From podlove", ChapterSource::Podlove)];
        store
            .save_chapters(row.state.id, ChapterSource::Podlove, &podlove)
            .unwrap();
        let rows = store.episode_rows(id).unwrap();
        assert_eq!(rows[0].episode.chapters, podlove);
        let single = store.episode_row(row.state.id).unwrap().unwrap();
        assert_eq!(single, rows[0]);
        assert_eq!(store.chapters(row.state.id).unwrap().len(), 2);
    }

    #[test]
    fn a_description_not_stored_is_rendered_from_the_notes() {
        let mut store = Store::open_in_memory().unwrap();
        let id = store.add_podcast("https://example.com/feed").unwrap();
        let mut ep = episode(1);
        ep.description.clear();
        ep.notes_html = "<p>First &amp; <b>bold</b>.</p><ul><li>One</li></ul>".into();
        store
            .save_feed(id, &feed(vec![ep.clone()]), &Default::default(), 1)
            .unwrap();
        let stored: String = store
            .conn
            .query_row("SELECT description FROM episodes", [], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, "");
        let row = &store.episode_rows(id).unwrap()[0];
        assert_eq!(
            row.episode.description,
            crate::text::html::plain_text(&ep.notes_html)
        );
        assert!(row.episode.description.starts_with("First & bold."));
        let single = store.episode_row(row.state.id).unwrap().unwrap();
        assert_eq!(&single, row);
    }

    #[test]
    fn unknown_ids() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.episode_row(7).unwrap(), None);
        let err = store.episode_rows(7).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::NotFound {
                    what: "podcast",
                    ..
                }
            ),
            "{err:?}"
        );
    }
}
