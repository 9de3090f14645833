//! Whether a control socket file is safe: a socket, owned by this user, that no other user may
//! connect to (mode 0600). `ctl` refuses to talk to any other, and the player refuses to
//! replace one it does not own.

use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Why a socket file is not used.
#[derive(Debug, thiserror::Error)]
pub enum SocketFileError {
    #[error("there is no control socket at {0}")]
    Missing(PathBuf),
    #[error("{0} is not a socket: left alone")]
    NotASocket(PathBuf),
    #[error("refusing {path}: it belongs to user {owner}, not to user {me}")]
    Owner { path: PathBuf, owner: u32, me: u32 },
    #[error("refusing {path}: other users may use it (mode {mode:04o}, expected 0600)")]
    Open { path: PathBuf, mode: u32 },
    #[error("reading {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// This process's effective user.
pub fn my_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// Checks the socket file at `path` (never following a symbolic link).
pub fn check(path: &Path) -> Result<(), SocketFileError> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(SocketFileError::Missing(path.to_path_buf()));
        }
        Err(source) => {
            return Err(SocketFileError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    if !meta.file_type().is_socket() {
        return Err(SocketFileError::NotASocket(path.to_path_buf()));
    }
    let me = my_uid();
    if meta.uid() != me {
        return Err(SocketFileError::Owner {
            path: path.to_path_buf(),
            owner: meta.uid(),
            me,
        });
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(SocketFileError::Open {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_private_socket_of_mine_passes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        assert!(matches!(check(&path), Err(SocketFileError::Missing(_))));
        std::fs::write(&path, "x").unwrap();
        assert!(matches!(check(&path), Err(SocketFileError::NotASocket(_))));
        std::fs::remove_file(&path).unwrap();
        let _listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        check(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
        let error = check(&path).unwrap_err().to_string();
        assert!(error.contains("mode 0666"), "{error}");
        if my_uid() == 0 {
            std::os::unix::fs::chown(&path, Some(65534), None).unwrap();
            let error = check(&path).unwrap_err().to_string();
            assert!(error.contains("belongs to user 65534"), "{error}");
        }
    }
}
