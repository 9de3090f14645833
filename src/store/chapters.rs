//! Chapter lists of an episode, one per source.
//!
//! The feed's own lists (`notes`, `podlove`) live in the episode's row (`feed_chapters`, the
//! notes' read from the stored notes when first asked for); rows saved here for those sources
//! stand in for them. The others
//! (`podcast-json` fetched from `chapters_url`, `id3` / `vorbis` / `mp4` read from the media) are
//! written later with [`Store::save_chapters`]. Each source's list is replaced as a whole.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::episodes::with_overrides;
use super::error::{Doing, StoreError};
use super::{Store, episodes, feed_chapters, search_index};
use crate::model::{Chapter, ChapterSource};

/// Every stored chapter of an episode: the chapter table's lists over the feed's own lists kept
/// in the episode's row, grouped by source and in list order within a source.
pub(super) fn all_chapters(conn: &Connection, episode_id: i64) -> rusqlite::Result<Vec<Chapter>> {
    let mut stmt = conn.prepare_cached(
        "SELECT source, start_s, end_s, title, url, image, toc FROM chapters
         WHERE episode_id = ?1 ORDER BY source, idx",
    )?;
    let mut table = stmt
        .query_map([episode_id], |row| read_chapter(row, 0))?
        .collect::<Result<Vec<_>, _>>()?;
    // Stored by name; present them in the model's source order.
    table.sort_by_key(|c| c.source);
    Ok(with_overrides(feed_lists(conn, episode_id)?, table))
}

/// The feed's own chapter lists of an episode as its row holds them (see
/// [`feed_chapters::lists`]: the show notes are read when not read before); empty for an
/// unknown episode.
pub(super) fn feed_lists(conn: &Connection, episode_id: i64) -> rusqlite::Result<Vec<Chapter>> {
    let row: Option<(Option<String>, Option<i64>, String)> = conn
        .prepare_cached(
            "SELECT feed_chapters, feed_chapters_sig, notes_html FROM episodes WHERE id = ?1",
        )?
        .query_row([episode_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(row
        .map(|(column, sig, notes)| feed_chapters::lists(column.as_deref(), sig, &notes))
        .unwrap_or_default())
}

/// Reads the chapters of an episode's show notes into its row when they were not read yet
/// (see [`feed_chapters`]), so that they are read once.
pub(super) fn keep_notes_chapters(conn: &Connection, episode_id: i64) -> rusqlite::Result<()> {
    let notes: Option<String> = conn
        .prepare_cached(
            "SELECT notes_html FROM episodes
             WHERE id = ?1 AND feed_chapters IS NULL AND feed_chapters_sig IS NULL",
        )?
        .query_row([episode_id], |r| r.get(0))
        .optional()?;
    let Some(notes) = notes else {
        return Ok(());
    };
    let text = feed_chapters::encode(&feed_chapters::notes_chapters(&notes));
    conn.prepare_cached("UPDATE episodes SET feed_chapters = ?2 WHERE id = ?1")?
        .execute(params![
            episode_id,
            text.as_deref().unwrap_or(feed_chapters::NONE)
        ])?;
    Ok(())
}

/// The sources that only the feed document provides.
pub(super) const FEED_SOURCES: [ChapterSource; 2] = [ChapterSource::Podlove, ChapterSource::Notes];

impl Store {
    /// Every stored chapter of an episode, all sources, grouped by source (in
    /// [`ChapterSource`] order) and in list order within a source.
    pub fn chapters(&self, episode_id: i64) -> Result<Vec<Chapter>, StoreError> {
        all_chapters(&self.conn, episode_id)
            .doing(|| format!("reading the chapters of episode {episode_id}"))
    }

    /// Replaces the episode's chapter list from `source` (an empty slice removes it). The
    /// chapters' own `source` field is ignored in favour of `source`.
    ///
    /// Saving a feed source here (`notes`, `podlove`) overrides the feed's list until the feed's
    /// own chapters next change (a refresh with the same chapters leaves the override alone).
    pub fn save_chapters(
        &mut self,
        episode_id: i64,
        source: ChapterSource,
        chapters: &[Chapter],
    ) -> Result<(), StoreError> {
        let doing = || format!("saving the {source} chapters of episode {episode_id}");
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .doing(doing)?;
        episodes::require_episode(&tx, episode_id, doing)?;
        delete_source(&tx, episode_id, source).doing(doing)?;
        insert_chapters(&tx, episode_id, source, chapters).doing(doing)?;
        search_index::mark_pending(&tx, episode_id).doing(doing)?;
        tx.commit().doing(doing)
    }
}

/// Reads a chapter from `row`, whose columns from `first` are
/// `source, start_s, end_s, title, url, image, toc`.
pub(super) fn read_chapter(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Chapter> {
    let name: String = row.get(first)?;
    let source = ChapterSource::from_name(&name).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            first,
            rusqlite::types::Type::Text,
            format!("unknown chapter source {name:?}").into(),
        )
    })?;
    Ok(Chapter {
        source,
        start_s: row.get(first + 1)?,
        end_s: row.get(first + 2)?,
        title: row.get(first + 3)?,
        url: row.get(first + 4)?,
        image: row.get(first + 5)?,
        toc: row.get(first + 6)?,
    })
}

pub(super) fn delete_source(
    conn: &Connection,
    episode_id: i64,
    source: ChapterSource,
) -> rusqlite::Result<usize> {
    conn.prepare_cached("DELETE FROM chapters WHERE episode_id = ?1 AND source = ?2")?
        .execute(params![episode_id, source.name()])
}

/// Inserts `chapters` as the list of `source` (the caller removed the old list).
pub(super) fn insert_chapters(
    conn: &Connection,
    episode_id: i64,
    source: ChapterSource,
    chapters: &[Chapter],
) -> rusqlite::Result<()> {
    insert_each(conn, episode_id, chapters.iter().map(|c| (source, c)))
}

/// Once the feed's own chapters of an episode changed (they are in its row), removes the rows
/// that stood in for them: the feed-only sources, and any other source the new list carries.
pub(super) fn drop_feed_overrides(
    conn: &Connection,
    episode_id: i64,
    chapters: &[Chapter],
) -> rusqlite::Result<()> {
    let mut sources: Vec<ChapterSource> = FEED_SOURCES.to_vec();
    sources.extend(chapters.iter().map(|c| c.source));
    sources.sort();
    sources.dedup();
    for source in sources {
        delete_source(conn, episode_id, source)?;
    }
    Ok(())
}

/// Inserts chapters in order, numbering them within their source.
fn insert_each<'a>(
    conn: &Connection,
    episode_id: i64,
    chapters: impl Iterator<Item = (ChapterSource, &'a Chapter)>,
) -> rusqlite::Result<()> {
    let mut stmt = None;
    let mut next_idx = [0i64; ChapterSource::TRUST.len()];
    for (source, c) in chapters {
        let stmt = match &mut stmt {
            Some(stmt) => stmt,
            None => stmt.insert(conn.prepare_cached(
                "INSERT INTO chapters (episode_id, source, idx, start_s, end_s, title, url, image, toc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?),
        };
        let slot = ChapterSource::TRUST
            .iter()
            .position(|s| *s == source)
            .unwrap_or(0);
        let idx = next_idx[slot];
        next_idx[slot] += 1;
        stmt.execute(params![
            episode_id,
            source.name(),
            idx,
            c.start_s,
            c.end_s,
            c.title,
            c.url,
            c.image,
            c.toc
        ])?;
    }
    Ok(())
}

/// A stable 64-bit fingerprint of a chapter list, stored with the episode so a refresh can tell
/// whether the feed's chapters changed without reading them back. Stable across builds and
/// platforms, unlike `std`'s hasher; not meant to resist deliberate collisions.
pub(super) fn fingerprint(chapters: &[Chapter]) -> i64 {
    let mut h = Fingerprint(0x243f_6a88_85a3_08d3);
    h.word(chapters.len() as u64);
    for c in chapters {
        h.text(c.source.name());
        h.word(c.start_s.to_bits());
        h.opt_word(c.end_s.map(f64::to_bits));
        h.text(&c.title);
        h.opt_text(c.url.as_deref());
        h.opt_text(c.image.as_deref());
        h.word(u64::from(c.toc));
    }
    i64::from_le_bytes(h.finish().to_le_bytes())
}

/// Word-at-a-time multiply–rotate hashing over an unambiguous (length-prefixed) encoding.
struct Fingerprint(u64);

impl Fingerprint {
    fn word(&mut self, w: u64) {
        self.0 = (self.0 ^ w)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(27);
    }
    fn text(&mut self, text: &str) {
        self.word(text.len() as u64);
        let mut chunks = text.as_bytes().chunks_exact(8);
        for chunk in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            self.word(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.word(u64::from_le_bytes(w));
        }
    }
    fn opt_word(&mut self, w: Option<u64>) {
        match w {
            None => self.word(0),
            Some(w) => {
                self.word(1);
                self.word(w);
            }
        }
    }
    fn opt_text(&mut self, text: Option<&str>) {
        match text {
            None => self.word(0),
            Some(t) => {
                self.word(1);
                self.text(t);
            }
        }
    }
    /// Final mixing (from SplitMix64) so that close inputs give unrelated outputs.
    fn finish(self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::{episode, feed};

    #[test]
    fn save_chapters_replaces_one_source_only() {
        let mut store = Store::open_in_memory().unwrap();
        let id = store.add_podcast("https://example.com/feed").unwrap();
        let mut ep = episode(1);
        ep.chapters = vec![Chapter::new(0.0, "Intro", ChapterSource::Podlove)];
        store
            .save_feed(id, &feed(vec![ep]), &Default::default(), 1)
            .unwrap();
        let ep_id = store.episode_rows(id).unwrap()[0].state.id;

        let id3 = vec![
            Chapter::new(0.0, "Start", ChapterSource::Id3),
            Chapter {
                end_s: Some(90.5),
                url: Some("https://example.com/a".into()),
                image: Some("https://example.com/a.png".into()),
                toc: false,
                ..Chapter::new(60.0, "Hidden", ChapterSource::Id3)
            },
        ];
        store
            .save_chapters(ep_id, ChapterSource::Id3, &id3)
            .unwrap();
        let all = store.chapters(ep_id).unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].source, ChapterSource::Podlove);
        assert_eq!(&all[1..], &id3[..]);

        // Replacing id3 keeps podlove; an empty list removes id3.
        store
            .save_chapters(ep_id, ChapterSource::Id3, &id3[..1])
            .unwrap();
        assert_eq!(store.chapters(ep_id).unwrap().len(), 2);
        store.save_chapters(ep_id, ChapterSource::Id3, &[]).unwrap();
        assert_eq!(store.chapters(ep_id).unwrap().len(), 1);
    }

    #[test]
    fn save_chapters_of_a_missing_episode_is_an_error() {
        let mut store = Store::open_in_memory().unwrap();
        let err = store
            .save_chapters(99, ChapterSource::Id3, &[])
            .unwrap_err();
        assert!(
            matches!(err, StoreError::NotFound { id: 99, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn fingerprint_sees_every_field() {
        let base = vec![Chapter::new(1.0, "A", ChapterSource::Notes)];
        let variants: Vec<Vec<Chapter>> = vec![
            vec![],
            vec![Chapter::new(1.5, "A", ChapterSource::Notes)],
            vec![Chapter::new(1.0, "B", ChapterSource::Notes)],
            vec![Chapter::new(1.0, "A", ChapterSource::Podlove)],
            vec![Chapter {
                end_s: Some(2.0),
                ..base[0].clone()
            }],
            vec![Chapter {
                url: Some("u".into()),
                ..base[0].clone()
            }],
            vec![Chapter {
                image: Some("u".into()),
                ..base[0].clone()
            }],
            vec![Chapter {
                toc: false,
                ..base[0].clone()
            }],
            vec![base[0].clone(), base[0].clone()],
        ];
        let fp = fingerprint(&base);
        assert_eq!(fp, fingerprint(&base.clone()));
        for v in &variants {
            assert_ne!(fingerprint(v), fp, "{v:?}");
        }
    }
}
