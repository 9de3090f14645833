//! Every step of the library's schema, oldest first: migration *n* (1-based) brings a library
//! from version *n − 1* to *n*. To change the schema, append one SQL string to [`MIGRATIONS`]
//! and make the same change to the new library's script (`whole.rs`; a test compares the two) —
//! never edit a migration that has shipped.

/// Every migration, oldest first.
pub(super) const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8];

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
///   `search_docs.length`), with prefix indexes for two and three letters. Rows leave them
///   with their `search_docs` row (triggers), so a removed episode or podcast leaves nothing
///   behind.
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

/// Version 8: the CHECKs that allow a list of values test them one by one. For an `IN` list of
/// more than two constants SQLite builds a temporary table each time it checks a row: every
/// episode saved made and zeroed two pages of it (a tenth of the instructions of subscribing to
/// a 1000-item feed). The constraints' text is rewritten in place, as SQLite's documentation
/// describes for changing a CHECK: what they allow, the stored rows and the file stay the same.
const V8: &str = "
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (download_state IN (''none'', ''queued'', ''active'', ''done'', ''failed''))',
    'CHECK (download_state = ''none'' OR download_state = ''queued''
                             OR download_state = ''active'' OR download_state = ''done''
                             OR download_state = ''failed'')')
WHERE type = 'table' AND name = 'episodes';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (format IN (''json'', ''vtt'', ''srt'', ''html'', ''text''))',
    'CHECK (format = ''json'' OR format = ''vtt'' OR format = ''srt''
                                OR format = ''html'' OR format = ''text'')')
WHERE type = 'table' AND name = 'transcripts';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (kind IN (''title'', ''chapter'', ''notes'', ''cue''))',
    'CHECK (kind = ''title'' OR kind = ''chapter'' OR kind = ''notes''
                             OR kind = ''cue'')')
WHERE type = 'table' AND name = 'search_docs';
PRAGMA writable_schema = RESET;
";
