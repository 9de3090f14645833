//! Tests of `psc`.

use super::*;

const RSS: &str = include_str!("../../../tests/fixtures/podcastparser/chapters.rss");
const EXPECTED: &str = include_str!("../../../tests/fixtures/podcastparser/chapters.json");

fn starts(chapters: &[Chapter]) -> Vec<f64> {
    chapters.iter().map(|c| c.start_s).collect()
}

#[test]
fn podcastparser_chapters_case() {
    let chapters = parse_document(RSS.as_bytes()).unwrap();
    assert_eq!(starts(&chapters), vec![0.0, 1.0, 62.0, 3723.0, 3723.4]);
    let expected: serde_json::Value = serde_json::from_str(EXPECTED).unwrap();
    let expected = expected["episodes"][0]["chapters"].as_array().unwrap();
    assert_eq!(chapters.len(), expected.len());
    for (got, want) in chapters.iter().zip(expected) {
        assert_eq!(got.start_s.trunc(), want["start"].as_f64().unwrap());
        assert_eq!(got.title, want["title"].as_str().unwrap());
        assert_eq!(got.url.as_deref(), want["href"].as_str());
        assert_eq!(got.image.as_deref(), want["image"].as_str());
        assert_eq!(
            (got.source, got.toc, got.end_s),
            (ChapterSource::Podlove, true, None)
        );
    }
}

#[test]
fn attrs_are_sorted_and_bad_starts_dropped() {
    let entry = |start: &str, title: &str| PscEntry {
        start: start.into(),
        title: title.into(),
        ..Default::default()
    };
    let chapters = from_attrs([
        entry("01:02:03.400", "Last"),
        entry("soon", "Bad"),
        entry("0", " First "),
        entry("01:02", "Middle"),
        entry("", "Empty"),
        entry("npt:01", "Second"),
    ]);
    let titles: Vec<_> = chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, vec!["First", "Second", "Middle", "Last"]);
    assert_eq!(starts(&chapters), vec![0.0, 1.0, 62.0, 3723.4]);
    let blank = from_attrs([PscEntry {
        start: "0".into(),
        href: Some(" ".into()),
        ..Default::default()
    }]);
    assert_eq!(blank[0].url, None);
}

#[test]
fn second_list_is_ignored_and_prefix_is_free() {
    let xml = br#"<?xml version="1.0"?>
        <chapters xmlns="http://podlove.org/simple-chapters" version="1.2">
          <chapter start="00:01:00" title="B &amp; C"></chapter>
          <chapter start="0" title="A&nbsp;a"/>
        </chapters>
        <sc:chapters xmlns:sc="http://podlove.org/simple-chapters"><sc:chapter start="5" title="X"/></sc:chapters>"#;
    let chapters = parse_document(xml).unwrap();
    let got: Vec<_> = chapters
        .iter()
        .map(|c| (c.start_s, c.title.as_str()))
        .collect();
    assert_eq!(got, vec![(0.0, "A a"), (60.0, "B & C")]);
}

#[test]
fn errors_say_what_is_wrong() {
    let err = parse_document(b"<rss><channel/></rss>").unwrap_err();
    assert!(matches!(err, PscError::NoChapters), "{err}");
    let err =
        parse_document(b"<psc:chapters><psc:chapter start=\"0\" title=\"x\"/><!-- </psc:chapters>")
            .unwrap_err();
    assert!(
        err.to_string().contains("not well-formed XML at byte"),
        "{err}"
    );
    assert_eq!(
        parse_document(b"<psc:chapters></psc:chapters>").unwrap(),
        vec![]
    );
}
