//! The library's tables and their versioned migrations.
//!
//! The schema version lives in SQLite's `PRAGMA user_version`. [`MIGRATIONS`] lists every step in
//! order; migration *n* (1-based) brings a library from version *n − 1* to *n*. To change the
//! schema, append one SQL string to the list — never edit a migration that has shipped.
//! Each migration runs in its own write transaction together with the version bump, so a crash
//! leaves the library at a whole version.

use rusqlite::{Connection, TransactionBehavior};

use super::error::{Doing, StoreError};

/// Every migration, oldest first.
const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7];

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Version 1: the whole library.
///
/// - `podcasts`: one row per subscription. `feed_url` is NULL while the feed is not resolved
///   yet; such a row is identified by `lookup_key` (e.g. `apple:1829783579`). `position` orders
///   the subscription list. `etag` / `last_modified` are the validators of the last 200 answer.
/// - `episodes`: the feed's items (matched by `guid` within a podcast) and the listener's state
///   (`position_s`, `played`, `download_*`). `feed_order` counts items from the END of the feed
///   (the last item is 0) so that a new item at the top does not renumber every other row;
///   undated items sort by it descending (for dated items it only breaks ties and is not
///   rewritten when it alone changed). `feed_chapters_sig` fingerprints the feed's own
///   chapter list to tell cheaply whether it changed.
/// - `chapters`: every chapter list of an episode, one per source (`notes`, `podlove`,
///   `podcast-json`, `id3`, `vorbis`, `mp4`), replaced as a whole per source.
/// - `cache_files` / `cache_ranges`: the partial local copy of a streamed episode and which byte
///   ranges `[start_byte, end_byte)` of it are present.
/// - `settings`: small key/value interface state (selection, playing episode).
const V1: &str = "
CREATE TABLE podcasts (
    id            INTEGER PRIMARY KEY,
    feed_url      TEXT UNIQUE,
    lookup_key    TEXT UNIQUE,
    title         TEXT NOT NULL DEFAULT '',
    link          TEXT,
    description   TEXT NOT NULL DEFAULT '',
    image         TEXT,
    author        TEXT,
    etag          TEXT,
    last_modified TEXT,
    last_checked  INTEGER,
    last_error    TEXT,
    added_at      INTEGER NOT NULL DEFAULT (unixepoch()),
    position      INTEGER NOT NULL,
    CHECK (feed_url IS NOT NULL OR lookup_key IS NOT NULL)
);

CREATE TABLE episodes (
    id                INTEGER PRIMARY KEY,
    podcast_id        INTEGER NOT NULL REFERENCES podcasts (id) ON DELETE CASCADE,
    guid              TEXT NOT NULL,
    title             TEXT NOT NULL,
    published         INTEGER,
    feed_order        INTEGER NOT NULL,
    duration_s        REAL,
    description       TEXT NOT NULL,
    notes_html        TEXT NOT NULL,
    link              TEXT,
    image             TEXT,
    season            INTEGER,
    episode           INTEGER,
    enclosure_url     TEXT,
    enclosure_mime    TEXT,
    enclosure_length  INTEGER,
    chapters_url      TEXT,
    chapters_type     TEXT,
    podlove_url       TEXT,
    transcripts       TEXT NOT NULL DEFAULT '[]',
    feed_chapters_sig INTEGER,
    position_s        REAL NOT NULL DEFAULT 0,
    played            INTEGER NOT NULL DEFAULT 0,
    last_played_at    INTEGER,
    download_path     TEXT,
    download_state    TEXT NOT NULL DEFAULT 'none'
                      CHECK (download_state IN ('none', 'queued', 'active', 'done', 'failed')),
    download_bytes    INTEGER NOT NULL DEFAULT 0,
    download_total    INTEGER,
    download_error    TEXT,
    UNIQUE (podcast_id, guid)
);
CREATE INDEX episodes_by_date ON episodes (podcast_id, published DESC, feed_order DESC);
CREATE INDEX episodes_by_played ON episodes (podcast_id, played);
CREATE INDEX episodes_pending_downloads ON episodes (download_state)
    WHERE download_state IN ('queued', 'active');

CREATE TABLE chapters (
    episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    source     TEXT NOT NULL,
    idx        INTEGER NOT NULL,
    start_s    REAL NOT NULL,
    end_s      REAL,
    title      TEXT NOT NULL,
    url        TEXT,
    image      TEXT,
    toc        INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (episode_id, source, idx)
) WITHOUT ROWID;

CREATE TABLE cache_files (
    episode_id    INTEGER PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
    path          TEXT NOT NULL,
    total_len     INTEGER,
    etag          TEXT,
    last_modified TEXT
);

CREATE TABLE cache_ranges (
    episode_id INTEGER NOT NULL REFERENCES cache_files (episode_id) ON DELETE CASCADE,
    start_byte INTEGER NOT NULL,
    end_byte   INTEGER NOT NULL,
    CHECK (start_byte < end_byte),
    PRIMARY KEY (episode_id, start_byte)
) WITHOUT ROWID;

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
";

/// Version 2: transcripts, the search index, and the feed's language.
///
/// - `podcasts.language`: the feed's `<language>`, the default language of its transcripts.
/// - `transcripts`: the transcript fetched for an episode (one per episode, the preferred one):
///   where it came from (`url`, `type`, `language` as the feed listed it), the `format` it was
///   read as, its validators for a conditional refresh, when it was last fetched or confirmed,
///   and its `cues` as published (a JSON list of `{start_s, end_s, speaker, text}`).
/// - `search_docs`: what search finds, one row per episode title, show notes, visible chapter
///   (of the most trusted source) and readable transcript line, with its time (`start_s`),
///   speaker and `length` in characters (shorter ranks higher). `text` holds what is shown for
///   titles, chapters and lines; notes are read from `episodes.description` (not copied).
/// - `search_titles`, `search_chapters`, `search_lines`, `search_notes`: one FTS5 index per kind
///   (rowid = `search_docs.id`), so each kind is searched over its own rows only.
///   Contentless (no second copy of the text) and `detail=none` (no word positions or counts:
///   queries are sets of words and prefixes, never phrases, and ranking uses
///   `search_docs.length`), with prefix indexes for two and three letters. Rows leave them with their `search_docs` row (triggers), so a removed episode or
///   podcast leaves nothing behind.
/// - `search_pending`: episodes added or changed (title, notes, chapters) since they were
///   indexed; saving marks them (a row each, so saving a feed stays fast: triggers on
///   `episodes` made every insert keep a statement journal and saving 3–4× slower), and
///   `Store::index_for_search` catches up. Transcript lines are indexed when the transcript is
///   saved.
const V2: &str = "
ALTER TABLE podcasts ADD COLUMN language TEXT;

CREATE TABLE transcripts (
    episode_id    INTEGER PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
    url           TEXT NOT NULL,
    type          TEXT,
    language      TEXT,
    format        TEXT NOT NULL CHECK (format IN ('json', 'vtt', 'srt', 'html', 'text')),
    etag          TEXT,
    last_modified TEXT,
    fetched_at    INTEGER NOT NULL,
    cues          TEXT NOT NULL
);

CREATE TABLE search_docs (
    id         INTEGER PRIMARY KEY,
    episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('title', 'chapter', 'notes', 'cue')),
    start_s    REAL,
    speaker    TEXT,
    text       TEXT,
    length     INTEGER NOT NULL
);
CREATE INDEX search_docs_by_episode ON search_docs (episode_id, kind);

CREATE VIRTUAL TABLE search_titles USING fts5 (text, content = '', contentless_delete = 1,
    detail = none, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE search_chapters USING fts5 (text, content = '', contentless_delete = 1,
    detail = none, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE search_lines USING fts5 (text, content = '', contentless_delete = 1,
    detail = none, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE search_notes USING fts5 (text, content = '', contentless_delete = 1,
    detail = none, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');

CREATE TRIGGER search_title_gone AFTER DELETE ON search_docs WHEN old.kind = 'title'
BEGIN
    DELETE FROM search_titles WHERE rowid = old.id;
END;
CREATE TRIGGER search_chapter_gone AFTER DELETE ON search_docs WHEN old.kind = 'chapter'
BEGIN
    DELETE FROM search_chapters WHERE rowid = old.id;
END;
CREATE TRIGGER search_line_gone AFTER DELETE ON search_docs WHEN old.kind = 'cue'
BEGIN
    DELETE FROM search_lines WHERE rowid = old.id;
END;
CREATE TRIGGER search_notes_gone AFTER DELETE ON search_docs WHEN old.kind = 'notes'
BEGIN
    DELETE FROM search_notes WHERE rowid = old.id;
END;

CREATE TABLE search_pending (episode_id INTEGER PRIMARY KEY);
INSERT INTO search_pending SELECT id FROM episodes;
";

/// Version 3: the feed's own chapter lists (show notes, Podlove) of an episode live in one
/// column of its row, `episodes.feed_chapters` (compact JSON, see `store::feed_chapters`),
/// instead of a `chapters` row per chapter. Rows of those sources already in `chapters` (from
/// versions 1 and 2, or saved later by `save_chapters`) take precedence over the column until the
/// feed's chapters change, when a save removes them.
const V3: &str = "
ALTER TABLE episodes ADD COLUMN feed_chapters TEXT;
";

/// Version 4: Up Next, the inbox of new episodes, and when an episode was played.
///
/// - `up_next`: the listener's queue, one row per episode, in `position` order (rewritten
///   whole by each change, in one transaction, so concurrent commands never interleave).
/// - `inbox`: episodes that arrived in a refresh after their podcast's first save, until they
///   are played, queued or dismissed. `podcasts.inbox_from` is when the podcast was first saved
///   (NULL before): its back catalogue (what that first save brought) is not new.
/// - `episodes.played_at`: when the episode was last marked played (cleanup counts days from
///   it); the `episode_played` trigger sets it and takes the episode out of the inbox, whoever
///   marks it (the player, a command, a script). It fires only on writes of `played`, so saving
///   a feed (which never writes `played`) does not run it.
const V4: &str = "
CREATE TABLE up_next (
    episode_id INTEGER PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL
);
CREATE INDEX up_next_in_order ON up_next (position);

CREATE TABLE inbox (
    episode_id INTEGER PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
    arrived_at INTEGER NOT NULL
);

ALTER TABLE podcasts ADD COLUMN inbox_from INTEGER;
UPDATE podcasts SET inbox_from = coalesce(last_checked, unixepoch())
    WHERE EXISTS (SELECT 1 FROM episodes WHERE podcast_id = podcasts.id);

ALTER TABLE episodes ADD COLUMN played_at INTEGER;
UPDATE episodes SET played_at = coalesce(last_played_at, unixepoch()) WHERE played = 1;

CREATE TRIGGER episode_played AFTER UPDATE OF played ON episodes
    WHEN new.played = 1 AND old.played = 0
BEGIN
    UPDATE episodes SET played_at = unixepoch() WHERE id = new.id;
    DELETE FROM inbox WHERE episode_id = new.id;
END;
";

/// Version 5: listening comfort.
///
/// - `podcasts.speed`, `podcasts.skip_silence`: the speed and skip silence remembered for the
///   podcast; NULL means the configuration's default.
/// - `episodes.media_length_s`: how long the media really lasts, measured from the file (the
///   feed's `duration_s` may be missing or wrong); cleared when the enclosure changes.
/// - `episodes.time_saved_s`: seconds of silence skipped while listening to the episode.
const V5: &str = "
ALTER TABLE podcasts ADD COLUMN speed REAL;
ALTER TABLE podcasts ADD COLUMN skip_silence INTEGER;
ALTER TABLE episodes ADD COLUMN media_length_s REAL;
ALTER TABLE episodes ADD COLUMN time_saved_s REAL NOT NULL DEFAULT 0;
";

/// Version 6: the episode listened to most recently is found without reading every episode
/// (the player selects it at start when no selection is remembered; a scan of a large library
/// reads all its show notes).
const V6: &str = "
CREATE INDEX episodes_by_last_played ON episodes (last_played_at)
    WHERE last_played_at IS NOT NULL;
";

/// Version 7: `podcasts.level_voices`, whether voices are levelled in the podcast; NULL means
/// the configuration's default.
const V7: &str = "
ALTER TABLE podcasts ADD COLUMN level_voices INTEGER;
";

/// The schema version recorded in the library file.
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Brings the library to [`LATEST`], one migration per transaction (a new library in one).
/// `label` names the library in errors.
pub fn migrate(conn: &mut Connection, label: &str) -> Result<(), StoreError> {
    migrate_with(conn, label, MIGRATIONS)
}

fn migrate_with(conn: &mut Connection, label: &str, steps: &[&str]) -> Result<(), StoreError> {
    let known = steps.len() as i64;
    let found = version(conn).doing(|| format!("reading the schema version of {label}"))?;
    if found > known {
        return Err(StoreError::TooNew {
            path: label.to_owned(),
            found,
            known,
        });
    }
    if found <= 0 {
        return create(conn, label, steps);
    }
    for (index, sql) in steps.iter().enumerate().skip(found as usize) {
        let target = index as i64 + 1;
        let doing = || format!("upgrading the library {label} to schema {target}");
        // IMMEDIATE: a second process opening the same library waits here, then sees the new
        // version and skips the step.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .doing(doing)?;
        if version(&tx).doing(doing)? >= target {
            continue;
        }
        tx.execute_batch(sql).doing(doing)?;
        tx.pragma_update(None, "user_version", target)
            .doing(doing)?;
        tx.commit().doing(doing)?;
    }
    Ok(())
}

/// A new library: every step in one transaction (one commit instead of one per step; a new
/// library was made in 10 ms instead of 25 with the disk busy), all or nothing. A second process
/// creating the same library waits for the first and finds it made.
fn create(conn: &mut Connection, label: &str, steps: &[&str]) -> Result<(), StoreError> {
    let target = steps.len() as i64;
    let doing = || format!("creating the library {label} at schema {target}");
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .doing(doing)?;
    if version(&tx).doing(doing)? > 0 {
        drop(tx);
        return migrate_with(conn, label, steps);
    }
    for sql in steps {
        tx.execute_batch(sql).doing(doing)?;
    }
    tx.pragma_update(None, "user_version", target)
        .doing(doing)?;
    tx.commit().doing(doing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap();
        stmt.query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn migrates_a_new_library_to_the_latest_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, "test").unwrap();
        assert_eq!(version(&conn).unwrap(), LATEST);
        assert_eq!(
            tables(&conn),
            [
                "cache_files",
                "cache_ranges",
                "chapters",
                "episodes",
                "inbox",
                "podcasts",
                "search_chapters",
                "search_chapters_config",
                "search_chapters_data",
                "search_chapters_docsize",
                "search_chapters_idx",
                "search_docs",
                "search_lines",
                "search_lines_config",
                "search_lines_data",
                "search_lines_docsize",
                "search_lines_idx",
                "search_notes",
                "search_notes_config",
                "search_notes_data",
                "search_notes_docsize",
                "search_notes_idx",
                "search_pending",
                "search_titles",
                "search_titles_config",
                "search_titles_data",
                "search_titles_docsize",
                "search_titles_idx",
                "settings",
                "transcripts",
                "up_next"
            ]
        );
        // Running again is a no-op.
        migrate(&mut conn, "test").unwrap();
        assert_eq!(version(&conn).unwrap(), LATEST);
    }

    #[test]
    fn a_second_migration_runs_only_on_older_libraries() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, "test").unwrap();
        let steps = [
            MIGRATIONS,
            &["ALTER TABLE podcasts ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;"],
        ]
        .concat();
        migrate_with(&mut conn, "test", &steps).unwrap();
        assert_eq!(version(&conn).unwrap(), LATEST + 1);
        conn.execute("UPDATE podcasts SET muted = 1", []).unwrap();
        // Already there: nothing runs again (re-adding the column would fail).
        migrate_with(&mut conn, "test", &steps).unwrap();
    }

    #[test]
    fn a_version_1_library_gets_transcripts_and_a_search_index() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_with(&mut conn, "test", &[V1]).unwrap();
        conn.execute_batch(
            "INSERT INTO podcasts (id, feed_url, position) VALUES (1, 'https://x.org/f', 0);
             INSERT INTO episodes (id, podcast_id, guid, title, feed_order, description,
                                   notes_html)
             VALUES (7, 1, 'g', 'Old title', 0, 'notes', '');",
        )
        .unwrap();
        migrate(&mut conn, "test").unwrap();
        assert_eq!(version(&conn).unwrap(), LATEST);
        let pending: i64 = conn
            .query_row("SELECT episode_id FROM search_pending", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            pending, 7,
            "every episode of an older library waits to be indexed"
        );
        let language: Option<String> = conn
            .query_row("SELECT language FROM podcasts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(language, None);
    }

    #[test]
    fn a_version_2_library_keeps_its_episodes_out_of_the_inbox() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_with(&mut conn, "test", &[V1, V2]).unwrap();
        conn.execute_batch(
            "INSERT INTO podcasts (id, feed_url, position, last_checked) VALUES (1, 'https://x.org/f', 0, 5);
             INSERT INTO podcasts (id, feed_url, position) VALUES (2, 'https://y.org/f', 1);
             INSERT INTO episodes (id, podcast_id, guid, title, feed_order, description,
                                   notes_html, played, last_played_at)
             VALUES (7, 1, 'g', 'Old', 0, '', '', 1, 42);",
        )
        .unwrap();
        migrate(&mut conn, "test").unwrap();
        let from: Vec<Option<i64>> = conn
            .prepare("SELECT inbox_from FROM podcasts ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            from,
            [Some(5), None],
            "saved before: its episodes are not new"
        );
        let played_at: Option<i64> = conn
            .query_row("SELECT played_at FROM episodes", [], |r| r.get(0))
            .unwrap();
        assert_eq!(played_at, Some(42));
    }

    #[test]
    fn refuses_a_library_from_a_newer_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", LATEST + 1)
            .unwrap();
        let err = migrate(&mut conn, "lib.db").unwrap_err();
        assert!(matches!(err, StoreError::TooNew { found, .. } if found == LATEST + 1));
        assert!(err.to_string().contains("newer version"), "{err}");
    }

    #[test]
    fn a_failed_migration_leaves_the_previous_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_with(&mut conn, "test", &[V1]).unwrap();
        let steps = [V1, "CREATE TABLE extra (x); THIS IS NOT SQL;"];
        let err = migrate_with(&mut conn, "test", &steps).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("upgrading the library test to schema 2"),
            "{err}"
        );
        assert_eq!(version(&conn).unwrap(), 1);
        assert!(!tables(&conn).contains(&"extra".to_owned()));
    }

    #[test]
    fn a_new_library_is_made_whole_or_not_at_all() {
        let mut conn = Connection::open_in_memory().unwrap();
        let steps = [V1, "CREATE TABLE extra (x); THIS IS NOT SQL;"];
        let err = migrate_with(&mut conn, "test", &steps).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("creating the library test at schema 2"),
            "{err}"
        );
        assert_eq!(version(&conn).unwrap(), 0);
        assert!(tables(&conn).is_empty());
        migrate_with(&mut conn, "test", &steps[..1]).unwrap();
        assert_eq!(version(&conn).unwrap(), 1);
    }
}
