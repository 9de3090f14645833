//! Tests of `xing`.

use super::*;
use crate::audio::mp3::frame::parse_header;

/// Builds a tag frame: `header`, zeroed side info, then the tag with the given fields and an
/// optional LAME extension carrying `delay`/`padding`.
pub(crate) fn tag_frame(
    header: [u8; 4],
    magic: &[u8; 4],
    frames: Option<u32>,
    bytes: Option<u32>,
    toc: Option<&[u8; 100]>,
    lame: Option<(u16, u16)>,
) -> Vec<u8> {
    let h = parse_header(header).unwrap();
    let mut f = header.to_vec();
    f.resize(xing_offset(&h), 0);
    f.extend_from_slice(magic);
    let flags = u32::from(frames.is_some())
        | u32::from(bytes.is_some()) << 1
        | u32::from(toc.is_some()) << 2
        | FLAG_QUALITY;
    f.extend_from_slice(&flags.to_be_bytes());
    frames
        .into_iter()
        .for_each(|v| f.extend_from_slice(&v.to_be_bytes()));
    bytes
        .into_iter()
        .for_each(|v| f.extend_from_slice(&v.to_be_bytes()));
    toc.into_iter().for_each(|t| f.extend_from_slice(t));
    f.extend_from_slice(&57u32.to_be_bytes());
    if let Some((delay, padding)) = lame {
        f.extend_from_slice(b"LAME3.100");
        f.extend_from_slice(&[0; 12]);
        f.push((delay >> 4) as u8);
        f.push(((delay & 0xF) << 4) as u8 | (padding >> 8) as u8);
        f.push((padding & 0xFF) as u8);
    }
    assert!(f.len() <= h.frame_len, "tag does not fit the frame");
    f.resize(h.frame_len, 0);
    f
}

fn ramp() -> [u8; 100] {
    std::array::from_fn(|i| (i * 256 / 100) as u8)
}

#[test]
fn full_xing_tag_with_lame_extension() {
    let hdr = [0xFF, 0xFB, 0x90, 0x64];
    let f = tag_frame(
        hdr,
        b"Xing",
        Some(1234),
        Some(99_000),
        Some(&ramp()),
        Some((576, 1404)),
    );
    let tag = parse_xing(&f, &parse_header(hdr).unwrap()).unwrap();
    assert_eq!(tag.kind, XingKind::Xing);
    assert_eq!(
        (tag.frames, tag.bytes, tag.quality),
        (Some(1234), Some(99_000), Some(57))
    );
    assert_eq!(tag.toc, Some(ramp()));
    let lame = tag.lame.unwrap();
    assert_eq!(&lame.encoder, b"LAME3.100");
    assert_eq!((lame.encoder_delay, lame.encoder_padding), (576, 1404));
}

#[test]
fn info_tag_with_some_fields_missing() {
    let hdr = [0xFF, 0xF3, 0x80, 0xC4]; // MPEG-2 mono, side info 9 bytes
    let h = parse_header(hdr).unwrap();
    let f = tag_frame(hdr, b"Info", None, Some(5000), None, Some((4095, 1)));
    assert_eq!(&f[13..17], b"Info");
    let tag = parse_xing(&f, &h).unwrap();
    assert_eq!(
        (tag.kind, tag.frames, tag.bytes),
        (XingKind::Info, None, Some(5000))
    );
    assert_eq!(tag.toc, None);
    let lame = tag.lame.unwrap();
    assert_eq!((lame.encoder_delay, lame.encoder_padding), (4095, 1));
}

#[test]
fn unknown_encoder_string_is_not_lame() {
    let hdr = [0xFF, 0xFB, 0x90, 0x64];
    let mut f = tag_frame(hdr, b"Xing", Some(10), None, None, Some((1, 2)));
    let at = xing_offset(&parse_header(hdr).unwrap()) + 8 + 4 + 4;
    f[at..at + 4].copy_from_slice(b"XXXX");
    assert_eq!(
        parse_xing(&f, &parse_header(hdr).unwrap()).unwrap().lame,
        None
    );
}

#[test]
fn crc_protected_frame_tag_after_the_crc() {
    let hdr = [0xFF, 0xFA, 0x90, 0xC4]; // MPEG-1 mono, CRC present
    let h = parse_header(hdr).unwrap();
    assert!(h.crc_protected);
    let mut f = vec![0; h.frame_len];
    f[..4].copy_from_slice(&hdr);
    f[23..27].copy_from_slice(b"Info");
    f[27..31].copy_from_slice(&1u32.to_be_bytes());
    f[31..35].copy_from_slice(&77u32.to_be_bytes());
    assert_eq!(parse_xing(&f, &h).unwrap().frames, Some(77));
    // LAME's own placement, ignoring the CRC, is found first.
    let lame = tag_frame(hdr, b"Xing", Some(5), None, None, None);
    assert_eq!(parse_xing(&lame, &h).unwrap().frames, Some(5));
}

#[test]
fn truncated_and_foreign_frames() {
    let hdr = [0xFF, 0xFB, 0x90, 0x64];
    let h = parse_header(hdr).unwrap();
    let f = tag_frame(hdr, b"Xing", Some(1), Some(2), Some(&ramp()), Some((1, 1)));
    for cut in 0..f.len() {
        let _ = parse_xing(&f[..cut], &h);
    }
    assert_eq!(parse_xing(&f[..46], &h).unwrap().frames, None);
    assert_eq!(parse_xing(&[0; 417], &h), None);
    let layer2 = parse_header([0xFF, 0xFD, 0xA0, 0x00]).unwrap();
    assert_eq!(parse_xing(&f, &layer2), None);
}
