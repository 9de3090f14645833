//! The parsers on the podcast namespace's own transcript examples and on our corner-case
//! fixtures (tests/fixtures/podcast-namespace/transcripts, tests/fixtures/transcripts).

use super::*;

macro_rules! fixture {
    ($path:literal) => {
        include_bytes!(concat!("../../../tests/fixtures/", $path)).as_slice()
    };
}

fn cues(bytes: &[u8], format: TranscriptFormat) -> Vec<Cue> {
    let parsed = parse(bytes, format).expect("the fixture parses");
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    parsed.cues
}

type Line<'a> = (Option<f64>, Option<f64>, Option<&'a str>, &'a str);

fn line(c: &Cue) -> Line<'_> {
    (c.start_s, c.end_s, c.speaker.as_deref(), c.text.as_str())
}

#[test]
fn namespace_json_example() {
    let cues = cues(
        fixture!("podcast-namespace/transcripts/example.json"),
        TranscriptFormat::Json,
    );
    assert_eq!(cues.len(), 5);
    assert_eq!(
        line(&cues[0]),
        (Some(0.5), Some(0.75), Some("Darth Vader"), "I")
    );
    assert_eq!(
        line(&cues[4]),
        (Some(2.75), Some(3.0), Some("Luke"), "Nooooo")
    );
    // One word per segment: read as phrases.
    let lines = readable(&cues);
    let got: Vec<_> = lines.iter().map(line).collect();
    assert_eq!(
        got,
        [
            (
                Some(0.5),
                Some(2.5),
                Some("Darth Vader"),
                "I am your father."
            ),
            (Some(2.75), Some(3.0), Some("Luke"), "Nooooo"),
        ]
    );
}

#[test]
fn namespace_vtt_example() {
    let cues = cues(
        fixture!("podcast-namespace/transcripts/example.vtt"),
        TranscriptFormat::Vtt,
    );
    assert_eq!(cues.len(), 7);
    assert_eq!(
        line(&cues[0]),
        (
            Some(0.0),
            Some(2.76),
            Some("Sarah"),
            "In today's episode, you'll learn whether or not you"
        )
    );
    assert_eq!(
        cues[2].text,
        "include in one? Welcome to Podcasting Q&A, where you learn"
    );
    assert_eq!(cues[5].speaker.as_deref(), Some("Gillian"));
    assert_eq!(cues[6].end_s, Some(25.35));
    assert!(matches!(readable(&cues), std::borrow::Cow::Borrowed(_)));
}

#[test]
fn namespace_srt_example() {
    let cues = cues(
        fixture!("podcast-namespace/transcripts/example.srt"),
        TranscriptFormat::Srt,
    );
    assert_eq!(cues.len(), 222);
    assert_eq!(
        line(&cues[0]),
        (
            Some(0.179),
            Some(2.399),
            None,
            "Travis: When you first get started in podcasting, it's"
        )
    );
    assert_eq!(
        line(&cues[221]),
        (
            Some(752.671),
            Some(754.769),
            None,
            "best thing to do is to batch your episodes."
        )
    );
}

#[test]
fn namespace_html_example() {
    let cues = cues(
        fixture!("podcast-namespace/transcripts/example.html"),
        TranscriptFormat::Html,
    );
    let heads: Vec<_> = cues
        .iter()
        .map(|c| (c.start_s, c.speaker.as_deref()))
        .collect();
    assert_eq!(
        heads,
        [
            (Some(0.0), Some("Travis")),
            (Some(53.0), Some("Sarah")),
            (Some(102.0), Some("Travis")),
            (Some(219.0), Some("Gilon")),
            (Some(263.0), Some("Travis")),
            (Some(322.0), Some("Gilon")),
            (Some(376.0), Some("Travis")),
            (Some(562.0), Some("Sarah")),
            (Some(617.0), Some("Gilon")),
            (Some(691.0), Some("Travis")),
        ]
    );
    assert!(
        cues[0]
            .text
            .starts_with("When you first get started in podcasting, it's almost"),
        "{}",
        cues[0].text
    );
    assert!(cues.iter().all(|c| c.end_s.is_none()));
}

#[test]
fn vtt_voices_settings_and_skipped_blocks() {
    let cues = cues(fixture!("transcripts/voices.vtt"), TranscriptFormat::Vtt);
    let got: Vec<_> = cues.iter().map(line).collect();
    assert_eq!(
        got,
        [
            (
                Some(0.0),
                Some(4.25),
                Some("Glen"),
                "Welcome to Netstack.FM & friends, where we talk <networking>."
            ),
            (
                Some(4.25),
                Some(9.0),
                Some("Elizabeth Bennet"),
                "Today: QUIC and HTTP/3."
            ),
            (
                Some(3723.5),
                Some(3725.0),
                Some("Glen"),
                "An hour in \u{2014} still going."
            ),
            (
                Some(3725.0),
                Some(3726.0),
                None,
                "Unvoiced line with an &unknown; entity"
            ),
        ]
    );
}

#[test]
fn crlf_and_bom() {
    let vtt = cues(fixture!("transcripts/crlf-bom.vtt"), TranscriptFormat::Vtt);
    assert_eq!(
        vtt.iter().map(line).collect::<Vec<_>>(),
        [
            (Some(1.0), Some(2.0), Some("Ann"), "Windows line ends"),
            (Some(2.0), Some(3.5), None, "and a byte-order mark"),
        ]
    );
    let srt = cues(fixture!("transcripts/crlf-bom.srt"), TranscriptFormat::Srt);
    assert_eq!(
        srt.iter().map(line).collect::<Vec<_>>(),
        [
            (Some(1.0), Some(2.0), None, "CRLF and a BOM"),
            (Some(2.0), Some(3.0), None, "second cue"),
        ]
    );
    let text = cues(fixture!("transcripts/plain.txt"), TranscriptFormat::Text);
    assert_eq!(
        text.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
        [
            "Welcome back to the show. Today we talk about QUIC.",
            "Second paragraph, after a blank line."
        ]
    );
}

#[test]
fn srt_without_a_trailing_blank_line() {
    let cues = cues(
        fixture!("transcripts/no-trailing-blank.srt"),
        TranscriptFormat::Srt,
    );
    assert_eq!(
        cues.iter().map(line).collect::<Vec<_>>(),
        [
            (Some(0.5), Some(2.0), None, "First line, second line"),
            (Some(2.0), Some(4.0), None, "Top of the screen"),
            (Some(4.0), Some(3600.0), None, "Hours & the end"),
        ]
    );
}

#[test]
fn html_without_times() {
    let cues = cues(
        fixture!("transcripts/no-times.html"),
        TranscriptFormat::Html,
    );
    assert_eq!(
        cues.iter().map(line).collect::<Vec<_>>(),
        [
            (None, None, None, "Episode 1 transcript"),
            (
                None,
                None,
                Some("Glen"),
                "Welcome back. Today it\u{2019}s all about QUIC."
            ),
            (
                None,
                None,
                Some("Glen"),
                "Second paragraph by the same speaker."
            ),
            (
                None,
                None,
                Some("Guest"),
                "Thanks for having me & my opinions."
            ),
        ]
    );
}

#[test]
fn json_numbers_as_strings() {
    let parsed = parse(fixture!("transcripts/strings.json"), TranscriptFormat::Json).unwrap();
    assert_eq!(
        parsed.cues.iter().map(line).collect::<Vec<_>>(),
        [
            (Some(0.0), Some(2.5), Some("Glen"), "String times"),
            (Some(2.5), None, Some("Glen"), "a clock string, no end"),
            (Some(5.0), Some(6.0), None, "no speaker"),
        ]
    );
    assert_eq!(parsed.warnings, ["segment 4: startTime is missing"]);
}

#[test]
fn word_level_json_reads_as_phrases() {
    let cues = cues(
        fixture!("transcripts/word-level.json"),
        TranscriptFormat::Json,
    );
    assert_eq!(cues.len(), 20);
    let lines = readable(&cues);
    assert_eq!(
        lines
            .iter()
            .map(|c| (c.speaker.as_deref(), c.text.as_str()))
            .collect::<Vec<_>>(),
        [
            (Some("Glen"), "So we moved the whole stack to QUIC."),
            (Some("Glen"), "It wasn't easy, but it's fast."),
            (Some("Guest"), "Why QUIC?"),
        ]
    );
}

#[test]
fn the_size_limit_is_stated() {
    let big = vec![b' '; MAX_BYTES + 1];
    let err = parse(&big, TranscriptFormat::Text).unwrap_err();
    assert!(err.to_string().contains("8 MiB"), "{err}");
    let err = parse(b"WEBVTT\n\nnothing here", TranscriptFormat::Vtt).unwrap_err();
    assert!(matches!(err, TranscriptError::NoCues { .. }), "{err}");
}
