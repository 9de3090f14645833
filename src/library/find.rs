//! Finding a subscription from what the listener typed: its feed URL or part of its title.

use crate::store::PodcastSummary;
use crate::text::sanitize_line;

/// Why a reference did not name exactly one subscription.
#[derive(Debug, PartialEq, Eq)]
pub enum NotFound {
    None(String),
    Ambiguous(String),
}

impl std::fmt::Display for NotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotFound::None(m) | NotFound::Ambiguous(m) => f.write_str(m),
        }
    }
}

/// The subscription whose feed URL is `reference`, else whose title contains it
/// (case-insensitive) — when exactly one does.
pub fn find_podcast<'a>(
    podcasts: &'a [PodcastSummary],
    reference: &str,
) -> Result<&'a PodcastSummary, NotFound> {
    if let Some(exact) = podcasts
        .iter()
        .find(|p| p.feed_url.as_deref() == Some(reference))
    {
        return Ok(exact);
    }
    let needle = reference.trim().to_lowercase();
    let matches: Vec<&PodcastSummary> = podcasts
        .iter()
        .filter(|p| !needle.is_empty() && p.title.to_lowercase().contains(&needle))
        .collect();
    match matches.as_slice() {
        [only] => Ok(only),
        [] => Err(NotFound::None(format!(
            "no podcast matches {:?}: it is not a URL, not a file, and no subscribed podcast has that title",
            sanitize_line(reference)
        ))),
        many => Err(NotFound::Ambiguous(format!(
            "{:?} matches {} podcasts: {}",
            sanitize_line(reference),
            many.len(),
            many.iter()
                .map(|p| sanitize_line(&p.title))
                .collect::<Vec<_>>()
                .join("; ")
        ))),
    }
}
