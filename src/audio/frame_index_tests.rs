//! Tests of `frame_index`.

use super::*;
use crate::audio::mp3::parse_header;
use crate::audio::test_support::MemorySource;

fn frame(header: [u8; 4]) -> Vec<u8> {
    let mut f = header.to_vec();
    f.resize(parse_header(header).unwrap().frame_len, 0);
    f
}

#[test]
fn walks_uneven_frames_and_skips_junk() {
    const H128: [u8; 4] = [0xFF, 0xFB, 0x90, 0x64];
    const H160: [u8; 4] = [0xFF, 0xFB, 0xA0, 0x64];
    let mut data = vec![0u8; 50];
    let mut expected = Vec::new();
    for i in 0..400 {
        if i == 200 {
            data.extend_from_slice(b"junk!");
        }
        expected.push(data.len() as u64);
        data.extend(frame(if i % 3 == 0 { H160 } else { H128 }));
    }
    data.extend_from_slice(b"TAG");
    data.resize(data.len() + 125, 0);
    let source = SharedSource::new(Box::new(MemorySource::new(data)));
    let first = parse_header(H160).unwrap();
    let mut index = FrameIndex::new(50, first, None);
    index.extend_to_frame(&source, 10).unwrap();
    assert_eq!(index.len(), 11);
    index.extend_to_byte(&source, expected[300] - 5).unwrap();
    assert_eq!(index.offset(300), Some(expected[300]));
    assert_eq!(index.frame_at_byte(expected[250] + 3), Some(250));
    index.extend_to_frame(&source, usize::MAX - 1).unwrap();
    assert!(index.done);
    assert_eq!(index.len(), 400);
    assert_eq!(
        (0..400)
            .map(|n| index.offset(n).unwrap())
            .collect::<Vec<_>>(),
        expected
    );
}
