//! Resolving EPISODE on the command line: `N` (Nth newest), an exact guid, or a unique part of a
//! title.

use super::error::CliError;
use crate::model::Episode;
use crate::text::sanitize_line;

/// The index of the episode `reference` names, or a usage error that says why (listing the
/// candidates when it is ambiguous).
pub fn select(episodes: &[Episode], reference: &str) -> Result<usize, CliError> {
    select_by(episodes, |e| e, reference)
}

/// Like [`select`], over anything that holds an episode (library rows, say).
pub fn select_by<T>(
    items: &[T],
    episode: impl Fn(&T) -> &Episode,
    reference: &str,
) -> Result<usize, CliError> {
    let episodes: Vec<&Episode> = items.iter().map(episode).collect();
    let reference = reference.trim();
    if !reference.is_empty() && reference.bytes().all(|b| b.is_ascii_digit()) {
        return match reference.parse::<usize>() {
            Ok(n) if n >= 1 && n <= episodes.len() => Ok(n - 1),
            _ => Err(CliError::usage(format!(
                "there is no episode {reference}: the feed lists {} (1 is the newest)",
                episodes.len()
            ))),
        };
    }
    if let Some(i) = episodes.iter().position(|e| e.guid == reference) {
        return Ok(i);
    }
    let needle = reference.to_lowercase();
    let matches: Vec<usize> = episodes
        .iter()
        .enumerate()
        .filter(|(_, e)| !needle.is_empty() && e.title.to_lowercase().contains(&needle))
        .map(|(i, _)| i)
        .collect();
    match matches.as_slice() {
        [only] => Ok(*only),
        [] => Err(CliError::usage(format!(
            "no episode matches {:?} (by number, guid or title)",
            sanitize_line(reference)
        ))),
        many => {
            let listed: Vec<String> = many
                .iter()
                .take(10)
                .map(|i| format!("{}: {}", i + 1, sanitize_line(&episodes[*i].title)))
                .collect();
            let more = if many.len() > 10 {
                format!(" and {} more", many.len() - 10)
            } else {
                String::new()
            };
            Err(CliError::usage(format!(
                "{:?} matches {} episodes: {}{more}",
                sanitize_line(reference),
                many.len(),
                listed.join("; ")
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::error::EXIT_USAGE;

    fn episodes() -> Vec<Episode> {
        [
            "Rust URL with Simon Sapin",
            "GraphQL and Rust",
            "WebRTC and Sans IO",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Episode {
            guid: format!("guid-{i}"),
            title: (*t).to_owned(),
            ..Episode::default()
        })
        .collect()
    }

    #[test]
    fn numbers_guids_and_titles() {
        let list = episodes();
        assert_eq!(select(&list, "1").ok(), Some(0));
        assert_eq!(select(&list, "3").ok(), Some(2));
        assert_eq!(select(&list, "guid-1").ok(), Some(1));
        assert_eq!(select(&list, "webrtc").ok(), Some(2));
    }

    #[test]
    fn nothing_or_too_much_is_a_usage_error() {
        let list = episodes();
        for bad in ["0", "4", "kubernetes", ""] {
            assert_eq!(
                select(&list, bad).map_err(|e| e.exit),
                Err(EXIT_USAGE),
                "{bad:?}"
            );
        }
        let err = select(&list, "rust").expect_err("ambiguous");
        assert_eq!(err.exit, EXIT_USAGE);
        assert!(
            err.message.contains("1: Rust URL") && err.message.contains("2: GraphQL"),
            "{}",
            err.message
        );
    }
}
