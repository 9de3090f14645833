//! Storing a freshly fetched feed without disturbing what the listener did.
//!
//! Rules of [`Store::save_feed`]:
//! - An item is the same episode when its `guid` matches; when the publisher changed the guid, an
//!   old episode no longer in the feed with the same enclosure URL is taken instead. A guid or
//!   enclosure URL written differently but naming the same address (`http://a.example` and
//!   `http://a.example/`, a space and `%20`) matches too: libraries saved before guids and URLs
//!   were kept exactly as published hold their normalised form.
//! - A known episode is UPDATED in place, never deleted and re-inserted, so its id, position,
//!   played flag, download and cache survive every refresh. An episode whose stored content
//!   equals the feed's is not written at all: the `UPDATE` only matches when a value differs.
//! - The feed's chapters (`podlove`, `notes`, and any other source the parser put in
//!   `Episode::chapters`) are replaced only when their fingerprint changed. An episode given
//!   no chapters keeps its show notes' chapters to be read from its stored notes when asked for
//!   (`store::feed_chapters`): a save reads no notes, and the notes' chapters already read stay
//!   as long as the notes are the same. When `chapters_url`
//!   (or `podlove_url`) changes, the `podcast-json` (or `podlove`) list fetched from the old URL
//!   is dropped; when the enclosure URL changes, chapters read from the old media file are
//!   dropped. Each is fetched again when needed.
//! - Episodes that vanished from the feed are KEPT: many feeds list only their latest items, and
//!   the listener's history (positions, played, downloads) must not disappear with them.
//! - An item repeating an earlier item's guid in the same feed is ignored (the first wins).
//! - The podcast's `feed_url` is not changed here: moves go through [`Store::set_feed_url`].
//! - New and changed episodes are marked for the search index (`search_index::mark_pending`).
//! - Episodes new to a podcast saved before arrive in the inbox (`inbox::arrived`).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use rusqlite::types::ToSql;
use rusqlite::{Connection, TransactionBehavior, params};

use super::chapters::{delete_source, drop_feed_overrides, feed_lists, fingerprint};
use super::error::{Doing, StoreError};
use super::inbox;
use super::search_index::mark_pending;
use super::{Store, Validators, to_sql_u64, to_unix};
use crate::model::{ChapterSource, Episode, Podcast};

/// What a save changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaveReport {
    /// Items seen for the first time.
    pub new_episodes: usize,
    /// Known episodes whose feed data changed.
    pub updated_episodes: usize,
    /// The new episodes that went to the inbox (none on the podcast's first save).
    pub arrived: Vec<i64>,
}

/// The feed-provided columns of `episodes`, in binding order `?2`, `?3`, … (`?1` is the podcast
/// id on insert and the episode id on update).
const FEED_COLUMNS: [&str; 20] = [
    "guid",
    "title",
    "published",
    "feed_order",
    "duration_s",
    "description",
    "notes_html",
    "link",
    "image",
    "season",
    "episode",
    "enclosure_url",
    "enclosure_mime",
    "enclosure_length",
    "chapters_url",
    "chapters_type",
    "podlove_url",
    "transcripts",
    "feed_chapters_sig",
    "feed_chapters",
];

/// The parameter holding `published`.
const PUBLISHED: usize = 4;
/// The parameter holding `notes_html`.
const NOTES: usize = 8;
/// The update's parameter saying that the item's chapters are its notes' (not read) and the
/// stored row's are its notes' too: then they stay as stored while the notes are the same.
const KEEP_NOTES_CHAPTERS: usize = FEED_COLUMNS.len() + 2;

/// The statements writing an episode, built once from [`FEED_COLUMNS`].
struct Statements {
    /// Writes `?1`'s row only when some value differs, so an unchanged item costs no write.
    update: String,
    insert: String,
}

static SQL: LazyLock<Statements> = LazyLock::new(|| {
    // (SQLite evaluates every SET expression on the row as it was.)
    let keep = format!("?{KEEP_NOTES_CHAPTERS} AND notes_html IS ?{NOTES}");
    let set = FEED_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| match *c {
            "feed_chapters" | "feed_chapters_sig" => {
                format!("{c} = CASE WHEN {keep} THEN {c} ELSE ?{} END", i + 2)
            }
            _ => format!("{c} = ?{}", i + 2),
        })
        .collect::<Vec<_>>()
        .join(", ");
    // `feed_order` only decides the order of undated items: for dated ones a shifted position
    // (a feed listing only its latest N items renumbers them all) is not worth a write.
    let differs = FEED_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| match *c {
            "feed_order" => format!("(?{PUBLISHED} IS NULL AND feed_order IS NOT ?{})", i + 2),
            "feed_chapters" | "feed_chapters_sig" => {
                format!("(NOT ({keep}) AND {c} IS NOT ?{})", i + 2)
            }
            _ => format!("{c} IS NOT ?{}", i + 2),
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    let placeholders = (2..=FEED_COLUMNS.len() + 1)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    Statements {
        update: format!("UPDATE episodes SET {set} WHERE id = ?1 AND ({differs})"),
        insert: format!(
            "INSERT INTO episodes (podcast_id, {}) VALUES (?1, {placeholders})",
            FEED_COLUMNS.join(", ")
        ),
    }
});

/// What is stored of an episode, borrowed from the model.
struct Values<'a> {
    guid: &'a str,
    title: &'a str,
    published: Option<i64>,
    feed_order: i64,
    duration_s: Option<f64>,
    description: &'a str,
    notes_html: &'a str,
    link: Option<&'a str>,
    image: Option<&'a str>,
    season: Option<u32>,
    episode: Option<u32>,
    enclosure_url: Option<&'a str>,
    enclosure_mime: Option<&'a str>,
    enclosure_length: Option<i64>,
    chapters_url: Option<&'a str>,
    chapters_type: Option<&'a str>,
    podlove_url: Option<&'a str>,
    transcripts: String,
    /// `None` with no column when the chapters are the show notes', not read.
    chapters_sig: Option<i64>,
    feed_chapters: Option<String>,
}

impl<'a> Values<'a> {
    fn new(ep: &'a Episode, feed_order: i64) -> rusqlite::Result<Values<'a>> {
        let enclosure = ep.enclosure.as_ref();
        Ok(Values {
            guid: &ep.guid,
            title: &ep.title,
            published: to_unix(ep.published),
            feed_order,
            duration_s: ep.duration_s,
            description: &ep.description,
            notes_html: &ep.notes_html,
            link: ep.link.as_deref(),
            image: ep.image.as_deref(),
            season: ep.season,
            episode: ep.episode,
            enclosure_url: enclosure.map(|e| e.url.as_str()),
            enclosure_mime: enclosure.and_then(|e| e.mime.as_deref()),
            enclosure_length: to_sql_u64(enclosure.and_then(|e| e.length)),
            chapters_url: ep.chapters_url.as_deref(),
            chapters_type: ep.chapters_type.as_deref(),
            podlove_url: ep.podlove_url.as_deref(),
            transcripts: serde_json::to_string(&ep.transcripts)
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?,
            chapters_sig: (!ep.chapters.is_empty()).then(|| fingerprint(&ep.chapters)),
            feed_chapters: super::feed_chapters::encode(&ep.chapters),
        })
    }

    /// The update's parameters: the row's id, the values, then [`KEEP_NOTES_CHAPTERS`].
    fn bind_update<'b>(&'b self, id: &'b i64, keep: &'b bool) -> [&'b dyn ToSql; 22] {
        let [
            a,
            b,
            c,
            d,
            e,
            f,
            g,
            h,
            i,
            j,
            k,
            l,
            m,
            n,
            o,
            p,
            q,
            r,
            s,
            t,
            u,
        ] = self.bind(id);
        [
            a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, keep,
        ]
    }

    /// `first` then the values in [`FEED_COLUMNS`] order.
    fn bind<'b>(&'b self, first: &'b i64) -> [&'b dyn ToSql; 21] {
        [
            first,
            &self.guid,
            &self.title,
            &self.published,
            &self.feed_order,
            &self.duration_s,
            &self.description,
            &self.notes_html,
            &self.link,
            &self.image,
            &self.season,
            &self.episode,
            &self.enclosure_url,
            &self.enclosure_mime,
            &self.enclosure_length,
            &self.chapters_url,
            &self.chapters_type,
            &self.podlove_url,
            &self.transcripts,
            &self.chapters_sig,
            &self.feed_chapters,
        ]
    }
}

/// A stored episode of the podcast, as much as matching needs.
struct Existing {
    id: i64,
    guid: String,
    enclosure_url: Option<String>,
    chapters_url: Option<String>,
    podlove_url: Option<String>,
    chapters_sig: Option<i64>,
    /// Its feed chapters are its show notes' (read or not), or none.
    notes_kind: bool,
    /// Rows of `chapters` stand in for its feed chapters.
    overridden: bool,
}

impl Store {
    /// Stores a fetched feed for `podcast_id` in one transaction (see the module rules), with
    /// the answer's validators, marking the podcast checked at `now` without error.
    pub fn save_feed(
        &mut self,
        podcast_id: i64,
        podcast: &Podcast,
        validators: &Validators,
        now: i64,
    ) -> Result<SaveReport, StoreError> {
        let label = self.feed_label(podcast_id)?;
        let doing = || format!("saving feed {label}");
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .doing(doing)?;
        if !save_podcast_row(&tx, podcast_id, podcast, validators, now).doing(doing)? {
            return Err(StoreError::NotFound {
                doing: doing(),
                what: "podcast",
                id: podcast_id,
            });
        }
        let mut report = save_episodes(&tx, podcast_id, &podcast.episodes).doing(doing)?;
        report.arrived = inbox::arrived(&tx, podcast_id, report.new_episodes, now).doing(doing)?;
        tx.commit().doing(doing)?;
        Ok(report)
    }

    /// How a podcast is named in messages: its feed URL, else its lookup key.
    fn feed_label(&self, podcast_id: i64) -> Result<String, StoreError> {
        use rusqlite::OptionalExtension;
        let doing = || format!("saving the feed of podcast {podcast_id}");
        self.conn
            .query_row(
                "SELECT coalesce(feed_url, lookup_key) FROM podcasts WHERE id = ?1",
                [podcast_id],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()
            .doing(doing)?
            .ok_or_else(|| StoreError::NotFound {
                doing: doing(),
                what: "podcast",
                id: podcast_id,
            })
            .map(|label| label.unwrap_or_else(|| format!("of podcast {podcast_id}")))
    }
}

/// Writes the podcast's own fields and the answer's validators, marking it checked at `now`
/// without error; `false` when there is no such podcast.
pub(super) fn save_podcast_row(
    conn: &Connection,
    podcast_id: i64,
    podcast: &Podcast,
    validators: &Validators,
    now: i64,
) -> rusqlite::Result<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE podcasts SET title = CASE WHEN ?2 = '' THEN title ELSE ?2 END,
                 link = ?3, description = ?4, image = ?5, author = ?6, etag = ?7,
                 last_modified = ?8, last_checked = ?9, last_error = NULL, language = ?10
             WHERE id = ?1",
        )?
        .execute(params![
            podcast_id,
            podcast.title,
            podcast.link,
            podcast.description,
            podcast.image,
            podcast.author,
            validators.etag,
            validators.last_modified,
            now,
            podcast.language
        ])?;
    Ok(changed > 0)
}

/// Inserts an episode new to the podcast, marked for the search index; its id.
pub(super) fn insert_episode(
    conn: &Connection,
    podcast_id: i64,
    item: &Episode,
    feed_order: i64,
) -> rusqlite::Result<i64> {
    let values = Values::new(item, feed_order)?;
    let id = conn
        .prepare_cached(&SQL.insert)?
        .insert(&values.bind(&podcast_id)[..])?;
    mark_pending(conn, id)?;
    Ok(id)
}

pub(super) fn save_episodes(
    conn: &Connection,
    podcast_id: i64,
    items: &[Episode],
) -> rusqlite::Result<SaveReport> {
    let existing = load_existing(conn, podcast_id)?;
    let by_guid: HashMap<&str, &Existing> = existing.iter().map(|e| (e.guid.as_str(), e)).collect();
    let feed_guids: HashSet<&str> = items.iter().map(|e| e.guid.as_str()).collect();
    // Old episodes whose guid left the feed, by the address of their guid and of their
    // enclosure: candidates for a guid written differently or changed.
    let mut orphans_by_guid: HashMap<String, &Existing> = HashMap::new();
    let mut orphans: HashMap<String, &Existing> = HashMap::new();
    for e in existing
        .iter()
        .filter(|e| !feed_guids.contains(e.guid.as_str()))
    {
        orphans_by_guid.entry(address(&e.guid)).or_insert(e);
        if let Some(url) = e.enclosure_url.as_deref() {
            orphans.entry(address(url)).or_insert(e);
        }
    }

    let mut update = conn.prepare_cached(&SQL.update)?;
    let mut insert = conn.prepare_cached(&SQL.insert)?;

    let mut report = SaveReport::default();
    let mut seen: HashSet<&str> = HashSet::with_capacity(items.len());
    let mut claimed: HashSet<i64> = HashSet::new();
    for (index, item) in items.iter().enumerate() {
        if !seen.insert(item.guid.as_str()) {
            continue;
        }
        // Counted from the end: a new item at the top leaves the others' numbers alone.
        let feed_order = (items.len() - 1 - index) as i64;
        let values = Values::new(item, feed_order)?;
        let matched = by_guid
            .get(item.guid.as_str())
            .or_else(|| orphans_by_guid.get(&address(&item.guid)))
            .or_else(|| {
                values
                    .enclosure_url
                    .and_then(|url| orphans.get(&address(url)))
            })
            .filter(|e| !claimed.contains(&e.id));
        let Some(old) = matched else {
            let id = insert.insert(&values.bind(&podcast_id)[..])?;
            mark_pending(conn, id)?;
            report.new_episodes += 1;
            continue;
        };
        claimed.insert(old.id);
        let notes_kind = values.chapters_sig.is_none();
        let keep = notes_kind && old.notes_kind;
        // Whether rows standing in for the notes' chapters go depends on whether those change:
        // the list before, for the rare episode that has such rows.
        let before = if notes_kind && old.overridden {
            Some(feed_lists(conn, old.id)?)
        } else {
            None
        };
        if update.execute(&values.bind_update(&old.id, &keep)[..])? == 0 {
            continue;
        }
        report.updated_episodes += 1;
        mark_pending(conn, old.id)?;
        let chapters_changed = match (values.chapters_sig, before) {
            (Some(sig), _) => old.chapters_sig != Some(sig),
            (None, Some(before)) => feed_lists(conn, old.id)? != before,
            // Nothing stands in for them: nothing to drop.
            (None, None) => false,
        };
        if chapters_changed {
            drop_feed_overrides(conn, old.id, &item.chapters)?;
        }
        let in_feed = |source| item.chapters.iter().any(|c| c.source == source);
        if old.chapters_url.as_deref() != values.chapters_url
            && !in_feed(ChapterSource::PodcastJson)
        {
            delete_source(conn, old.id, ChapterSource::PodcastJson)?;
        }
        if old.podlove_url.as_deref() != values.podlove_url && !in_feed(ChapterSource::Podlove) {
            delete_source(conn, old.id, ChapterSource::Podlove)?;
        }
        if old.enclosure_url.as_deref() != values.enclosure_url {
            // Another file: what was measured of the old one does not hold.
            conn.prepare_cached("UPDATE episodes SET media_length_s = NULL WHERE id = ?1")?
                .execute([old.id])?;
            for source in ChapterSource::TRUST.into_iter().filter(|s| s.is_embedded()) {
                delete_source(conn, old.id, source)?;
            }
        }
    }
    Ok(report)
}

/// The address a URL names, however it is written (the text itself when it is not a URL).
fn address(text: &str) -> String {
    url::Url::parse(text.trim()).map_or_else(|_| text.to_owned(), |u| u.to_string())
}

fn load_existing(conn: &Connection, podcast_id: i64) -> rusqlite::Result<Vec<Existing>> {
    // A column of notes chapters alone starts with the notes' list and holds no second list
    // (`],"` appears only between two lists: in a title the quote is escaped).
    let mut stmt = conn.prepare_cached(
        "SELECT id, guid, enclosure_url, chapters_url, podlove_url, feed_chapters_sig,
             feed_chapters_sig IS NULL OR feed_chapters IS NULL
                 OR (feed_chapters LIKE '{\"notes\":%' AND instr(feed_chapters, '],\"') = 0),
             EXISTS (SELECT 1 FROM chapters c
                     WHERE c.episode_id = e.id AND c.source IN ('notes', 'podlove'))
         FROM episodes e WHERE podcast_id = ?1",
    )?;
    stmt.query_map([podcast_id], |r| {
        Ok(Existing {
            id: r.get(0)?,
            guid: r.get(1)?,
            enclosure_url: r.get(2)?,
            chapters_url: r.get(3)?,
            podlove_url: r.get(4)?,
            chapters_sig: r.get(5)?,
            notes_kind: r.get(6)?,
            overridden: r.get(7)?,
        })
    })?
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_bind_every_column_in_order() {
        assert_eq!(FEED_COLUMNS[PUBLISHED - 2], "published");
        let ep = crate::store::test_support::episode(1);
        let values = Values::new(&ep, 0).unwrap();
        assert_eq!(values.bind(&0).len(), FEED_COLUMNS.len() + 1);
        assert!(SQL.update.contains("(?4 IS NULL AND feed_order IS NOT ?5)"));
        assert!(SQL.insert.ends_with("?20, ?21)"), "{}", SQL.insert);
        assert_eq!(FEED_COLUMNS[NOTES - 2], "notes_html");
        assert!(
            SQL.update.contains("?22 AND notes_html IS ?8"),
            "{}",
            SQL.update
        );
    }
}
