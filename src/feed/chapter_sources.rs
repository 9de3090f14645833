//! Gathering every chapter source of one episode: the feed's own lists, the Podcasting 2.0 JSON
//! file, and the chapters embedded in the media (read in place for a local file, by Range
//! requests for a remote one — never by downloading the episode).

use std::path::Path;

use super::chapters::media::{self, MediaFormat};
use super::chapters::merge::SourceOutcomes;
use super::chapters::source::ReadAt;
use super::chapters::{notes, podcast_json, psc};
use crate::audio::cache::MetadataReader;
use crate::audio::mp3;
use crate::model::{ChapterSource, Episode, Failure, FailureKind};
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

/// Everything found for an episode.
pub struct Gathered {
    pub found: SourceOutcomes,
    /// How long the media really lasts, measured when only feed-side chapters exist (their
    /// times may be shifted when it differs from what the feed says).
    pub media_duration: Option<f64>,
}

/// Where the media's own bytes are read from.
pub enum MediaBytes<'a> {
    /// The enclosure: in place for a `file://` URL, by Range requests over HTTP.
    Enclosure,
    /// The episode's downloaded file.
    File(&'a Path),
    /// The stream's cache, which keeps what is read for playing.
    Stream(MetadataReader),
}

/// Reads the sources of `episode`. `local_media` is the downloaded file when there is one; a
/// `file://` enclosure is read in place too.
pub async fn gather(
    client: &reqwest::Client,
    episode: &Episode,
    local_media: Option<&Path>,
    wanted: Wanted,
) -> Gathered {
    let media = local_media.map_or(MediaBytes::Enclosure, MediaBytes::File);
    gather_from(client, episode, media, wanted).await
}

/// Reads the sources of `episode`, the media's own chapters from `media`.
pub async fn gather_from(
    client: &reqwest::Client,
    episode: &Episode,
    media: MediaBytes<'_>,
    wanted: Wanted,
) -> Gathered {
    let mut found = SourceOutcomes::new();
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
                .map_err(Failure::from)
                .and_then(|xml| {
                    psc::parse_document(&xml)
                        .map_err(|e| Failure::from_error(FailureKind::Parse, &e).context(url))
                });
            found.insert(ChapterSource::Podlove, outcome);
        }
    }
    if wanted.includes(ChapterSource::PodcastJson)
        && let Some(url) = &episode.chapters_url
    {
        let outcome = fetch_json_chapters(client, url).await;
        found.insert(ChapterSource::PodcastJson, outcome);
    }
    let mut media_duration = None;
    if wanted.includes_media()
        && let Some((source, outcome, duration)) = read_media(client, episode, media).await
        && wanted.includes(source)
    {
        found.insert(source, outcome);
        media_duration = duration;
    }
    if let Some(duration) = media_duration.or(episode.duration_s) {
        for chapters in found
            .values_mut()
            .filter_map(|outcome| outcome.as_mut().ok())
        {
            clamp_ends(chapters, duration);
        }
    }
    Gathered {
        found,
        media_duration,
    }
}

/// Ends no chapter past the end of the audio (`duration` seconds, measured or as the feed
/// says): a last chapter written to run longer is cut there.
fn clamp_ends(chapters: &mut [crate::model::Chapter], duration: f64) {
    if duration.is_nan() || duration <= 0.0 {
        return;
    }
    for chapter in chapters {
        if chapter.start_s < duration && chapter.end_s.is_some_and(|end| end > duration) {
            chapter.end_s = Some(duration);
        }
    }
}

async fn fetch_json_chapters(
    client: &reqwest::Client,
    url: &str,
) -> Result<Vec<crate::model::Chapter>, Failure> {
    let bytes = net::get_bounded(client, url, podcast_json::MAX_BYTES).await?;
    podcast_json::parse(&bytes)
        .map_err(|e| Failure::from_error(FailureKind::Parse, &e).context(url))
}

/// The media's embedded chapters, under the source its format carries, and — when it has none —
/// the media's real duration. `None` when the episode has no media.
async fn read_media(
    client: &reqwest::Client,
    episode: &Episode,
    media: MediaBytes<'_>,
) -> Option<(ChapterSource, MediaChapters, Option<f64>)> {
    let enclosure = episode.enclosure.as_ref()?;
    let mime = enclosure.mime.clone();
    let expected = match media::format_hint(mime.as_deref(), &enclosure.url) {
        Some(MediaFormat::Ogg | MediaFormat::Flac) => ChapterSource::Vorbis,
        Some(MediaFormat::Mp4) => ChapterSource::Mp4,
        _ => ChapterSource::Id3,
    };
    let url = enclosure.url.clone();
    let local = match media {
        MediaBytes::Stream(mut reader) => {
            let outcome = in_blocking(move || read_from(&mut reader, mime.as_deref(), &url));
            return Some(media_outcome(outcome.await, expected));
        }
        MediaBytes::File(path) => Some(path.to_path_buf()),
        MediaBytes::Enclosure => url::Url::parse(&url)
            .ok()
            .filter(|u| u.scheme() == "file")
            .and_then(|u| u.to_file_path().ok()),
    };
    let outcome = match local {
        Some(path) => {
            in_blocking(move || {
                let mut file = std::fs::File::open(&path).map_err(|e| {
                    Failure::from_error(FailureKind::Disk, &e).context(path.display())
                })?;
                read_from(&mut file, mime.as_deref(), &path.display().to_string())
            })
            .await
        }
        None if url.starts_with("http://") || url.starts_with("https://") => {
            let mut reader = HttpRangeReader::new(
                client.clone(),
                url.clone(),
                tokio::runtime::Handle::current(),
            );
            in_blocking(move || read_from(&mut reader, mime.as_deref(), &url)).await
        }
        None => return None,
    };
    Some(media_outcome(outcome, expected))
}

/// Runs a chapter read on a blocking thread.
async fn in_blocking(
    read: impl FnOnce() -> Result<MediaRead, Failure> + Send + 'static,
) -> Result<MediaRead, Failure> {
    tokio::task::spawn_blocking(read)
        .await
        .unwrap_or_else(|e| Err(stopped(&e)))
}

/// What a media read found, under the source `expected` when it failed.
fn media_outcome(
    outcome: Result<MediaRead, Failure>,
    expected: ChapterSource,
) -> (ChapterSource, MediaChapters, Option<f64>) {
    match outcome {
        Ok(((source, chapters), duration)) => (source, Ok(chapters), duration),
        Err(why) => (expected, Err(why), None),
    }
}

type MediaChapters = Result<Vec<crate::model::Chapter>, Failure>;

/// The reading task stopped before it finished.
fn stopped(err: &tokio::task::JoinError) -> Failure {
    Failure::new(FailureKind::Other, format!("reading media chapters: {err}"))
}

/// The embedded chapters by source, and the media's duration when it was measured.
type MediaRead = ((ChapterSource, Vec<crate::model::Chapter>), Option<f64>);

/// Reads the embedded chapters; when there are none in an MP3, also measures its duration
/// (the first frame's Xing/Info header, or the bitrate and length for CBR).
fn read_from(src: &mut impl ReadAt, mime: Option<&str>, name: &str) -> Result<MediaRead, Failure> {
    let read = media::read_any(src, mime, name).map_err(|e| Failure::from(e).context(name))?;
    let duration = match &read {
        (ChapterSource::Id3, chapters) if chapters.is_empty() => mp3_duration(src),
        _ => None,
    };
    Ok((read, duration))
}

/// Bytes read after the ID3 tag to find the first frame and its Xing/Info header.
const PROBE_BYTES: usize = 16 * 1024;

fn mp3_duration(src: &mut impl ReadAt) -> Option<f64> {
    let head = src.read_at(0, 10).ok()?;
    let audio_start = mp3::id3v2_len(&head).unwrap_or(0);
    let data = src.read_at(audio_start, PROBE_BYTES).ok()?;
    let info = mp3::probe(&data, audio_start)?;
    mp3::duration_s(&info, src.len().ok().flatten())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Chapter;

    #[test]
    fn a_chapter_ending_past_the_audio_ends_with_it() {
        let chapter = |start: f64, end: Option<f64>| {
            let mut c = Chapter::new(start, "c".to_owned(), ChapterSource::Id3);
            c.end_s = end;
            c
        };
        let mut list = vec![
            chapter(0.0, Some(60.0)),
            chapter(60.0, Some(180.0)),
            chapter(200.0, Some(260.0)),
            chapter(100.0, None),
        ];
        clamp_ends(&mut list, 150.0);
        let ends: Vec<Option<f64>> = list.iter().map(|c| c.end_s).collect();
        // A chapter starting after the end is left as written: the duration may be wrong.
        assert_eq!(ends, [Some(60.0), Some(150.0), Some(260.0), None]);
        clamp_ends(&mut list, 0.0);
        assert_eq!(list[1].end_s, Some(150.0));
    }
}
