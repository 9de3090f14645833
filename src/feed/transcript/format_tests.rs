//! Tests of `format`.

use super::*;
use TranscriptFormat::*;

#[test]
fn mime_types_as_feeds_write_them() {
    let cases = [
        ("application/json", Json),
        ("application/json; charset=utf-8", Json),
        ("text/vtt", Vtt),
        ("TEXT/VTT", Vtt),
        ("application/x-subrip", Srt),
        ("application/srt", Srt),
        ("text/html", Html),
        ("text/plain", Text),
    ];
    for (mime, format) in cases {
        assert_eq!(TranscriptFormat::from_mime(mime), Some(format), "{mime}");
    }
    assert_eq!(TranscriptFormat::from_mime("audio/mpeg"), None);
}

#[test]
fn extensions_and_first_bytes() {
    assert_eq!(
        TranscriptFormat::from_url("https://x.org/a/ep.SRT?x=1#t"),
        Some(Srt)
    );
    assert_eq!(TranscriptFormat::from_url("https://x.org/transcript"), None);
    assert_eq!(TranscriptFormat::sniff(b"\xEF\xBB\xBFWEBVTT\n"), Vtt);
    assert_eq!(TranscriptFormat::sniff(b" {\"segments\": []}"), Json);
    assert_eq!(TranscriptFormat::sniff(b"<cite>A:</cite>"), Html);
    assert_eq!(
        TranscriptFormat::sniff(b"1\n00:00:01,000 --> 00:00:02,000\nHi"),
        Srt
    );
    assert_eq!(TranscriptFormat::sniff(b"Hello there."), Text);
}

#[test]
fn the_declared_type_wins() {
    let decide = TranscriptFormat::decide;
    assert_eq!(decide(Some("text/vtt"), "a.srt", None, b"{}"), Vtt);
    assert_eq!(decide(Some("x/unknown"), "a.srt", None, b"{}"), Srt);
    assert_eq!(decide(None, "a", Some("application/json"), b"WEBVTT"), Json);
    assert_eq!(
        decide(None, "a", Some("application/octet-stream"), b"WEBVTT"),
        Vtt
    );
    for format in TranscriptFormat::PREFERENCE {
        assert_eq!(TranscriptFormat::from_name(format.name()), Some(format));
        assert_eq!(TranscriptFormat::from_mime(format.mime()), Some(format));
    }
}
