//! The data a podcast feed describes, shared by every part of the player.
//!
//! These types are plain data: the feed parser fills them, the store keeps them, the core and the
//! interface read them, and `--json` prints them as they are (field names are the CLI contract).

mod cue;
mod failure;
pub mod pace;
mod up_next;

pub use cue::Cue;
pub use failure::{Failure, FailureKind, describe_chain};
pub use pace::{Pace, RememberedPace};
pub use up_next::UpNextPlace;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a chapter list came from, in the order of trust used when merging (most trusted first:
/// see [`ChapterSource::TRUST`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChapterSource {
    /// Timestamps listed in the show notes.
    Notes,
    /// Podlove Simple Chapters (`psc:chapters`) in the feed or an external file.
    Podlove,
    /// Podcasting 2.0 JSON chapters (`podcast:chapters`).
    PodcastJson,
    /// ID3v2 CHAP/CTOC frames in an MP3.
    Id3,
    /// Vorbis comments `CHAPTERnnn` in Ogg Vorbis or Opus.
    Vorbis,
    /// Nero `chpl` or a QuickTime chapter text track in MP4/M4A.
    Mp4,
}

impl ChapterSource {
    /// Every source, most trusted first: chapters embedded in the media match the file actually
    /// played; then the publisher's machine-readable lists; show notes last.
    pub const TRUST: [ChapterSource; 6] = [
        ChapterSource::Id3,
        ChapterSource::Vorbis,
        ChapterSource::Mp4,
        ChapterSource::PodcastJson,
        ChapterSource::Podlove,
        ChapterSource::Notes,
    ];

    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            ChapterSource::Notes => "notes",
            ChapterSource::Podlove => "podlove",
            ChapterSource::PodcastJson => "podcast-json",
            ChapterSource::Id3 => "id3",
            ChapterSource::Vorbis => "vorbis",
            ChapterSource::Mp4 => "mp4",
        }
    }

    /// Parses a name as printed by [`ChapterSource::name`].
    pub fn from_name(name: &str) -> Option<ChapterSource> {
        ChapterSource::TRUST.into_iter().find(|s| s.name() == name)
    }

    /// True for chapters read from the media file itself.
    pub fn is_embedded(self) -> bool {
        matches!(
            self,
            ChapterSource::Id3 | ChapterSource::Vorbis | ChapterSource::Mp4
        )
    }
}

impl std::fmt::Display for ChapterSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One chapter marker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chapter {
    /// Start, in seconds from the beginning of the episode.
    pub start_s: f64,
    /// End in seconds, when the source says so.
    pub end_s: Option<f64>,
    pub title: String,
    pub url: Option<String>,
    pub image: Option<String>,
    /// False for chapters the publisher hides from the table of contents.
    pub toc: bool,
    pub source: ChapterSource,
}

impl Chapter {
    /// A visible chapter with only a start and a title.
    pub fn new(start_s: f64, title: impl Into<String>, source: ChapterSource) -> Chapter {
        Chapter {
            start_s,
            end_s: None,
            title: title.into(),
            url: None,
            image: None,
            toc: true,
            source,
        }
    }
}

/// The media file of an episode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enclosure {
    pub url: String,
    pub mime: Option<String>,
    /// Length in bytes as the feed announces it (often wrong or zero; never trusted for I/O).
    pub length: Option<u64>,
}

/// A transcript linked by `podcast:transcript`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transcript {
    pub url: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub language: Option<String>,
}

/// One episode (an RSS item or Atom entry), with or without media.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Episode {
    pub guid: String,
    pub title: String,
    pub published: Option<DateTime<Utc>>,
    pub duration_s: Option<f64>,
    /// The show notes as plain text (paragraphs and list items on their own lines), exactly as
    /// published otherwise: sanitising for a terminal happens at display time.
    pub description: String,
    /// The show notes as published (HTML or text), kept for chapters and links.
    #[serde(skip_serializing, default)]
    pub notes_html: String,
    pub link: Option<String>,
    pub image: Option<String>,
    pub season: Option<u32>,
    pub episode: Option<u32>,
    pub enclosure: Option<Enclosure>,
    /// The feed's own chapters (Podlove when present, else the show notes).
    pub chapters: Vec<Chapter>,
    pub chapters_url: Option<String>,
    #[serde(skip_serializing, default)]
    pub chapters_type: Option<String>,
    /// An external Podlove Simple Chapters file (`atom:link rel="http://podlove.org/simple-chapters"`).
    #[serde(skip_serializing, default)]
    pub podlove_url: Option<String>,
    pub transcripts: Vec<Transcript>,
}

/// A podcast and its episodes, newest first (undated items keep their feed order).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Podcast {
    pub title: String,
    pub link: Option<String>,
    pub description: String,
    pub image: Option<String>,
    pub author: Option<String>,
    pub feed_url: Option<String>,
    /// The feed's `<language>` (e.g. `en-us`): the language of a transcript that names none, and
    /// the one preferred among an episode's transcripts.
    #[serde(skip_serializing, default)]
    pub language: Option<String>,
    /// `itunes:new-feed-url`: the publisher moved the feed here.
    #[serde(skip_serializing, default)]
    pub new_feed_url: Option<String>,
    pub episodes: Vec<Episode>,
}
