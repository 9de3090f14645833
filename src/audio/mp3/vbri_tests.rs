//! Tests of `vbri`.

use super::*;

/// Builds a VBRI tag frame: `header`, zeros up to the tag, the tag with a seek table of
/// `entries` (raw values, `entry_size` bytes each), padded to `frame_len`.
pub(crate) fn vbri_frame(
    header: [u8; 4],
    frame_len: usize,
    bytes: u32,
    frames: u32,
    (scale, entry_size, frames_per_entry): (u16, u16, u16),
    entries: &[u32],
) -> Vec<u8> {
    let mut f = header.to_vec();
    f.resize(VBRI_OFFSET, 0);
    f.extend_from_slice(b"VBRI");
    f.extend_from_slice(&1u16.to_be_bytes()); // version
    f.extend_from_slice(&1105u16.to_be_bytes()); // delay
    f.extend_from_slice(&75u16.to_be_bytes()); // quality
    f.extend_from_slice(&bytes.to_be_bytes());
    f.extend_from_slice(&frames.to_be_bytes());
    f.extend_from_slice(&(entries.len() as u16).to_be_bytes());
    f.extend_from_slice(&scale.to_be_bytes());
    f.extend_from_slice(&entry_size.to_be_bytes());
    f.extend_from_slice(&frames_per_entry.to_be_bytes());
    for e in entries {
        let be = e.to_be_bytes();
        f.extend_from_slice(&be[4 - usize::from(entry_size)..]);
    }
    assert!(f.len() <= frame_len, "VBRI table does not fit the frame");
    f.resize(frame_len, 0);
    f
}

#[test]
fn parses_fields_and_scaled_table() {
    let f = vbri_frame(
        [0xFF, 0xFB, 0xA0, 0xC4],
        522,
        80_000,
        200,
        (2, 2, 10),
        &[300, 0x1234],
    );
    let tag = parse_vbri(&f).unwrap();
    assert_eq!((tag.version, tag.delay, tag.quality), (1, 1105, 75));
    assert_eq!((tag.bytes, tag.frames), (80_000, 200));
    let toc = tag.toc.unwrap();
    assert_eq!(toc.frames_per_entry, 10);
    assert_eq!(toc.entry_bytes, vec![600, 0x2468]);
}

#[test]
fn every_entry_size() {
    for size in 1..=4u16 {
        let f = vbri_frame(
            [0xFF, 0xFB, 0xA0, 0xC4],
            522,
            1,
            1,
            (1, size, 1),
            &[0x7F, 1],
        );
        assert_eq!(
            parse_vbri(&f).unwrap().toc.unwrap().entry_bytes,
            vec![0x7F, 1]
        );
    }
}

#[test]
fn bad_tables_are_dropped_but_counts_kept() {
    for (scale, size, fpe) in [(0, 2, 1), (1, 0, 1), (1, 5, 1), (1, 2, 0)] {
        let f = vbri_frame([0xFF, 0xFB, 0xA0, 0xC4], 522, 9, 8, (scale, size, fpe), &[]);
        let tag = parse_vbri(&f).unwrap();
        assert_eq!((tag.bytes, tag.frames, tag.toc), (9, 8, None));
    }
    // A table running past the bytes given.
    let f = vbri_frame([0xFF, 0xFB, 0xA0, 0xC4], 522, 9, 8, (1, 4, 1), &[1; 20]);
    assert_eq!(parse_vbri(&f[..100]).unwrap().toc, None);
}

#[test]
fn absent_or_truncated() {
    assert_eq!(parse_vbri(&[0; 417]), None);
    let f = vbri_frame([0xFF, 0xFB, 0xA0, 0xC4], 522, 9, 8, (1, 2, 1), &[5, 6]);
    for cut in 0..f.len() {
        let _ = parse_vbri(&f[..cut]);
    }
    assert_eq!(parse_vbri(&f[..VBRI_OFFSET + 17]), None);
    assert!(parse_vbri(&f[..VBRI_OFFSET + 18]).is_some());
}
