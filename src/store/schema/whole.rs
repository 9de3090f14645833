//! The whole schema of a new library, at the latest version: what every step of `steps.rs`
//! makes of an empty file, written as one script (a new library is made in one pass, with no
//! table altered and re-read after it was created). `tests.rs` checks that a library upgraded
//! step by step ends with the same tables, columns, constraints, indexes and triggers.

pub(super) const NEW_LIBRARY: &str = "
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
    language      TEXT,
    inbox_from    INTEGER,
    speed         REAL,
    skip_silence  INTEGER,
    level_voices  INTEGER,
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
                      CHECK (download_state = 'none' OR download_state = 'queued'
                             OR download_state = 'active' OR download_state = 'done'
                             OR download_state = 'failed'),
    download_bytes    INTEGER NOT NULL DEFAULT 0,
    download_total    INTEGER,
    download_error    TEXT,
    feed_chapters     TEXT,
    played_at         INTEGER,
    media_length_s    REAL,
    time_saved_s      REAL NOT NULL DEFAULT 0,
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

CREATE TABLE transcripts (
    episode_id    INTEGER PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
    url           TEXT NOT NULL,
    type          TEXT,
    language      TEXT,
    format        TEXT NOT NULL CHECK (format = 'json' OR format = 'vtt' OR format = 'srt'
                                OR format = 'html' OR format = 'text'),
    etag          TEXT,
    last_modified TEXT,
    fetched_at    INTEGER NOT NULL,
    cues          TEXT NOT NULL
);

CREATE TABLE search_docs (
    id         INTEGER PRIMARY KEY,
    episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind = 'title' OR kind = 'chapter' OR kind = 'notes'
                             OR kind = 'cue'),
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

CREATE TABLE up_next (
    episode_id INTEGER PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL
);
CREATE INDEX up_next_in_order ON up_next (position);

CREATE TABLE inbox (
    episode_id INTEGER PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
    arrived_at INTEGER NOT NULL
);

CREATE TRIGGER episode_played AFTER UPDATE OF played ON episodes
    WHEN new.played = 1 AND old.played = 0
BEGIN
    UPDATE episodes SET played_at = unixepoch() WHERE id = new.id;
    DELETE FROM inbox WHERE episode_id = new.id;
END;

CREATE INDEX episodes_by_last_played ON episodes (last_played_at)
    WHERE last_played_at IS NOT NULL;
";
