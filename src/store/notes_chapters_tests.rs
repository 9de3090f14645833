//! The show notes' chapters of a feed saved from the network (items given no chapters): read
//! from the stored notes whenever they are asked for, kept in the row once the search index read
//! them, found by search, and left alone by a save of the same notes.

use super::test_support::{count_writes, episode, feed, writes};
use super::{SaveReport, Store, Validators};
use crate::model::{Chapter, ChapterSource, Episode};

const NOTES: &str = "<p>Our guest.</p><ul><li>00:00 Intro</li><li>05:30 Quokkas at dawn</li>\
                     <li>12:00 Wrap-up</li></ul>";

/// An episode as a save from the network gives it: notes as HTML, chapters not read.
fn unread(n: u32, notes: &str) -> Episode {
    Episode {
        notes_html: notes.into(),
        description: String::new(),
        chapters: Vec::new(),
        ..episode(n)
    }
}

fn saved(items: Vec<Episode>) -> (Store, i64, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let podcast = store.add_podcast("https://example.com/feed.xml").unwrap();
    resave(&mut store, podcast, items, 1);
    let id = store.episode_rows(podcast).unwrap()[0].state.id;
    (store, podcast, id)
}

/// Saves the podcast's feed again with `items`, at `now`.
fn resave(store: &mut Store, podcast: i64, items: Vec<Episode>, now: i64) -> SaveReport {
    store
        .save_feed(podcast, &feed(items), &Validators::default(), now)
        .unwrap()
}

fn column(store: &Store, id: i64) -> Option<String> {
    store
        .conn
        .query_row(
            "SELECT feed_chapters FROM episodes WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
}

fn titles(chapters: &[Chapter]) -> Vec<&str> {
    chapters.iter().map(|c| c.title.as_str()).collect()
}

#[test]
fn they_are_read_from_the_notes_wherever_chapters_are_asked_for() {
    let (store, podcast, id) = saved(vec![unread(1, NOTES)]);
    assert_eq!(column(&store, id), None, "the save read no notes");
    let expected = ["Intro", "Quokkas at dawn", "Wrap-up"];
    let all = store.chapters(id).unwrap();
    assert_eq!(titles(&all), expected);
    assert!(all.iter().all(|c| c.source == ChapterSource::Notes));
    assert_eq!(all[1].start_s, 330.0);
    let row = store.episode_row(id).unwrap().unwrap();
    assert_eq!(row.episode.chapters, all);
    assert_eq!(store.episode_rows(podcast).unwrap()[0], row);
    assert_eq!(store.podcast_chapters(podcast).unwrap()[&id], all);
    // What a list shows reads no notes.
    assert!(
        store.episode_headers(podcast, None).unwrap()[0]
            .episode
            .chapters
            .is_empty()
    );
}

#[test]
fn the_search_index_reads_them_once_and_finds_them() {
    let (mut store, _, id) = saved(vec![unread(2, NOTES), unread(1, "<p>No times.</p>")]);
    let before = store.chapters(id).unwrap();
    store.index_all_for_search().unwrap();
    let kept = column(&store, id).expect("kept in the row");
    assert!(kept.contains("Quokkas at dawn"), "{kept}");
    assert_eq!(store.chapters(id).unwrap(), before);
    let found = store.search("quokkas", 10).unwrap();
    assert!(
        found
            .iter()
            .any(|m| m.text == "Quokkas at dawn" && m.start_s == Some(330.0)),
        "{found:?}"
    );
    // Notes that list none are read once too.
    let other = store.episode_rows(1).unwrap()[1].state.id;
    assert_eq!(column(&store, other).as_deref(), Some("{}"));
    assert!(store.chapters(other).unwrap().is_empty());
}

#[test]
fn the_same_notes_saved_again_write_nothing_whether_read_or_not() {
    let items = vec![unread(1, NOTES), unread(2, NOTES)];
    let (mut store, podcast, _) = saved(items.clone());
    // One episode's chapters read by the index, the other's not.
    store.index_for_search(1).unwrap();
    count_writes(&store.conn);
    let report = resave(&mut store, podcast, items, 2);
    assert_eq!(report, Default::default());
    assert_eq!(writes(&store.conn, "episodes"), 0);
    for row in store.episode_rows(podcast).unwrap() {
        assert_eq!(row.episode.chapters.len(), 3);
    }
}

#[test]
fn changed_notes_give_their_new_chapters() {
    let (mut store, podcast, id) = saved(vec![unread(1, NOTES)]);
    store.index_all_for_search().unwrap();
    let changed = NOTES.replace("05:30 Quokkas", "06:00 Wombats");
    resave(&mut store, podcast, vec![unread(1, &changed)], 2);
    assert_eq!(
        titles(&store.chapters(id).unwrap()),
        ["Intro", "Wombats at dawn", "Wrap-up"]
    );
    store.index_all_for_search().unwrap();
    assert!(column(&store, id).unwrap().contains("Wombats"));
    assert!(store.search("quokkas", 10).unwrap().is_empty());
}

#[test]
fn an_override_lasts_until_the_notes_chapters_change() {
    let (mut store, podcast, id) = saved(vec![unread(1, NOTES)]);
    let better = [Chapter::new(1.0, "Better split", ChapterSource::Notes)];
    store
        .save_chapters(id, ChapterSource::Notes, &better)
        .unwrap();
    // Reworded notes listing the same chapters keep it.
    let reworded = NOTES.replace("Our guest.", "Our dear guest.");
    resave(&mut store, podcast, vec![unread(1, &reworded)], 2);
    assert_eq!(store.chapters(id).unwrap(), better);
    // Another list drops it.
    let changed = reworded.replace("12:00 Wrap-up", "13:00 Goodbye");
    resave(&mut store, podcast, vec![unread(1, &changed)], 3);
    assert_eq!(
        titles(&store.chapters(id).unwrap()),
        ["Intro", "Quokkas at dawn", "Goodbye"]
    );
}

#[test]
fn a_library_saved_with_the_notes_chapters_read_keeps_them() {
    // Saved by a build that read the notes' chapters when saving (their list given).
    let mut given = unread(1, NOTES);
    given.chapters = crate::feed::chapters::notes::parse(NOTES);
    let (mut store, podcast, id) = saved(vec![given.clone()]);
    count_writes(&store.conn);
    resave(&mut store, podcast, vec![unread(1, NOTES)], 2);
    assert_eq!(writes(&store.conn, "episodes"), 0);
    assert_eq!(store.chapters(id).unwrap(), given.chapters);
    // A Podlove list in the feed replaces them; gone from the feed, the notes' are read.
    let mut podlove = unread(1, NOTES);
    podlove.chapters = vec![Chapter::new(0.0, "Podlove", ChapterSource::Podlove)];
    resave(&mut store, podcast, vec![podlove.clone()], 3);
    assert_eq!(store.chapters(id).unwrap(), podlove.chapters);
    resave(&mut store, podcast, vec![unread(1, NOTES)], 4);
    assert_eq!(store.chapters(id).unwrap(), given.chapters);
}
