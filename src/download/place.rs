//! Where a download is written: `<download dir>/<podcast>/<date title>.<ext>`, claimed under
//! its `.part` name so two downloads never pick the same file, and always inside the download
//! directory whatever the titles and URL say.

use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::DownloadError;
use super::names::{self, PART_SUFFIX};
use crate::model::Episode;
use crate::store::Store;

/// The finished file's path and the `.part` file it is written as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub file: PathBuf,
    pub part: PathBuf,
}

impl Place {
    fn for_file(file: PathBuf) -> Place {
        let mut part = file.clone().into_os_string();
        part.push(PART_SUFFIX);
        Place {
            file,
            part: PathBuf::from(part),
        }
    }
}

/// The place of episode `id`'s download: the one recorded earlier when it is still inside
/// `download_dir` (resuming), else a new unique name, claimed by creating its empty `.part`.
pub fn choose(
    store: &Store,
    download_dir: &Path,
    id: i64,
    podcast_title: &str,
    episode: &Episode,
    recorded: Option<&Path>,
) -> Result<Place, DownloadError> {
    let dir = download_dir.join(names::podcast_dir(podcast_title));
    if let Some(recorded) = recorded.filter(|p| p.parent() == Some(dir.as_path())) {
        return Ok(Place::for_file(recorded.to_path_buf()));
    }
    std::fs::create_dir_all(&dir).map_err(|source| DownloadError::Io {
        doing: "creating the download folder",
        path: dir.clone(),
        source,
    })?;
    let (url, mime) = episode
        .enclosure
        .as_ref()
        .map(|e| (e.url.as_str(), e.mime.as_deref()))
        .unwrap_or_default();
    let date = episode.published.map(|d| d.format("%Y-%m-%d").to_string());
    let base = names::episode_file(
        &episode.title,
        date.as_deref(),
        &names::extension_for(url, mime),
    );
    for n in 1..=999 {
        let place = Place::for_file(dir.join(names::numbered(&base, n)));
        if place.file.exists() || store.download_path_taken(&place.file, id)? {
            continue;
        }
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&place.part)
        {
            Ok(_) => return Ok(place),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(source) => {
                return Err(DownloadError::Io {
                    doing: "creating the download file",
                    path: place.part,
                    source,
                });
            }
        }
    }
    Err(DownloadError::NoFreeName { dir, name: base })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Enclosure;

    fn episode(title: &str, url: &str) -> Episode {
        Episode {
            guid: title.into(),
            title: title.into(),
            enclosure: Some(Enclosure {
                url: url.into(),
                mime: None,
                length: None,
            }),
            ..Episode::default()
        }
    }

    #[test]
    fn names_are_unique_and_inside_the_download_dir() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_memory().unwrap();
        let ep = episode("../../etc/x", "https://h/../../etc/passwd");
        let first = choose(&store, dir.path(), 1, "/abs/../pod", &ep, None).unwrap();
        let second = choose(&store, dir.path(), 2, "/abs/../pod", &ep, None).unwrap();
        assert_ne!(first, second);
        for place in [&first, &second] {
            assert!(place.file.starts_with(dir.path()), "{place:?}");
            assert_eq!(place.file.parent().unwrap().parent().unwrap(), dir.path());
            assert!(place.part.exists());
        }
        assert_eq!(
            first.file.file_name().unwrap().to_str().unwrap(),
            "etc-x.mp3"
        );
        assert_eq!(
            second.file.file_name().unwrap().to_str().unwrap(),
            "etc-x (2).mp3"
        );
        // A recorded place in the same folder is kept (a resumed download).
        let again = choose(&store, dir.path(), 1, "/abs/../pod", &ep, Some(&first.file)).unwrap();
        assert_eq!(again, first);
        // One outside the folder is not trusted.
        let outside = choose(
            &store,
            dir.path(),
            1,
            "/abs/../pod",
            &ep,
            Some(Path::new("/etc/x.mp3")),
        )
        .unwrap();
        assert!(outside.file.starts_with(dir.path()));
    }
}
