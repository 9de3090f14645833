//! An Ogg file's length: the granule position of the audio stream's last page, in samples at
//! the codec's rate (48 kHz for Opus, less its pre-skip). The first page, in the file's head,
//! names the codec and rate; the last page is found in **one** read of the file's last
//! [`TAIL_LEN`] bytes, scanning back for a page of the same stream whose checksum holds (the
//! capture pattern alone can turn up inside compressed audio).

use super::error::{MediaLengthError, le_u16, le_u32, le_u64, read, slice};
use super::{LengthBasis, MediaLength};
use crate::feed::chapters::source::ReadAt;

/// Bytes read from the end of the file.
pub const TAIL_LEN: usize = 64 * 1024;

/// What the first page says: the stream's serial, its granule rate and the samples to skip.
struct Stream {
    serial: u32,
    rate: u32,
    pre_skip: u64,
}

pub(super) fn length(
    src: &mut impl ReadAt,
    head: &[u8],
    file_len: Option<u64>,
) -> Result<Option<MediaLength>, MediaLengthError> {
    let stream = first_stream(head)?;
    let Some(len) = file_len else {
        return Ok(None);
    };
    let start = len.saturating_sub(TAIL_LEN as u64);
    let fetched;
    let tail = if len <= head.len() as u64 {
        &head[..len as usize]
    } else {
        fetched = read(src, start, TAIL_LEN, "Ogg tail")?;
        &fetched[..]
    };
    let Some(granule) = last_granule(tail, stream.serial) else {
        return Ok(None);
    };
    if stream.rate == 0 {
        return Ok(None);
    }
    Ok(Some(MediaLength {
        seconds: granule.saturating_sub(stream.pre_skip) as f64 / f64::from(stream.rate),
        basis: LengthBasis::OggGranule,
    }))
}

/// The codec, rate and serial from the first page (the stream's identification header).
fn first_stream(head: &[u8]) -> Result<Stream, MediaLengthError> {
    let invalid = |detail: &str| MediaLengthError::Invalid {
        what: "Ogg first page",
        offset: 0,
        detail: detail.to_owned(),
    };
    let page = Page::parse(head, 0).ok_or_else(|| invalid("cut short"))?;
    let packet = slice(head, page.body, page.body_len.min(head.len() - page.body))
        .ok_or_else(|| invalid("cut short"))?;
    let (rate, pre_skip) = if packet.starts_with(b"\x01vorbis") {
        (le_u32(packet, 12), 0)
    } else if packet.starts_with(b"OpusHead") {
        // Opus granules count 48 kHz samples whatever the input rate was.
        (Some(48_000), le_u16(packet, 10).map_or(0, u64::from))
    } else if packet.starts_with(b"\x7fFLAC") {
        // The mapping header, "fLaC", the STREAMINFO block header, then STREAMINFO.
        let rate = slice(packet, 17, 34).and_then(|info| {
            let b = slice(info, 10, 3)?;
            Some((u32::from(b[0]) << 12) | (u32::from(b[1]) << 4) | (u32::from(b[2]) >> 4))
        });
        (rate, 0)
    } else if packet.starts_with(b"Speex   ") {
        (le_u32(packet, 36), 0)
    } else {
        return Err(invalid("not Vorbis, Opus, FLAC or Speex"));
    };
    Ok(Stream {
        serial: page.serial,
        rate: rate.ok_or_else(|| invalid("identification header cut short"))?,
        pre_skip,
    })
}

/// The granule position of the last whole, intact page of stream `serial` in `data`.
fn last_granule(data: &[u8], serial: u32) -> Option<u64> {
    let mut end = data.len();
    while let Some(at) = memchr::memmem::rfind(&data[..end], b"OggS") {
        if let Some(page) = Page::parse(data, at)
            && page.serial == serial
            && page.granule != u64::MAX
            && page.body + page.body_len <= data.len()
            && page.crc_holds(data, at)
        {
            return Some(page.granule);
        }
        // Look again before this one.
        end = at + 3;
    }
    None
}

/// A page header found at some offset of a buffer.
struct Page {
    granule: u64,
    serial: u32,
    /// Where the body starts in the buffer, and its length.
    body: usize,
    body_len: usize,
}

impl Page {
    fn parse(data: &[u8], at: usize) -> Option<Page> {
        let h = slice(data, at, 27)?;
        if &h[..4] != b"OggS" || h[4] != 0 {
            return None;
        }
        let segments = usize::from(h[26]);
        let lacing = slice(data, at + 27, segments)?;
        Some(Page {
            granule: le_u64(h, 6)?,
            serial: le_u32(h, 14)?,
            body: at + 27 + segments,
            body_len: lacing.iter().map(|&l| usize::from(l)).sum(),
        })
    }

    /// True when the page's CRC (at bytes 22..26, computed with those bytes as zero) holds.
    fn crc_holds(&self, data: &[u8], at: usize) -> bool {
        let Some(page) = data.get(at..self.body + self.body_len) else {
            return false;
        };
        let Some(stated) = le_u32(page, 22) else {
            return false;
        };
        let mut crc = 0u32;
        for (i, &byte) in page.iter().enumerate() {
            let byte = if (22..26).contains(&i) { 0 } else { byte };
            crc = (crc << 8) ^ CRC_TABLE[((crc >> 24) as u8 ^ byte) as usize];
        }
        crc == stated
    }
}

/// The Ogg CRC-32 (polynomial 0x04C11DB7, not reflected), a byte at a time.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut r = (i as u32) << 24;
        let mut bit = 0;
        while bit < 8 {
            r = if r & 0x8000_0000 != 0 {
                (r << 1) ^ 0x04C1_1DB7
            } else {
                r << 1
            };
            bit += 1;
        }
        table[i] = r;
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of stream `serial` with `granule` and a one-segment body, checksum filled in.
    pub(super) fn page(serial: u32, granule: u64, flags: u8, body: &[u8]) -> Vec<u8> {
        let mut p = b"OggS".to_vec();
        p.push(0);
        p.push(flags);
        p.extend(granule.to_le_bytes());
        p.extend(serial.to_le_bytes());
        p.extend(0u32.to_le_bytes()); // sequence
        p.extend(0u32.to_le_bytes()); // checksum, below
        p.push(1);
        p.push(body.len() as u8);
        p.extend_from_slice(body);
        let mut crc = 0u32;
        for &byte in &p {
            crc = (crc << 8) ^ CRC_TABLE[((crc >> 24) as u8 ^ byte) as usize];
        }
        p[22..26].copy_from_slice(&crc.to_le_bytes());
        p
    }

    #[test]
    fn the_last_intact_page_of_the_stream_counts() {
        let good = page(7, 96_000, 0, &[1, 2, 3]);
        let other = page(9, 500_000, 0, &[4]);
        let mut broken = page(7, 999_999, 0, &[5, 6]);
        broken[29] ^= 0xFF; // body damaged: checksum fails
        let data = [&b"junk"[..], &good, &other, &broken, b"OggS...cut"].concat();
        assert_eq!(last_granule(&data, 7), Some(96_000));
        assert_eq!(last_granule(&data, 9), Some(500_000));
        assert_eq!(last_granule(&data, 8), None);
        // A page still being written says -1: the one before it counts.
        let open = page(7, u64::MAX, 4, &[1]);
        assert_eq!(
            last_granule(&[good.clone(), open].concat(), 7),
            Some(96_000)
        );
    }

    #[test]
    fn opus_pre_skip_and_rate() {
        let mut head = b"OpusHead".to_vec();
        head.extend([1, 2]);
        head.extend(312u16.to_le_bytes());
        head.extend(44_100u32.to_le_bytes());
        head.extend([0, 0, 0]);
        let s = first_stream(&page(3, 0, 2, &head)).unwrap();
        assert_eq!((s.serial, s.rate, s.pre_skip), (3, 48_000, 312));
        let err = first_stream(&page(3, 0, 2, b"\x80theora")).map(|_| ());
        assert!(err.is_err());
    }
}
