use super::*;
use crate::model::{Chapter, ChapterSource};
use crate::store::test_support::{episode, episode_ids, feed};

fn library() -> (Store, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let podcast = store.add_podcast("https://example.com/feed").unwrap();
    let mut one = episode(1);
    one.title = "QUIC and HTTP/3 with Glen".into();
    one.description = "We talk about transport protocols, and why Café Über matters.".into();
    one.chapters = vec![
        Chapter::new(0.0, "Intro", ChapterSource::Notes),
        Chapter::new(125.0, "Congestion control", ChapterSource::Notes),
    ];
    let mut two = episode(2);
    two.title = "Rust async runtimes".into();
    two.description = format!(
        "{} The QUIC handshake comes up once.",
        "Filler words. ".repeat(30)
    );
    two.chapters = vec![Chapter::new(60.0, "Tokio internals", ChapterSource::Notes)];
    store
        .save_feed(podcast, &feed(vec![one, two]), &Default::default(), 1)
        .unwrap();
    (store, podcast)
}

fn kinds(found: &[TextMatch]) -> Vec<(MatchKind, &str)> {
    found
        .iter()
        .map(|m| (m.kind, m.episode_title.as_str()))
        .collect()
}

#[test]
fn nothing_is_found_before_the_index_catches_up() {
    let (mut store, _) = library();
    assert_eq!(store.search_backlog().unwrap(), 2);
    assert!(store.search("quic", 10).unwrap().is_empty());
    assert_eq!(store.index_all_for_search().unwrap(), 2);
    assert_eq!(store.search_backlog().unwrap(), 0);
    assert_eq!(store.index_for_search(10).unwrap(), 0);
    assert!(!store.search("quic", 10).unwrap().is_empty());
}

#[test]
fn titles_chapters_and_notes_best_first() {
    let (mut store, _) = library();
    store.index_all_for_search().unwrap();
    let found = store.search("quic", 10).unwrap();
    assert_eq!(
        kinds(&found),
        [
            (MatchKind::Title, "QUIC and HTTP/3 with Glen"),
            (MatchKind::Notes, "Rust async runtimes"),
        ]
    );
    assert!(found[1].text.starts_with('…'), "{}", found[1].text);
    assert!(
        found[1].text.contains("The QUIC handshake"),
        "{}",
        found[1].text
    );
    assert_eq!(found[0].guid, "guid-1");
    assert_eq!(found[0].podcast_title, "Netstack.FM");

    let found = store.search("congestion", 10).unwrap();
    assert_eq!(
        kinds(&found),
        [(MatchKind::Chapter, "QUIC and HTTP/3 with Glen")]
    );
    assert_eq!(found[0].start_s, Some(125.0));
    assert_eq!(found[0].text, "Congestion control");
}

#[test]
fn case_accents_and_prefixes() {
    let (mut store, _) = library();
    store.index_all_for_search().unwrap();
    assert_eq!(store.search("cafe uber", 10).unwrap().len(), 1);
    assert_eq!(
        store.search("TRANSP", 10).unwrap().len(),
        1,
        "a prefix while typing"
    );
    assert!(
        store.search("transp ", 10).unwrap().is_empty(),
        "a finished word"
    );
    assert_eq!(store.search("tok", 10).unwrap()[0].kind, MatchKind::Chapter);
    for nothing in ["", "  ", "!!", "\"", "*"] {
        assert!(store.search(nothing, 10).unwrap().is_empty(), "{nothing:?}");
    }
    // FTS syntax in a query is only words.
    assert!(store.search("quic OR NOT \"(", 10).unwrap().is_empty());
    assert_eq!(
        store.search("quic AND", 10).unwrap()[0].kind,
        MatchKind::Title
    );
}

#[test]
fn changes_are_indexed_again_and_removals_leave_nothing() {
    let (mut store, podcast) = library();
    store.index_all_for_search().unwrap();
    let mut changed = episode(1);
    changed.title = "Renamed episode".into();
    store
        .save_feed(podcast, &feed(vec![changed]), &Default::default(), 2)
        .unwrap();
    assert_eq!(store.search_backlog().unwrap(), 1);
    store.index_all_for_search().unwrap();
    assert!(store.search("renamed", 10).unwrap().len() == 1);
    assert!(store.search("glen", 10).unwrap().is_empty());

    // Chapters read later (from the media) are indexed too.
    let ids = episode_ids(&store, podcast);
    store
        .save_chapters(
            ids[0],
            ChapterSource::Id3,
            &[Chapter::new(5.0, "Embedded words", ChapterSource::Id3)],
        )
        .unwrap();
    store.index_all_for_search().unwrap();
    let found = store.search("embedded", 10).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].start_s, Some(5.0));

    let rows = |store: &Store, index: &str| -> i64 {
        store
            .conn
            .query_row(&format!("SELECT count(*) FROM {index}"), [], |r| r.get(0))
            .unwrap()
    };
    for index in ["search_titles", "search_chapters", "search_notes"] {
        assert!(rows(&store, index) > 0, "{index}");
    }
    store.remove_podcast(podcast).unwrap();
    assert!(store.search("renamed", 10).unwrap().is_empty());
    let left: i64 = store
        .conn
        .query_row("SELECT count(*) FROM search_docs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
    for index in [
        "search_titles",
        "search_chapters",
        "search_lines",
        "search_notes",
    ] {
        assert_eq!(
            rows(&store, index),
            0,
            "{index} keeps rows of a removed podcast"
        );
    }
    store.index_all_for_search().unwrap();
    assert_eq!(store.search_backlog().unwrap(), 0);
}

#[test]
fn expressions_quote_every_word() {
    assert_eq!(
        match_expression("quic hand").as_deref(),
        Some("\"quic\" \"hand\"*")
    );
    assert_eq!(
        match_expression("quic hand ").as_deref(),
        Some("\"quic\" \"hand\"")
    );
    assert_eq!(
        match_expression("\"x\" OR y*").as_deref(),
        Some("\"x\" \"OR\" \"y\"")
    );
    assert_eq!(
        match_expression("quic h").as_deref(),
        Some("\"quic\" \"h\"")
    );
    assert_eq!(match_expression("   "), None);
}

#[test]
fn fts5_is_compiled_in() {
    let store = Store::open_in_memory().unwrap();
    let enabled: bool = store
        .conn
        .query_row("SELECT sqlite_compileoption_used('ENABLE_FTS5')", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(enabled);
}
