//! FLAC's length: STREAMINFO, the first metadata block, holds the sample rate and the total
//! number of samples (0 when the encoder did not know it).

use super::error::{MediaLengthError, be_u32, read, slice};
use super::{LengthBasis, MediaLength};
use crate::audio::mp3::id3v2_len;
use crate::feed::chapters::source::ReadAt;

/// "fLaC", a block header, and the 34 bytes of STREAMINFO.
const NEEDED: usize = 4 + 4 + 34;

/// The length from a FLAC stream starting at `head[at..]`.
pub(super) fn length(head: &[u8], at: usize) -> Result<Option<MediaLength>, MediaLengthError> {
    let invalid = |detail: &str| MediaLengthError::Invalid {
        what: "FLAC STREAMINFO",
        offset: at as u64,
        detail: detail.to_owned(),
    };
    let bytes = slice(head, at, NEEDED).ok_or_else(|| invalid("the file ends inside it"))?;
    if &bytes[..4] != b"fLaC" || bytes[4] & 0x7F != 0 {
        return Err(invalid("the first metadata block is not STREAMINFO"));
    }
    Ok(streaminfo(&bytes[8..]))
}

/// The length a STREAMINFO block (its 34 bytes) states, if it states one.
pub(super) fn streaminfo(info: &[u8]) -> Option<MediaLength> {
    let b = slice(info, 10, 8)?;
    let rate = (u32::from(b[0]) << 12) | (u32::from(b[1]) << 4) | (u32::from(b[2]) >> 4);
    let total = (u64::from(b[3] & 0x0F) << 32) | u64::from(be_u32(b, 4)?);
    if rate == 0 || total == 0 {
        return None;
    }
    Some(MediaLength {
        seconds: total as f64 / f64::from(rate),
        basis: LengthBasis::FlacStreamInfo,
    })
}

/// A FLAC stream behind an ID3v2 tag: its length, if "fLaC" follows the tag.
pub(super) fn after_id3(
    src: &mut impl ReadAt,
    head: &[u8],
) -> Result<Option<MediaLength>, MediaLengthError> {
    let Some(end) = id3v2_len(head) else {
        return Ok(None);
    };
    let at = usize::try_from(end).unwrap_or(usize::MAX);
    let fetched;
    let stream = match slice(head, at, NEEDED) {
        Some(_) => &head[at..],
        None => {
            fetched = read(src, end, NEEDED, "FLAC STREAMINFO")?;
            &fetched[..]
        }
    };
    if !stream.starts_with(b"fLaC") {
        return Ok(None);
    }
    length(stream, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flac_head(rate: u32, total: u64) -> Vec<u8> {
        let mut b = b"fLaC".to_vec();
        b.extend([0x80, 0, 0, 34]); // last block, STREAMINFO, 34 bytes
        b.extend([0x10, 0x00, 0x10, 0x00, 0, 0, 0, 0, 0, 0]);
        b.push((rate >> 12) as u8);
        b.push((rate >> 4) as u8);
        b.push(((rate & 0x0F) << 4) as u8 | 0b0010); // 2 channels
        b.push(0xF0 | ((total >> 32) as u8 & 0x0F)); // 16 bits
        b.extend(((total & 0xFFFF_FFFF) as u32).to_be_bytes());
        b.extend([0; 16]); // MD5
        b
    }

    #[test]
    fn streaminfo_gives_the_length() {
        let head = flac_head(44_100, 44_100 * 90 + 22_050);
        let found = length(&head, 0).unwrap().unwrap();
        assert_eq!(found.seconds, 90.5);
        assert_eq!(found.basis, LengthBasis::FlacStreamInfo);
        // 36-bit counts: over 2^32 samples (27 hours at 44.1 kHz).
        let long = length(&flac_head(48_000, 1 << 33), 0).unwrap().unwrap();
        assert_eq!(long.seconds, (1u64 << 33) as f64 / 48_000.0);
        assert_eq!(
            length(&flac_head(44_100, 0), 0).unwrap(),
            None,
            "count unknown"
        );
        assert!(length(&head[..20], 0).is_err());
        let mut not_first = head.clone();
        not_first[4] = 0x84; // a comment block first
        assert!(length(&not_first, 0).is_err());
    }
}
