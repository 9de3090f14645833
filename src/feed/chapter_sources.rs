//! Gathering every chapter source of one episode: the feed's own lists, the Podcasting 2.0 JSON
//! file, and the chapters embedded in the media (read in place for a local file, by Range
//! requests for a remote one — never by downloading the episode).

use std::path::{Path, PathBuf};

use super::chapters::media::{self, MediaFormat};
use super::chapters::merge::Found;
use super::chapters::source::ReadAt;
use super::chapters::{notes, podcast_json, psc};
use crate::model::{ChapterSource, Episode};
use crate::net::{self, range_reader::HttpRangeReader};

/// Which sources to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted {
    All,
    Only(ChapterSource),
}

impl Wanted {
    fn includes(self, source: ChapterSource) -> bool {
        match self {
            Wanted::All => true,
            Wanted::Only(only) => only == source,
        }
    }

    fn includes_media(self) -> bool {
        match self {
            Wanted::All => true,
            Wanted::Only(only) => only.is_embedded(),
        }
    }
}

/// Reads the sources of `episode`. `local_media` is the downloaded file when there is one; a
/// `file://` enclosure is read in place too.
pub async fn gather(
    client: &reqwest::Client,
    episode: &Episode,
    local_media: Option<&Path>,
    wanted: Wanted,
) -> Found {
    let mut found = Found::new();
    if wanted.includes(ChapterSource::Notes) {
        found.insert(ChapterSource::Notes, Ok(notes::parse(&episode.notes_html)));
    }
    if wanted.includes(ChapterSource::Podlove) {
        let podlove: Vec<_> = episode
            .chapters
            .iter()
            .filter(|c| c.source == ChapterSource::Podlove)
            .cloned()
            .collect();
        if !podlove.is_empty() {
            found.insert(ChapterSource::Podlove, Ok(podlove));
        } else if let Some(url) = &episode.podlove_url {
            let outcome = net::get_bounded(client, url, psc::MAX_DOCUMENT_BYTES)
                .await
                .and_then(|xml| psc::parse_document(&xml).map_err(|e| format!("{url}: {e}")));
            found.insert(ChapterSource::Podlove, outcome);
        }
    }
    if wanted.includes(ChapterSource::PodcastJson)
        && let Some(url) = &episode.chapters_url
    {
        let outcome = fetch_json_chapters(client, url).await;
        found.insert(ChapterSource::PodcastJson, outcome);
    }
    if wanted.includes_media()
        && let Some((source, outcome)) = read_media(client, episode, local_media).await
        && wanted.includes(source)
    {
        found.insert(source, outcome);
    }
    found
}

async fn fetch_json_chapters(
    client: &reqwest::Client,
    url: &str,
) -> Result<Vec<crate::model::Chapter>, String> {
    let bytes = net::get_bounded(client, url, podcast_json::MAX_BYTES).await?;
    podcast_json::parse(&bytes).map_err(|e| format!("{url}: {e}"))
}

/// The media's embedded chapters, under the source its format carries. `None` when the episode
/// has no media.
async fn read_media(
    client: &reqwest::Client,
    episode: &Episode,
    local_media: Option<&Path>,
) -> Option<(ChapterSource, Result<Vec<crate::model::Chapter>, String>)> {
    let enclosure = episode.enclosure.as_ref()?;
    let mime = enclosure.mime.clone();
    let expected = match media::format_hint(mime.as_deref(), &enclosure.url) {
        Some(MediaFormat::Ogg | MediaFormat::Flac) => ChapterSource::Vorbis,
        Some(MediaFormat::Mp4) => ChapterSource::Mp4,
        _ => ChapterSource::Id3,
    };
    let local: Option<PathBuf> = local_media.map(Path::to_path_buf).or_else(|| {
        url::Url::parse(&enclosure.url)
            .ok()
            .filter(|u| u.scheme() == "file")
            .and_then(|u| u.to_file_path().ok())
    });
    let url = enclosure.url.clone();
    let outcome = match local {
        Some(path) => tokio::task::spawn_blocking(move || {
            let mut file =
                std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            read_from(&mut file, mime.as_deref(), &path.display().to_string())
        })
        .await
        .unwrap_or_else(|e| Err(format!("reading media chapters: {e}"))),
        None if url.starts_with("http://") || url.starts_with("https://") => {
            let mut reader = HttpRangeReader::new(
                client.clone(),
                url.clone(),
                tokio::runtime::Handle::current(),
            );
            tokio::task::spawn_blocking(move || read_from(&mut reader, mime.as_deref(), &url))
                .await
                .unwrap_or_else(|e| Err(format!("reading media chapters: {e}")))
        }
        None => return None,
    };
    Some(match outcome {
        Ok((source, chapters)) => (source, Ok(chapters)),
        Err(why) => (expected, Err(why)),
    })
}

fn read_from(
    src: &mut impl ReadAt,
    mime: Option<&str>,
    name: &str,
) -> Result<(ChapterSource, Vec<crate::model::Chapter>), String> {
    media::read_any(src, mime, name).map_err(|e| format!("{name}: {e}"))
}
