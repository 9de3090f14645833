use super::*;
use crate::store::test_support::two_episodes;

fn cue(start: f64, speaker: Option<&str>, text: &str) -> Cue {
    Cue {
        start_s: Some(start),
        end_s: Some(start + 0.3),
        speaker: speaker.map(str::to_owned),
        text: text.into(),
    }
}

fn stored(cues: Vec<Cue>) -> StoredTranscript {
    StoredTranscript {
        source: Transcript {
            url: "https://example.com/1.json".into(),
            kind: Some("application/json".into()),
            language: Some("en".into()),
        },
        format: TranscriptFormat::Json,
        cues,
        validators: Validators {
            etag: Some("\"t1\"".into()),
            last_modified: None,
        },
        checked_at: 100,
    }
}

#[test]
fn a_transcript_comes_back_as_saved_and_is_replaced_whole() {
    let (mut store, _, ids) = two_episodes();
    assert_eq!(store.transcript(ids[0]).unwrap(), None);
    let first = stored(vec![
        cue(0.5, Some("Ann"), "Hello & <welcome>"),
        Cue {
            start_s: None,
            end_s: None,
            speaker: None,
            text: "untimed".into(),
        },
    ]);
    store.save_transcript(ids[0], &first).unwrap();
    assert_eq!(store.transcript(ids[0]).unwrap().as_ref(), Some(&first));
    assert_eq!(store.transcript(ids[1]).unwrap(), None);

    let second = StoredTranscript {
        format: TranscriptFormat::Vtt,
        ..stored(vec![cue(1.0, None, "replaced")])
    };
    store.save_transcript(ids[0], &second).unwrap();
    assert_eq!(store.transcript(ids[0]).unwrap(), Some(second));
    store.transcript_unchanged(ids[0], 500).unwrap();
    assert_eq!(store.transcript(ids[0]).unwrap().unwrap().checked_at, 500);
}

#[test]
fn saving_for_a_missing_episode_is_an_error() {
    let (mut store, _, _) = two_episodes();
    let err = store.save_transcript(999, &stored(vec![])).unwrap_err();
    assert!(
        matches!(err, StoreError::NotFound { id: 999, .. }),
        "{err:?}"
    );
}

#[test]
fn word_level_transcripts_are_searchable_as_phrases() {
    let (mut store, _, ids) = two_episodes();
    let words = ["we", "moved", "to", "quic", "last", "year"];
    let cues = words
        .iter()
        .enumerate()
        .map(|(i, w)| cue(10.0 + i as f64 * 0.4, Some("Glen"), w))
        .collect();
    store.save_transcript(ids[1], &stored(cues)).unwrap();
    let found = store.search("moved to quic", 10).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, crate::store::MatchKind::Transcript);
    assert_eq!(found[0].text, "we moved to quic last year");
    assert_eq!(found[0].start_s, Some(10.0));
    assert_eq!(found[0].speaker.as_deref(), Some("Glen"));
    assert_eq!(found[0].episode_id, ids[1]);

    // A new transcript replaces the old lines in the index.
    store
        .save_transcript(
            ids[1],
            &stored(vec![cue(1.0, None, "something else entirely")]),
        )
        .unwrap();
    assert!(store.search("quic", 10).unwrap().is_empty());
    assert_eq!(store.search("entirely", 10).unwrap().len(), 1);
}

#[test]
fn the_feed_language_is_kept() {
    let (mut store, podcast, _) = two_episodes();
    assert_eq!(store.feed_language(podcast).unwrap().as_deref(), Some("en"));
    assert_eq!(
        store.podcast(podcast).unwrap().language.as_deref(),
        Some("en")
    );
    let mut feed = crate::store::test_support::feed(vec![]);
    feed.language = None;
    store
        .save_feed(podcast, &feed, &Default::default(), 2)
        .unwrap();
    assert_eq!(store.feed_language(podcast).unwrap(), None);
    assert_eq!(store.feed_language(999).unwrap(), None);
}
