//! Why a media file's length could not be read, and the bounded read the readers share.

use crate::feed::chapters::source::ReadAt;

pub(super) use crate::feed::chapters::error::describe_magic;

/// A failure to read the length of a media file. Offsets are bytes into the file.
#[derive(Debug, thiserror::Error)]
pub enum MediaLengthError {
    /// The byte source failed (file system or network).
    #[error("could not read {what} at byte {offset}")]
    Io {
        what: &'static str,
        offset: u64,
        #[source]
        source: std::io::Error,
    },
    /// A structure holds values no writer produces, or is missing.
    #[error("invalid {what} at byte {offset}: {detail}")]
    Invalid {
        what: &'static str,
        offset: u64,
        detail: String,
    },
    /// The first bytes match no format whose length can be read.
    #[error("unrecognised media format (file starts with {magic})")]
    UnknownFormat { magic: String },
}

/// Up to `len` bytes from `offset` (fewer at the end of the source, never more than asked).
pub(super) fn read(
    src: &mut impl ReadAt,
    offset: u64,
    len: usize,
    what: &'static str,
) -> Result<Vec<u8>, MediaLengthError> {
    let mut bytes = src
        .read_at(offset, len)
        .map_err(|source| MediaLengthError::Io {
            what,
            offset,
            source,
        })?;
    bytes.truncate(len);
    Ok(bytes)
}

/// `len` bytes at `at` in `data`, if they are there.
pub(super) fn slice(data: &[u8], at: usize, len: usize) -> Option<&[u8]> {
    data.get(at..at.checked_add(len)?)
}

pub(super) fn be_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(slice(data, at, 4)?.try_into().ok()?))
}

pub(super) fn be_u64(data: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(slice(data, at, 8)?.try_into().ok()?))
}

pub(super) fn le_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(slice(data, at, 2)?.try_into().ok()?))
}

pub(super) fn le_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(slice(data, at, 4)?.try_into().ok()?))
}

pub(super) fn le_u64(data: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(slice(data, at, 8)?.try_into().ok()?))
}
