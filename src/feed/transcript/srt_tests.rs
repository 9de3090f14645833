use super::*;

fn read(text: &str) -> (Vec<Cue>, Vec<String>) {
    let mut out = Collect::default();
    parse(text, &mut out);
    let parsed = out.finish();
    (parsed.cues, parsed.warnings)
}

fn texts(cues: &[Cue]) -> Vec<(f64, Option<f64>, &str)> {
    cues.iter()
        .map(|c| (c.start_s.unwrap_or(-1.0), c.end_s, c.text.as_str()))
        .collect()
}

#[test]
fn numbered_multi_line_cues_without_a_trailing_blank_line() {
    let (cues, warnings) = read(
        "1\n00:00:00,179 --> 00:00:02,399\nTravis: When you first get\nstarted in podcasting\n\n\
         2\n00:00:02.400 --> 00:00:04.799\n<i>almost</i> guaranteed, <font color=\"#fff\">5 < 6</font>\n\n\
         3\n01:00:04,801 --> 01:00:07,980\n{\\an8}mistakes &amp; more",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        texts(&cues),
        [
            (
                0.179,
                Some(2.399),
                "Travis: When you first get started in podcasting"
            ),
            (2.4, Some(4.799), "almost guaranteed, 5 < 6"),
            (3604.801, Some(3607.98), "mistakes & more"),
        ]
    );
    assert!(cues.iter().all(|c| c.speaker.is_none()));
}

#[test]
fn missing_and_extra_blank_lines() {
    // No blank line between cues; a blank line inside a cue; a number that is text; no hours.
    let (cues, _) = read(
        "1\n00:01,000 --> 00:02,000\nfirst\n2\n00:02,000 --> 00:03,000\nsecond\n\npart two\n\n\
         3\n00:03,000 --> 00:04,000\nthe answer is\n42\n",
    );
    assert_eq!(
        texts(&cues),
        [
            (1.0, Some(2.0), "first"),
            (2.0, Some(3.0), "second part two"),
            (3.0, Some(4.0), "the answer is 42"),
        ]
    );
}

#[test]
fn bad_timings_skip_their_cue_only() {
    let (cues, warnings) = read(
        "intro text\n\n1\n00:00:01,000 --> soon\nlost\n\n2\n00:00:05,000 --> 00:00:04,000\nlost too\n\n\
         3\n00:00:06,000 --> 00:00:07,000\nkept\n",
    );
    assert_eq!(texts(&cues), [(6.0, Some(7.0), "kept")]);
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings[0].starts_with("line 4: bad cue timing"));
    assert_eq!(warnings[1], "line 8: the cue ends before it starts");
    assert_eq!(warnings[2], "1 lines of text before the first cue");
}
