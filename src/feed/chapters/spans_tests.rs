//! Tests of `spans`.

use super::*;
use crate::feed::chapters::source::{InMemory, Metered};

struct Ranges(Vec<(u64, u64)>);

impl<R> SpanSource<R> for Ranges {
    fn next_span(&mut self, _: &mut R) -> Result<Option<(u64, u64)>, MediaChapterError> {
        Ok((!self.0.is_empty()).then(|| self.0.remove(0)))
    }
}

#[test]
fn reads_across_ranges_and_skips_without_fetching() -> Result<(), MediaChapterError> {
    let data: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    let mut src = Metered::new(InMemory(data));
    let ranges = Ranges(vec![(10, 3), (20, 0), (30, 50_000), (60_000, 10)]);
    let mut reader = SpanReader::new(&mut src, ranges, "test sequence");
    assert_eq!(reader.take(5)?, [10, 11, 12, 30, 31]);
    reader.skip(49_990)?;
    // Byte values are offsets modulo 256: 50 022 is 102.
    assert_eq!(reader.take(4)?, [102, 103, 104, 105]);
    assert_eq!(reader.take(8)?, [106, 107, 108, 109, 96, 97, 98, 99]);
    assert_eq!(reader.take(6)?.len(), 6);
    let err = reader.take(1).map(|_| ()).map_err(|e| e.to_string());
    assert_eq!(err, Err("truncated test sequence at byte 60010".to_owned()));
    // The 50 000-byte range cost one 8 KiB read ahead, not a full read.
    assert!(src.bytes() < 8_300, "{:?}", src.ranges());
    Ok(())
}

#[test]
fn a_file_shorter_than_its_ranges_is_an_error() {
    let mut src = InMemory(vec![0u8; 10]);
    let mut reader = SpanReader::new(&mut src, OneSpan(Some((5, 100))), "FLAC block");
    assert!(matches!(
        reader.take(20),
        Err(MediaChapterError::ShortRead { .. })
    ));
}
