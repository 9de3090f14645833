//! Choosing the chapter list to show from every source found for an episode.
//!
//! The most trusted non-empty source wins: chapters embedded in the media (they match the file
//! actually played, even with dynamically inserted ads), then Podcasting 2.0 JSON, then Podlove,
//! then the show notes. A source that could not be read is skipped with a warning.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Chapter, ChapterSource, Failure};

/// When only feed-side chapters exist, a media file whose real length differs from the feed's by
/// more than this many seconds probably has other audio (ads) shifting the times.
pub const SHIFT_TOLERANCE_S: f64 = 5.0;

/// What one source gave: its chapters, or why it could not be read.
pub type SourceOutcomes = BTreeMap<ChapterSource, Result<Vec<Chapter>, Failure>>;

/// The list to show and how it was chosen.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Merged {
    /// The source shown, `None` when no source has chapters.
    pub source: Option<ChapterSource>,
    pub chapters: Vec<Chapter>,
    /// How many chapters each source that was read had.
    pub sources: BTreeMap<ChapterSource, usize>,
    /// Sources that failed, and a possible time shift, for the user.
    pub warning: Option<String>,
}

/// Picks the most trusted non-empty source. `feed_duration` is what the feed announces;
/// `media_duration` is what the media file really lasts, when known.
pub fn merge(
    found: &SourceOutcomes,
    feed_duration: Option<f64>,
    media_duration: Option<f64>,
) -> Merged {
    let mut warnings = Vec::new();
    let mut sources = BTreeMap::new();
    for (source, outcome) in found {
        match outcome {
            Ok(chapters) => {
                sources.insert(*source, chapters.len());
            }
            Err(why) => warnings.push(format!("{source} chapters skipped: {why}")),
        }
    }
    let chosen = ChapterSource::TRUST
        .into_iter()
        .find_map(|source| match found.get(&source) {
            Some(Ok(chapters)) if !chapters.is_empty() => Some((source, chapters.clone())),
            _ => None,
        });
    if let (Some((source, _)), Some(feed), Some(media)) = (&chosen, feed_duration, media_duration)
        && !source.is_embedded()
        && (feed - media).abs() > SHIFT_TOLERANCE_S
    {
        warnings.push(format!(
            "the media lasts {:.0} s but the feed says {:.0} s: {source} chapter times may be shifted",
            media, feed
        ));
    }
    let (source, chapters) = match chosen {
        Some((source, chapters)) => (Some(source), chapters),
        None => (None, Vec::new()),
    };
    Merged {
        source,
        chapters,
        sources,
        warning: (!warnings.is_empty()).then(|| warnings.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(source: ChapterSource, n: usize) -> Vec<Chapter> {
        (0..n)
            .map(|i| Chapter::new(i as f64 * 60.0, format!("{source} {i}"), source))
            .collect()
    }

    #[test]
    fn most_trusted_non_empty_source_wins() {
        let mut found = SourceOutcomes::new();
        found.insert(ChapterSource::Notes, Ok(list(ChapterSource::Notes, 5)));
        found.insert(ChapterSource::Podlove, Ok(list(ChapterSource::Podlove, 3)));
        found.insert(ChapterSource::Id3, Ok(Vec::new()));
        let merged = merge(&found, Some(100.0), Some(100.0));
        assert_eq!(merged.source, Some(ChapterSource::Podlove));
        assert_eq!(merged.chapters.len(), 3);
        assert_eq!(merged.sources.get(&ChapterSource::Id3), Some(&0));
        assert_eq!(merged.warning, None);
        found.insert(ChapterSource::Id3, Ok(list(ChapterSource::Id3, 2)));
        assert_eq!(merge(&found, None, None).source, Some(ChapterSource::Id3));
    }

    #[test]
    fn a_failed_source_is_skipped_with_a_warning() {
        let mut found = SourceOutcomes::new();
        found.insert(
            ChapterSource::PodcastJson,
            Err(Failure::new(
                crate::model::FailureKind::Offline,
                "connection refused",
            )),
        );
        found.insert(ChapterSource::Notes, Ok(list(ChapterSource::Notes, 4)));
        let merged = merge(&found, None, None);
        assert_eq!(merged.source, Some(ChapterSource::Notes));
        let warning = merged.warning.unwrap_or_default();
        assert!(
            warning.contains("podcast-json") && warning.contains("connection refused"),
            "{warning}"
        );
    }

    #[test]
    fn a_length_mismatch_warns_of_shifted_times_unless_embedded() {
        let mut found = SourceOutcomes::new();
        found.insert(ChapterSource::Notes, Ok(list(ChapterSource::Notes, 4)));
        let shifted = merge(&found, Some(3600.0), Some(3630.0));
        assert!(
            shifted
                .warning
                .unwrap_or_default()
                .contains("may be shifted")
        );
        assert_eq!(merge(&found, Some(3600.0), Some(3604.0)).warning, None);
        found.insert(ChapterSource::Id3, Ok(list(ChapterSource::Id3, 2)));
        assert_eq!(merge(&found, Some(3600.0), Some(3630.0)).warning, None);
    }

    #[test]
    fn nothing_found_is_an_empty_list() {
        let merged = merge(&SourceOutcomes::new(), None, None);
        assert_eq!(merged.source, None);
        assert!(merged.chapters.is_empty());
    }
}
