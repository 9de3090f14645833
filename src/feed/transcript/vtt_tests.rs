use super::*;

fn read(text: &str) -> (Vec<Cue>, Vec<String>) {
    let mut out = Collect::default();
    parse(text, &mut out);
    let parsed = out.finish();
    (parsed.cues, parsed.warnings)
}

fn line(c: &Cue) -> (f64, Option<f64>, Option<&str>, &str) {
    (
        c.start_s.unwrap_or(-1.0),
        c.end_s,
        c.speaker.as_deref(),
        c.text.as_str(),
    )
}

#[test]
fn voices_settings_identifiers_and_notes() {
    let (cues, warnings) = read(
        "WEBVTT - a title\nKind: captions\n\n\
         NOTE a comment\nthat runs on\n\n\
         STYLE\n::cue { color: red }\n\n\
         REGION\nid:fred width:40%\n\n\
         intro\n00:00.000 --> 00:02.500 align:start position:10% line:0\n\
         <v Sarah>Welcome to Q&amp;A,</v>\nsecond line\n\n\
         2\n00:00:02.500 --> 00:00:04.000\n<v.loud.fast Gillian Smith>Hi &lt;there&gt;!\n\n\
         01:00:00.000 --> 01:00:01.000\n<c.yellow><i>styled</i></c> <00:00:03.000>karaoke\n",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let got: Vec<_> = cues.iter().map(line).collect();
    assert_eq!(
        got,
        [
            (0.0, Some(2.5), Some("Sarah"), "Welcome to Q&A, second line"),
            (2.5, Some(4.0), Some("Gillian Smith"), "Hi <there>!"),
            (3600.0, Some(3601.0), None, "styled karaoke"),
        ]
    );
}

#[test]
fn a_bad_cue_is_skipped_and_the_rest_kept() {
    let (cues, warnings) = read(
        "WEBVTT\n\n00:00.000 --> 00:01.000\nfirst\n\n\
         00:0x.000 --> 00:02.000\nbad timing\n\n\
         00:05.000 --> 00:03.000\nbackwards\n\n\
         just text with no timing\n\n\
         00:06.000 --> 00:07.000\nlast",
    );
    let texts: Vec<&str> = cues.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["first", "last"]);
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(
        warnings[0].starts_with("line 6: bad cue timing"),
        "{warnings:?}"
    );
    assert_eq!(warnings[1], "line 9: the cue ends before it starts");
    assert!(
        warnings[2].starts_with("line 12: a block without"),
        "{warnings:?}"
    );
}

#[test]
fn no_header_is_a_warning_not_a_failure() {
    let (cues, warnings) = read("00:01.000 --> 00:02.000\nhello");
    assert_eq!(cues.len(), 1);
    assert_eq!(warnings.len(), 1);
}

#[test]
fn an_open_tag_and_an_empty_payload() {
    let (cues, _) = read(
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>kept <b unclosed\n\n\
         00:03.000 --> 00:04.000\n<i></i>\n\n00:05.000 --> 00:05.000\n<v>zero length",
    );
    let got: Vec<_> = cues.iter().map(line).collect();
    assert_eq!(
        got,
        [
            (1.0, Some(2.0), Some("Ann"), "kept"),
            (5.0, None, None, "zero length")
        ]
    );
}
