//! Tests of `transcript_output`.

use super::*;

fn cue(start: Option<f64>, end: Option<f64>, speaker: Option<&str>, text: &str) -> Cue {
    Cue {
        start_s: start,
        end_s: end,
        speaker: speaker.map(str::to_owned),
        text: text.into(),
    }
}

#[test]
fn at_keeps_the_cue_being_spoken() {
    let cues = [
        cue(Some(0.0), Some(2.0), None, "a"),
        cue(Some(2.0), None, None, "b"),
        cue(Some(5.0), Some(6.0), None, "c"),
    ];
    let texts = |at| -> Vec<&str> {
        spoken_at(&cues, Some(at))
            .iter()
            .map(|c| c.text.as_str())
            .collect()
    };
    assert_eq!(texts(0.0), ["a"]);
    assert_eq!(texts(2.0), ["b"], "an end is exclusive");
    assert_eq!(texts(4.99), ["b"], "no end: until the next cue");
    assert_eq!(texts(5.5), ["c"]);
    assert!(texts(6.0).is_empty());
    assert_eq!(spoken_at(&cues, None).len(), 3);
    let untimed = [cue(None, None, None, "x")];
    assert!(spoken_at(&untimed, Some(0.0)).is_empty());
}

#[test]
fn lines_read_like_a_script_and_are_inert() {
    assert_eq!(
        line(&cue(Some(83.9), None, Some("Ann"), "hi\nthere")),
        "01:23 Ann: hi there"
    );
    assert_eq!(line(&cue(Some(3725.0), None, None, "late")), "1:02:05 late");
    assert_eq!(line(&cue(None, None, Some("Bo"), "untimed")), "Bo: untimed");
    assert_eq!(
        line(&cue(Some(0.0), None, Some("\u{1b}[2JEve"), "\u{202e}evil")),
        "00:00 Eve: evil"
    );
}
