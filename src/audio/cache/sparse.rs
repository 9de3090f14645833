//! The cache file of one episode: as long as the server's copy from the start, with holes where
//! nothing was fetched yet (sparse on filesystems that support it). Bytes are written and read at
//! offsets, so the fetcher and the reader share one handle without a shared cursor.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use super::error::CacheError;

/// An episode's cache file.
#[derive(Debug)]
pub struct SparseFile {
    file: File,
    path: PathBuf,
}

impl SparseFile {
    /// Opens (or creates) the cache file at `path` for a copy of `total` bytes. Returns the file
    /// and whether it already had exactly that length, the condition for trusting recorded ranges.
    pub fn open(path: &Path, total: u64) -> Result<(SparseFile, bool), CacheError> {
        let io_err = |source| CacheError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io_err)?;
        }
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(io_err)?;
        let kept = file.metadata().map_err(io_err)?.len() == total;
        let sparse = SparseFile {
            file,
            path: path.to_path_buf(),
        };
        if !kept {
            sparse.reset(total)?;
        }
        Ok((sparse, kept))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Empties the file and gives it `total` bytes of holes (the server's copy changed).
    pub fn reset(&self, total: u64) -> Result<(), CacheError> {
        self.file
            .set_len(0)
            .and_then(|()| self.file.set_len(total))
            .map_err(|source| self.error(source))
    }

    /// Writes all of `bytes` at `offset`.
    pub fn write_at(&self, offset: u64, bytes: &[u8]) -> Result<(), CacheError> {
        write_all_at(&self.file, bytes, offset).map_err(|source| self.error(source))
    }

    /// Fills `buf` from `offset`; the bytes must lie within the file.
    pub fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<(), CacheError> {
        read_exact_at(&self.file, buf, offset).map_err(|source| self.error(source))
    }

    /// Asks the kernel to start writing `range` to disk now, without waiting for it, so that
    /// the [`sync`](Self::sync) before a record (and a download's last sync) finds little left
    /// to write. Only a hint: errors surface at the next sync.
    pub fn start_writeback(&self, range: std::ops::Range<u64>) {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let (Ok(offset), Ok(len)) = (
                i64::try_from(range.start),
                i64::try_from(range.end.saturating_sub(range.start)),
            ) else {
                return;
            };
            // SAFETY: the descriptor is open for as long as `self`; the call only schedules
            // writeback of the file's own pages.
            unsafe {
                libc::sync_file_range(
                    self.file.as_raw_fd(),
                    offset,
                    len,
                    libc::SYNC_FILE_RANGE_WRITE,
                );
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = range;
    }

    /// Makes written bytes durable before they are recorded as cached.
    pub fn sync(&self) -> Result<(), CacheError> {
        self.file.sync_data().map_err(|source| self.error(source))
    }

    fn error(&self, source: io::Error) -> CacheError {
        CacheError::Io {
            path: self.path.clone(),
            source,
        }
    }
}

#[cfg(unix)]
fn write_all_at(file: &File, bytes: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn write_all_at(file: &File, mut bytes: &[u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        match file.seek_write(bytes, offset) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                bytes = &bytes[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "sparse_tests.rs"]
mod tests;
