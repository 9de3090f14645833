//! Finding the episode a command names (`play PODCAST EPISODE`) in the library, by the rules the
//! command line uses: PODCAST is a feed URL or a unique case-insensitive part of a title;
//! EPISODE is N (the Nth newest), an exact guid, or a unique part of a title.

use super::command::EpisodeRef;
use super::input::EpisodeId;
use super::state::{Library, PodcastView};
use crate::text::{quote, sanitize_line};

/// The episode `reference` names, or why none (one line).
pub fn episode(library: &Library, reference: &EpisodeRef) -> Result<EpisodeId, String> {
    let podcast = podcast(library, &reference.podcast)?;
    let wanted = reference.episode.trim();
    let episodes = &podcast.episodes;
    if !wanted.is_empty() && wanted.bytes().all(|b| b.is_ascii_digit()) {
        let count = podcast.counts().episodes;
        return wanted
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| episodes.get(i))
            .map(|e| e.id)
            .ok_or_else(|| format!("There is no episode {wanted}: the podcast has {count}"));
    }
    if let Some(exact) = episodes.iter().find(|e| e.episode.guid == wanted) {
        return Ok(exact.id);
    }
    let needle = wanted.to_lowercase();
    let matches: Vec<EpisodeId> = episodes
        .iter()
        .filter(|e| !needle.is_empty() && e.episode.title.to_lowercase().contains(&needle))
        .map(|e| e.id)
        .collect();
    match matches.as_slice() {
        [only] => Ok(*only),
        [] => Err(format!("No episode matches {}", shown(wanted))),
        many => Err(format!("{} matches {} episodes", shown(wanted), many.len())),
    }
}

fn podcast<'a>(library: &'a Library, wanted: &str) -> Result<&'a PodcastView, String> {
    if let Some(exact) = library
        .podcasts
        .iter()
        .find(|p| p.feed_url.as_deref() == Some(wanted))
    {
        return Ok(exact);
    }
    let needle = wanted.trim().to_lowercase();
    let matches: Vec<&PodcastView> = library
        .podcasts
        .iter()
        .filter(|p| !needle.is_empty() && p.title.to_lowercase().contains(&needle))
        .collect();
    match matches.as_slice() {
        [only] => Ok(only),
        [] => Err(format!("No podcast matches {}", shown(wanted))),
        many => Err(format!("{} matches {} podcasts", shown(wanted), many.len())),
    }
}

/// Untrusted text quoted in a one-line message.
fn shown(text: &str) -> String {
    format!("{:?}", quote(&sanitize_line(text), 60))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::state::EpisodeView;
    use crate::model::Episode;

    fn library() -> Library {
        let podcast = |id, title: &str, url: &str, titles: &[&str]| PodcastView {
            id,
            title: title.into(),
            feed_url: Some(url.into()),
            episodes: titles
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let episode = Episode {
                        guid: format!("{title}-{i}"),
                        title: (*t).into(),
                        ..Episode::default()
                    };
                    EpisodeView::new(id * 100 + i as i64, episode)
                })
                .collect(),
            ..PodcastView::default()
        };
        Library {
            podcasts: vec![
                podcast(
                    1,
                    "Bar Cast",
                    "http://bar/feed",
                    &["Rust news", "QUIC deep dive"],
                ),
                podcast(2, "Barista", "http://baz/feed", &["Coffee"]),
            ],
            ..Library::default()
        }
    }

    fn find(podcast: &str, episode: &str) -> Result<EpisodeId, String> {
        let reference = EpisodeRef {
            podcast: podcast.into(),
            episode: episode.into(),
        };
        episode_of(&reference)
    }

    fn episode_of(reference: &EpisodeRef) -> Result<EpisodeId, String> {
        episode(&library(), reference)
    }

    #[test]
    fn by_number_guid_or_title() {
        assert_eq!(find("bar cast", "1"), Ok(100));
        assert_eq!(find("Bar Cast", "2"), Ok(101));
        assert_eq!(find("http://baz/feed", "coffee"), Ok(200));
        assert_eq!(find("barista", "Barista-0"), Ok(200));
        assert_eq!(find("cast", "quic"), Ok(101));
    }

    #[test]
    fn nothing_or_too_much_says_so() {
        assert_eq!(
            find("bar", "1"),
            Err("\"bar\" matches 2 podcasts".to_owned())
        );
        assert_eq!(
            find("cast", "3"),
            Err("There is no episode 3: the podcast has 2".to_owned())
        );
        assert_eq!(
            find("nope", "1"),
            Err("No podcast matches \"nope\"".to_owned())
        );
        assert_eq!(
            find("cast", "e"),
            Err("\"e\" matches 2 episodes".to_owned())
        );
        assert!(find("cast", "\u{1b}[31m").is_err_and(|e| !e.contains('\u{1b}')));
    }
}
