//! `inbox [--json]` and `inbox dismiss PODCAST EPISODE | --all`: the new episodes, newest first
//! (those a refresh brought after their podcast was subscribed, until played, queued or
//! dismissed).

use super::args::{InboxAction, InboxArgs};
use super::context::Context;
use super::error::CliError;
use super::library_episode::LibraryPodcast;
use super::output::print_json;
use crate::text::sanitize_line;

pub fn run(args: &InboxArgs) -> Result<(), CliError> {
    match &args.action {
        None => list(args.json),
        Some(InboxAction::Dismiss {
            podcast,
            episode,
            all,
        }) => match (podcast, episode) {
            _ if *all => {
                let mut store = Context::load()?.library()?;
                let n = store.dismiss_all().map_err(CliError::failure)?;
                println!("dismissed {n} new episodes");
                Ok(())
            }
            (Some(podcast), Some(episode)) => {
                let mut library = LibraryPodcast::require(podcast)?;
                let row = library.episode(episode)?.clone();
                let n = library
                    .store
                    .dismiss(&[row.state.id])
                    .map_err(CliError::failure)?;
                if n == 0 {
                    return Err(CliError::usage(format!(
                        "{:?} is not new",
                        sanitize_line(&row.episode.title)
                    )));
                }
                println!("dismissed {}", sanitize_line(&row.episode.title));
                Ok(())
            }
            _ => Err(CliError::usage(
                "name the PODCAST and EPISODE to dismiss, or give --all",
            )),
        },
    }
}

fn list(json: bool) -> Result<(), CliError> {
    let store = Context::load()?.library()?;
    let entries = store.inbox().map_err(CliError::failure)?;
    if json {
        return print_json(&entries);
    }
    if entries.is_empty() {
        println!("Nothing new.");
        return Ok(());
    }
    for entry in &entries {
        let date = entry
            .published
            .map_or_else(|| " ".repeat(10), |d| d.format("%Y-%m-%d").to_string());
        println!(
            "{date}  {} › {}",
            sanitize_line(&entry.podcast),
            sanitize_line(&entry.episode)
        );
    }
    Ok(())
}
