//! What a refresh asks the library while it parses a feed: the chapters already read from an
//! item's show notes, when the stored notes are exactly the feed's (so they need not be read
//! again). Answered on a read-only connection of its own, from the parser's threads, while the
//! library's own connection writes other feeds.

use std::path::PathBuf;
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::chapters::fingerprint;
use super::{Store, feed_chapters};
use crate::feed::KnownChapters;
use crate::model::{Chapter, ChapterSource};

/// The stored notes chapters of one podcast's episodes.
pub struct KnownEpisodes {
    library: PathBuf,
    podcast_id: i64,
    /// Opened on the first question (a 304 asks none).
    conn: Mutex<Option<Connection>>,
}

impl Store {
    /// The chapters already read from the notes of `podcast_id`'s episodes; `None` for a
    /// library in memory.
    pub fn known_chapters(&self, podcast_id: i64) -> Option<KnownEpisodes> {
        Some(KnownEpisodes {
            library: self.path.clone()?,
            podcast_id,
            conn: Mutex::new(None),
        })
    }
}

impl KnownChapters for KnownEpisodes {
    fn chapters_of(&self, guid: &str, notes_html: &str) -> Option<Vec<Chapter>> {
        let mut conn = self.conn.lock().ok()?;
        if conn.is_none() {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let opened = Connection::open_with_flags(&self.library, flags).ok()?;
            let _ = opened.busy_timeout(super::BUSY_TIMEOUT);
            // One read transaction for every question (a snapshot, not a lock per item); it
            // ends when the parse does.
            opened.execute_batch("BEGIN").ok()?;
            *conn = Some(opened);
        }
        let (column, sig): (Option<String>, Option<i64>) = conn
            .as_ref()?
            .prepare_cached(
                "SELECT feed_chapters, feed_chapters_sig FROM episodes
                 WHERE podcast_id = ?1 AND guid = ?2 AND notes_html = ?3",
            )
            .ok()?
            .query_row(rusqlite::params![self.podcast_id, guid, notes_html], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .ok()??;
        let chapters = column
            .map(|t| feed_chapters::decode(&t))
            .unwrap_or_default();
        // Only a list read from these notes, stored whole in the row (a library from before
        // the column keeps its lists as rows: read the notes again then).
        let from_notes = chapters.iter().all(|c| c.source == ChapterSource::Notes);
        (from_notes && sig == Some(fingerprint(&chapters))).then_some(chapters)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::{episode, feed};

    #[test]
    fn chapters_are_known_only_for_the_same_notes_read_into_the_row() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("library.db")).unwrap();
        let id = store.add_podcast("https://example.com/feed").unwrap();
        let (one, two) = (episode(1), episode(2));
        store
            .save_feed(
                id,
                &feed(vec![one.clone(), two.clone()]),
                &Default::default(),
                1,
            )
            .unwrap();
        let known = store.known_chapters(id).unwrap();
        assert_eq!(
            known.chapters_of("guid-1", &one.notes_html),
            Some(one.chapters.clone())
        );
        assert_eq!(known.chapters_of("guid-1", "<p>Changed notes</p>"), None);
        assert_eq!(known.chapters_of("guid-9", &one.notes_html), None);
        assert!(
            store
                .known_chapters(id + 1)
                .unwrap()
                .chapters_of("guid-1", &one.notes_html)
                .is_none()
        );

        // A row whose lists are rows of `chapters` (a library from before the column): read
        // the notes again.
        store
            .conn
            .execute(
                "UPDATE episodes SET feed_chapters = NULL WHERE guid = 'guid-2'",
                [],
            )
            .unwrap();
        // A parse asks within one snapshot: a later one sees the change.
        let known = store.known_chapters(id).unwrap();
        assert_eq!(known.chapters_of("guid-2", &two.notes_html), None);
        assert!(
            Store::open_in_memory()
                .unwrap()
                .known_chapters(id)
                .is_none()
        );
    }
}
