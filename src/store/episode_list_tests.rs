//! Tests of `episode_list`.

use crate::store::test_support::two_episodes;

#[test]
fn the_last_episode_played_is_found_through_an_index() {
    let (mut store, _, ids) = two_episodes();
    assert_eq!(store.last_played_episode().unwrap(), None);
    store.set_position(ids[1], 10.0, 100).unwrap();
    store.set_position(ids[0], 10.0, 50).unwrap();
    assert_eq!(store.last_played_episode().unwrap(), Some(ids[1]));
    let plan: Vec<String> = store
        .conn
        .prepare(&format!("EXPLAIN QUERY PLAN {}", super::LAST_PLAYED))
        .unwrap()
        .query_map([], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        plan,
        ["SEARCH episodes USING COVERING INDEX episodes_by_last_played (last_played_at>?)"]
    );
}

#[test]
fn headers_are_the_rows_without_notes_and_chapters_come_by_episode() {
    let (mut store, podcast, ids) = two_episodes();
    let embedded = [crate::model::Chapter::new(
        0.0,
        "Embedded",
        crate::model::ChapterSource::Id3,
    )];
    store
        .save_chapters(ids[0], crate::model::ChapterSource::Id3, &embedded)
        .unwrap();
    let full = store.episode_rows(podcast).unwrap();
    let headers = store.episode_headers(podcast, None).unwrap();
    assert_eq!(
        store.episode_headers(podcast, Some(1)).unwrap()[..],
        headers[..1]
    );
    assert_eq!(headers.len(), full.len());
    for (h, f) in headers.iter().zip(&full) {
        assert_eq!(h.state, f.state);
        assert_eq!(h.episode.title, f.episode.title);
        assert_eq!(h.episode.duration_s, f.episode.duration_s);
        assert!(h.episode.notes_html.is_empty() && h.episode.description.is_empty());
    }
    let chapters = store.podcast_chapters(podcast).unwrap();
    assert!(
        chapters[&ids[0]].len() > 1,
        "the feed's and the media's lists"
    );
    for id in ids {
        assert_eq!(
            chapters.get(&id).cloned().unwrap_or_default(),
            store.chapters(id).unwrap()
        );
    }
}
