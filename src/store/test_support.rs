//! Builders of sample feeds for the store's tests.

use chrono::DateTime;

use crate::model::{Chapter, ChapterSource, Enclosure, Episode, Podcast, Transcript};

/// A fully populated episode numbered `n` (dated `n` days after the epoch).
pub fn episode(n: u32) -> Episode {
    Episode {
        guid: format!("guid-{n}"),
        title: format!("Episode {n}: “Rust” & <friends>"),
        published: DateTime::from_timestamp(i64::from(n) * 86_400, 0),
        duration_s: Some(1800.0 + f64::from(n)),
        description: format!("Notes of episode {n}.\nSecond line."),
        notes_html: format!("<p>Notes of episode {n}.</p><p>Second line.</p>"),
        link: Some(format!("https://example.com/#episode-{n}")),
        image: Some(format!("https://example.com/{n}.png")),
        season: Some(1),
        episode: Some(n),
        enclosure: Some(Enclosure {
            url: format!("https://cdn.example.com/{n}.mp3"),
            mime: Some("audio/mpeg".into()),
            length: Some(30_000_000 + u64::from(n)),
        }),
        chapters: vec![
            Chapter::new(0.0, "Intro", ChapterSource::Notes),
            Chapter::new(62.5, format!("Topic {n}"), ChapterSource::Notes),
        ],
        chapters_url: Some(format!("https://example.com/{n}.json")),
        chapters_type: Some("application/json+chapters".into()),
        podlove_url: Some(format!("https://example.com/{n}.psc")),
        transcripts: vec![Transcript {
            url: format!("https://example.com/{n}.vtt"),
            kind: Some("text/vtt".into()),
            language: Some("en".into()),
        }],
    }
}

/// A library with one podcast of two episodes: the store, the podcast's id and the episodes'
/// ids, newest first.
pub fn two_episodes() -> (crate::store::Store, i64, Vec<i64>) {
    let mut store = crate::store::Store::open_in_memory().expect("an in-memory library");
    let podcast = store
        .add_podcast("https://example.com/feed")
        .expect("subscribed");
    let ids = save_episodes(&mut store, podcast, &feed(vec![episode(1), episode(2)]));
    (store, podcast, ids)
}

/// Saves `feed` as the feed of subscription `podcast`; its episodes' ids, newest first.
pub fn save_episodes(store: &mut crate::store::Store, podcast: i64, feed: &Podcast) -> Vec<i64> {
    store
        .save_feed(podcast, feed, &Default::default(), 1)
        .expect("saved");
    episode_ids(store, podcast)
}

/// The ids of subscription `podcast`'s episodes, newest first.
pub fn episode_ids(store: &crate::store::Store, podcast: i64) -> Vec<i64> {
    store
        .episode_rows(podcast)
        .expect("episodes")
        .iter()
        .map(|r| r.state.id)
        .collect()
}

/// A podcast carrying `episodes`.
pub fn feed(episodes: Vec<Episode>) -> Podcast {
    Podcast {
        title: "Netstack.FM".into(),
        link: Some("https://netstack.fm".into()),
        description: "A podcast about networking in Rust".into(),
        image: Some("https://netstack.fm/cover.png".into()),
        author: Some("Glen".into()),
        feed_url: None,
        new_feed_url: None,
        language: Some("en".into()),
        episodes,
    }
}

/// Installs temporary triggers on `conn` counting every row written to `episodes` and
/// `chapters`; read the counts with [`writes`].
pub fn count_writes(conn: &rusqlite::Connection) {
    let mut sql = String::from(
        "CREATE TEMP TABLE writes (tbl TEXT PRIMARY KEY, n INTEGER NOT NULL);
         INSERT INTO writes VALUES ('episodes', 0), ('chapters', 0);",
    );
    for table in ["episodes", "chapters"] {
        for op in ["INSERT", "UPDATE", "DELETE"] {
            sql.push_str(&format!(
                "CREATE TEMP TRIGGER count_{table}_{op} AFTER {op} ON main.{table}
                 BEGIN UPDATE writes SET n = n + 1 WHERE tbl = '{table}'; END;"
            ));
        }
    }
    conn.execute_batch(&sql).unwrap();
}

/// Rows written to `table` since [`count_writes`].
pub fn writes(conn: &rusqlite::Connection, table: &str) -> i64 {
    conn.query_row("SELECT n FROM temp.writes WHERE tbl = ?1", [table], |r| {
        r.get(0)
    })
    .unwrap()
}
