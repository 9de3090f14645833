//! Tests of `id3_chap`.

use super::*;
use std::borrow::Cow;

const V3: Layout = Layout {
    version: 3,
    unsync_all: false,
};

fn frame(id: &[u8], size: [u8; 4], flags: u16, body: &[u8]) -> Vec<u8> {
    [id, &size, &flags.to_be_bytes(), body].concat()
}

#[test]
fn a_frame_running_past_the_tag_is_marked_truncated() {
    let data = frame(b"CHAP", [0, 0, 1, 0], 0, b"ch0\0");
    let frames: Vec<_> = Frames::new(&data, 10, V3).collect();
    assert_eq!(frames.len(), 1);
    let first = frames.first().map(|f| (f.truncated, f.offset));
    assert_eq!(first, Some((true, 10)));
    let err = frames.first().map(|f| parse_chap(f, V3).map(|_| ()));
    assert_eq!(
        err.map(|r| r.map_err(|e| e.to_string())),
        Some(Err("truncated CHAP frame at byte 10".to_owned()))
    );
}

#[test]
fn text_in_every_encoding() {
    assert_eq!(text_value(b"\0caf\xe9\0junk"), Some("café".to_owned()));
    assert_eq!(
        text_value(b"\x01\xff\xfeh\0i\0\0\0\xff\xfex\0"),
        Some("hi".to_owned())
    );
    assert_eq!(text_value(b"\x02\0h\0i"), Some("hi".to_owned()));
    assert_eq!(text_value("\x03né\0\0".as_bytes()), Some("né".to_owned()));
    assert_eq!(text_value(b"\x00\0"), None);
    assert_eq!(text_value(b""), None);
    assert_eq!(
        user_url(b"\x01\xff\xfed\0\0\0https://x\0"),
        Some("https://x".to_owned())
    );
    assert_eq!(plain_url(b"https://y"), Some("https://y".to_owned()));
}

#[test]
fn ctoc_children_and_flags() -> Result<(), MediaChapterError> {
    let data = b"TOC\0\x01\x02id3\0id4\0";
    let frame = Frame {
        id: b"CTOC",
        offset: 0,
        data: Cow::Borrowed(&data[..]),
        truncated: false,
    };
    let toc = parse_ctoc(&frame)?;
    assert_eq!((toc.id.as_slice(), toc.top_level), (&b"TOC"[..], false));
    assert_eq!(toc.children, [b"id3".to_vec(), b"id4".to_vec()]);
    let short = Frame {
        data: Cow::Borrowed(&data[..9]),
        ..frame
    };
    assert!(parse_ctoc(&short).is_err());
    Ok(())
}
