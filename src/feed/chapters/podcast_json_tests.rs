//! Tests of `podcast_json`.

use super::*;

const EXAMPLE: &[u8] = include_bytes!("../../../tests/fixtures/podcast-namespace/example.json");
const COMPLEX: &[u8] =
    include_bytes!("../../../tests/fixtures/podcast-namespace/exampleComplex.json");

fn summary(chapters: &[Chapter]) -> Vec<(f64, &str)> {
    chapters
        .iter()
        .map(|c| (c.start_s, c.title.as_str()))
        .collect()
}

#[test]
fn specification_example() {
    let chapters = parse(EXAMPLE).unwrap();
    assert_eq!(
        summary(&chapters),
        vec![
            (0.0, "Intro"),
            (168.0, "Hearing Aids"),
            (260.0, "Progress Report"),
            (410.0, "Namespace"),
            (3990.0, "Just Break Up"),
            (4600.0, "Donations"),
            (5510.0, "The Big Players"),
            (5854.0, "Spread the Word"),
            (6089.0, "Outro"),
        ]
    );
    assert_eq!(
        chapters[1].image.as_deref(),
        Some("https://example.com/images/hearing_aids.jpg")
    );
    assert_eq!(
        chapters[3].url.as_deref(),
        Some("https://github.com/Podcastindex-org/podcast-namespace")
    );
    assert_eq!(chapters[5].image, None);
    assert!(
        chapters
            .iter()
            .all(|c| c.toc && c.source == ChapterSource::PodcastJson && c.end_s.is_none())
    );
}

#[test]
fn complex_example_with_hidden_chapter_and_unknown_fields() {
    let chapters = parse(COMPLEX).unwrap();
    assert_eq!(chapters.len(), 11);
    let hidden: Vec<_> = chapters.iter().filter(|c| !c.toc).collect();
    assert_eq!(hidden.len(), 1);
    assert_eq!((hidden[0].start_s, hidden[0].title.as_str()), (4826.0, ""));
    assert_eq!(
        hidden[0].image.as_deref(),
        Some("https://example.com/images/parisfrance.jpg")
    );
    let song = &chapters[5];
    assert_eq!(
        (song.start_s, song.title.as_str()),
        (4200.0, "Played song by artist")
    );
    assert_eq!(
        song.url.as_deref(),
        Some("https://www.discogs.com/master/96559-Rick-Astley-Never-Gonna-Give-You-Up")
    );
}

#[test]
fn lenient_entries_sorted() {
    let json = br#"{"version":"1.2.0","chapters":[
        {"startTime": 90.5, "title": "Later", "endTime": 120},
        {"startTime": "0", "toc": null, "endTime": 0},
        {"title": "no start"},
        {"startTime": -3, "title": "negative"},
        {"startTime": "00:30", "title": " Clock ", "url": ""}
    ]}"#;
    let chapters = parse(json).unwrap();
    assert_eq!(
        summary(&chapters),
        vec![(0.0, ""), (30.0, "Clock"), (90.5, "Later")]
    );
    assert_eq!(chapters[2].end_s, Some(120.0));
    assert_eq!(
        (chapters[0].end_s, chapters[0].toc, chapters[1].url.clone()),
        (None, true, None)
    );
}

#[test]
fn errors_name_their_cause() {
    let too_big = vec![b' '; MAX_BYTES + 1];
    let err = parse(&too_big).unwrap_err();
    assert!(err.to_string().contains(&MAX_BYTES.to_string()), "{err}");
    let err = parse(b"{\"version\": \"1.2.0\"}").unwrap_err();
    assert!(
        err.to_string().contains("missing field `chapters`"),
        "{err}"
    );
    assert!(matches!(
        parse(b"<html>").unwrap_err(),
        JsonChaptersError::Json(_)
    ));
}
