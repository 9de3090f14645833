//! Property tests: no input makes a parser panic, and what comes out is bounded by what went in
//! (cues, text, warnings). The allocation bound itself is measured in
//! tests/transcript_memory.rs, which counts every byte allocated.

use proptest::prelude::*;

use super::*;

/// Pieces every format is built from, and pieces that break them.
const PIECES: &[&str] = &[
    "WEBVTT",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    " ",
    "\u{feff}",
    "-->",
    " --> ",
    "00:00:01.000",
    "00:00:02,500",
    "1:00:00.000",
    "99:99.999",
    "00:01.000",
    "1",
    "42",
    "<v Ann>",
    "<v.loud Bob Smith>",
    "</v>",
    "<c.x>",
    "<i>",
    "</i>",
    "<",
    ">",
    "&amp;",
    "&lt;",
    "&#8212;",
    "&#x1F600;",
    "&",
    ";",
    "NOTE",
    "STYLE",
    "REGION",
    "{\\an8}",
    "{",
    "<cite>",
    "</cite>",
    "Ann:",
    "<time>",
    "</time>",
    "0:53",
    "<p>",
    "</p>",
    "<br>",
    "<script>",
    "</script>",
    "text",
    "é",
    "日本",
    "\u{202e}",
    "\u{1b}[2J",
    "{\"segments\":[",
    "{\"startTime\":",
    "\"1.5\"",
    "1e308",
    "-1",
    "null",
    "true",
    "\"body\":\"x\"",
    "\"speaker\":",
    "\"endTime\":2",
    ",",
    "]",
    "}",
    "[",
    "\"",
];

fn pieces() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(PIECES), 0..200)
        .prop_map(|parts| parts.concat().into_bytes())
}

fn any_format() -> impl Strategy<Value = TranscriptFormat> {
    prop::sample::select(TranscriptFormat::PREFERENCE.to_vec())
}

/// What a successful parse may hold for `input` bytes.
fn check_bounds(input: &[u8], parsed: &Parsed) {
    assert!(parsed.cues.len() <= input.len().min(MAX_CUES));
    // A byte that is not UTF-8 becomes U+FFFD (3 bytes): the most text can grow.
    let text: usize = parsed.cues.iter().map(|c| c.text.len()).sum();
    assert!(
        text <= 3 * input.len(),
        "{text} bytes of text from {}",
        input.len()
    );
    for cue in &parsed.cues {
        assert!(!cue.text.is_empty());
        assert!(cue.start_s.is_none_or(|s| s.is_finite() && s >= 0.0));
        assert!(cue.end_s.is_none_or(|e| cue.start_s.is_some_and(|s| e > s)));
        assert!(
            cue.speaker
                .as_ref()
                .is_none_or(|s| s.chars().count() <= 100)
        );
    }
    assert!(parsed.warnings.len() <= MAX_WARNINGS + 2);
    let readable_lines = readable(&parsed.cues);
    assert!(readable_lines.len() <= parsed.cues.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4000), format in any_format()) {
        if let Ok(parsed) = parse(&bytes, format) {
            check_bounds(&bytes, &parsed);
        }
    }

    #[test]
    fn format_pieces_never_panic(bytes in pieces(), format in any_format()) {
        if let Ok(parsed) = parse(&bytes, format) {
            check_bounds(&bytes, &parsed);
        }
        let _ = TranscriptFormat::sniff(&bytes);
    }
}

#[test]
fn a_cue_limit_keeps_memory_bounded() {
    let many = "a\n".repeat(MAX_CUES + 10);
    let parsed = parse(many.as_bytes(), TranscriptFormat::Text).unwrap();
    assert_eq!(parsed.cues.len(), MAX_CUES);
    assert_eq!(
        parsed.warnings,
        [format!("10 cues beyond the first {MAX_CUES} skipped")]
    );
}

#[test]
fn a_long_speaker_is_cut_not_repeated_whole() {
    let html = format!(
        "<cite>{}</cite>{}",
        "N".repeat(10_000),
        "<p>a</p>".repeat(1000)
    );
    let parsed = parse(html.as_bytes(), TranscriptFormat::Html).unwrap();
    assert_eq!(parsed.cues.len(), 1000);
    assert!(
        parsed
            .cues
            .iter()
            .all(|c| c.speaker.as_ref().is_some_and(|s| s.len() == 100))
    );
}
