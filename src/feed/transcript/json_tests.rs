use super::*;

fn read(json: &str) -> (Vec<Cue>, Vec<String>) {
    let mut out = Collect::default();
    parse(json.as_bytes(), &mut out).expect("a JSON transcript");
    let parsed = out.finish();
    (parsed.cues, parsed.warnings)
}

#[test]
fn segments_as_the_specification_writes_them() {
    let (cues, warnings) = read(
        r#"{"version":"1.0.0","segments":[
            {"speaker":"Darth Vader","startTime":0.5,"endTime":0.75,"body":"I"},
            {"speaker":"Luke","startTime":2.75,"endTime":3.0,"body":"Nooooo"}]}"#,
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        cues[0],
        Cue {
            start_s: Some(0.5),
            end_s: Some(0.75),
            speaker: Some("Darth Vader".into()),
            text: "I".into()
        }
    );
    assert_eq!(cues[1].speaker.as_deref(), Some("Luke"));
}

#[test]
fn numbers_as_strings_and_missing_fields() {
    let (cues, warnings) = read(
        r#"{"segments":[
            {"startTime":"1.5","endTime":"00:00:02.25","body":" spaced "},
            {"startTime":"00:01:00","body":"no end, no speaker"},
            {"startTime":3,"endTime":2,"body":"end before start","speaker":""},
            {"startTime":4,"body":""},
            {"startTime":5,"speaker":7,"body":"numeric speaker"}]}"#,
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let got: Vec<_> = cues
        .iter()
        .map(|c| (c.start_s, c.end_s, c.speaker.as_deref(), c.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Some(1.5), Some(2.25), None, "spaced"),
            (Some(3.0), None, None, "end before start"),
            (Some(5.0), None, Some("7"), "numeric speaker"),
            (Some(60.0), None, None, "no end, no speaker"),
        ]
    );
}

#[test]
fn a_bad_segment_is_skipped_with_a_warning() {
    let (cues, warnings) = read(
        r#"{"segments":[
            {"startTime":1,"body":"kept"},
            {"startTime":"soon","body":"bad time"},
            {"startTime":[1],"body":"list time"},
            {"body":"no time"},
            {"startTime":-4,"body":"negative"},
            42, null, "text", [1,2], true,
            {"startTime":2,"body":{"nested":[1,{"a":2}]},"extra":{"x":1}},
            {"startTime":3,"body":"also kept"}]}"#,
    );
    assert_eq!(cues.len(), 2);
    assert_eq!(warnings.len(), 9, "{warnings:?}");
    assert_eq!(warnings[0], r#"segment 2: startTime is "soon""#);
    assert_eq!(warnings[1], "segment 3: startTime is a list");
    assert_eq!(warnings[2], "segment 4: startTime is missing");
    assert_eq!(warnings[5], "segment 7: null, not a segment object");
}

#[test]
fn not_a_transcript() {
    let mut out = Collect::default();
    for bad in [r#"{"chapters":[]}"#, r#"{"segments":5}"#, "7", "{} {}"] {
        let err = parse(bad.as_bytes(), &mut out).expect_err(bad);
        assert!(
            err.to_string().starts_with("not a JSON transcript"),
            "{err}"
        );
    }
    let err = parse(b"{\"segments\": [", &mut out).expect_err("cut short");
    assert!(matches!(err, TranscriptError::Json(_)), "{err}");
}

#[test]
fn a_bare_list_and_a_bom() {
    let (cues, _) = read("\u{feff}[{\"startTime\":1,\"body\":\"a\"}]");
    assert_eq!(cues.len(), 1);
}

#[test]
fn warnings_are_bounded() {
    let bad = vec![r#"{"body":"x"}"#; 100].join(",");
    let (_, warnings) = read(&format!(
        r#"{{"segments":[{bad},{{"startTime":1,"body":"y"}}]}}"#
    ));
    assert_eq!(warnings.len(), crate::feed::transcript::MAX_WARNINGS + 1);
    assert_eq!(
        warnings.last().map(String::as_str),
        Some("80 more cues skipped for the same reasons")
    );
}
