//! Tests of `mp4_priming`.

use super::*;
use crate::audio::test_support::MemorySource;

fn boxed(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut out = (8 + payload.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(payload);
    out
}

fn mp4(tracks: &[(i32, u32)]) -> Vec<u8> {
    let mut moov = Vec::new();
    for &(media_time, scale) in tracks {
        let mut elst = vec![0, 0, 0, 0, 0, 0, 0, 2];
        // An empty edit first, then the one into the media.
        elst.extend_from_slice(&500u32.to_be_bytes());
        elst.extend_from_slice(&(-1i32).to_be_bytes());
        elst.extend_from_slice(&[0, 1, 0, 0]);
        elst.extend_from_slice(&12_000u32.to_be_bytes());
        elst.extend_from_slice(&media_time.to_be_bytes());
        elst.extend_from_slice(&[0, 1, 0, 0]);
        let mut mdhd = vec![0u8; 12];
        mdhd.extend_from_slice(&scale.to_be_bytes());
        mdhd.extend_from_slice(&[0u8; 8]);
        let trak = [
            boxed(b"tkhd", &[0u8; 84]),
            boxed(b"edts", &boxed(b"elst", &elst)),
            boxed(b"mdia", &boxed(b"mdhd", &mdhd)),
        ]
        .concat();
        moov.extend(boxed(b"trak", &trak));
    }
    [
        boxed(b"ftyp", b"M4A \0\0\0\0"),
        boxed(b"mdat", &[0u8; 100]),
        boxed(b"moov", &moov),
    ]
    .concat()
}

fn source(bytes: Vec<u8>) -> SharedSource {
    SharedSource::new(Box::new(MemorySource::new(bytes)))
}

#[test]
fn the_edit_list_into_the_media_gives_the_priming_in_samples() {
    let file = source(mp4(&[(1024, 44_100), (2112, 48_000)]));
    assert_eq!(priming(&file, 0, 44_100), Some(1024));
    assert_eq!(
        priming(&file, 1, 44_100),
        Some(1940),
        "2112 at 48 kHz, in 44.1 kHz"
    );
    assert_eq!(priming(&file, 2, 44_100), None, "no third track");
}

#[test]
fn other_files_and_damaged_boxes_have_none() {
    assert_eq!(
        priming(&source(b"ID3\x04\0\0\0\0\0\0".to_vec()), 0, 44_100),
        None
    );
    let mut file = mp4(&[(1024, 44_100)]);
    let len = file.len();
    // The moov claims to run past the end of the file.
    file[len - 2] = 0xFF;
    let moov_at = file.windows(4).position(|w| w == b"moov").unwrap() - 4;
    file[moov_at..moov_at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
    assert_eq!(priming(&source(file), 0, 44_100), None);
}
