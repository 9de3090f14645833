//! A WAV file's length: the `data` chunk's size over the `fmt ` chunk's byte rate.

use super::error::{MediaLengthError, le_u16, le_u32, read, slice};
use super::{LengthBasis, MediaLength};
use crate::feed::chapters::source::ReadAt;

/// Chunks passed over in search of `data`.
const MAX_CHUNKS: usize = 64;

pub(super) fn length(
    src: &mut impl ReadAt,
    head: &[u8],
    file_len: Option<u64>,
) -> Result<Option<MediaLength>, MediaLengthError> {
    let mut at = 12u64;
    let mut format: Option<(u16, u32, u32, u16)> = None;
    for _ in 0..MAX_CHUNKS {
        let fetched;
        let header = match slice(head, at as usize, 8) {
            Some(h) => h,
            None => {
                fetched = read(src, at, 8, "WAV chunk header")?;
                &fetched[..]
            }
        };
        let (Some(id), Some(size)) = (slice(header, 0, 4), le_u32(header, 4)) else {
            break;
        };
        let body = at + 8;
        if id == b"fmt " {
            let fetched;
            let fmt = match slice(head, body as usize, 16) {
                Some(f) => f,
                None => {
                    fetched = read(src, body, 16, "WAV fmt chunk")?;
                    &fetched[..]
                }
            };
            format = (|| {
                Some((
                    le_u16(fmt, 0)?,
                    le_u32(fmt, 4)?,
                    le_u32(fmt, 8)?,
                    le_u16(fmt, 12)?,
                ))
            })();
        } else if id == b"data" {
            let Some((tag, rate, byte_rate, block)) = format else {
                return Err(invalid(body, "data before fmt"));
            };
            // A size the writer never filled in (a live recording): up to the end of the file.
            let mut bytes = u64::from(size);
            if let Some(len) = file_len
                && (size == u32::MAX || size == 0 || body + bytes > len)
            {
                bytes = len.saturating_sub(body);
            }
            let pcm = matches!(tag, 1 | 3 | 0xFFFE);
            let seconds = if pcm && block > 0 && rate > 0 {
                (bytes / u64::from(block)) as f64 / f64::from(rate)
            } else if byte_rate > 0 {
                bytes as f64 / f64::from(byte_rate)
            } else {
                return Err(invalid(body, "no byte rate"));
            };
            return Ok(Some(MediaLength {
                seconds,
                basis: LengthBasis::WavData,
            }));
        }
        at = body + u64::from(size) + u64::from(size & 1);
    }
    Err(invalid(at, "no data chunk"))
}

fn invalid(offset: u64, detail: &str) -> MediaLengthError {
    MediaLengthError::Invalid {
        what: "WAV file",
        offset,
        detail: detail.to_owned(),
    }
}
