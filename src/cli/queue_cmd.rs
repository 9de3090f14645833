//! `queue [--json]`, `queue add PODCAST EPISODE… [--next]`, `queue remove N`,
//! `queue move FROM TO` and `queue clear`: Up Next from the command line. Each change is one
//! transaction of the library, so commands run at once (or beside the player) never lose one
//! another's change.

use super::args::{QueueAction, QueueArgs};
use super::context::Context;
use super::error::CliError;
use super::library_episode::LibraryPodcast;
use super::output::print_json;
use crate::model::UpNextPlace;
use crate::store::{Store, UpNextEntry};
use crate::text::clock::format_clock;
use crate::text::sanitize_line;

pub fn run(args: &QueueArgs) -> Result<(), CliError> {
    match &args.action {
        None => list(args.json),
        Some(QueueAction::Add {
            podcast,
            episodes,
            next,
        }) => add(podcast, episodes, *next),
        Some(QueueAction::Remove { n }) => {
            let mut store = Context::load()?.library()?;
            let entry = nth(&store, *n)?;
            store
                .up_next_remove(&[entry.episode_id])
                .map_err(CliError::failure)?;
            println!("removed {}", line(&entry));
            Ok(())
        }
        Some(QueueAction::Move { from, to }) => {
            let mut store = Context::load()?.library()?;
            let entry = nth(&store, *from)?;
            nth(&store, *to)?;
            if !store
                .up_next_move(from - 1, to - 1)
                .map_err(CliError::failure)?
            {
                return Err(CliError::usage("Up Next changed meanwhile: list it again"));
            }
            println!("moved to {to}: {}", line(&entry));
            Ok(())
        }
        Some(QueueAction::Clear) => {
            let mut store = Context::load()?.library()?;
            let n = store.up_next_clear().map_err(CliError::failure)?;
            println!("cleared {n} episodes from Up Next");
            Ok(())
        }
    }
}

fn list(json: bool) -> Result<(), CliError> {
    let store = Context::load()?.library()?;
    let entries = store.up_next().map_err(CliError::failure)?;
    if json {
        return print_json(&entries);
    }
    if entries.is_empty() {
        println!("Up Next is empty. Try: netstack-tui queue add PODCAST EPISODE");
        return Ok(());
    }
    let mut left = 0.0;
    for (i, entry) in entries.iter().enumerate() {
        println!("{:>3}. {}", i + 1, line(entry));
        left += entry
            .duration_s
            .map_or(0.0, |d| (d - entry.position_s).max(0.0));
    }
    println!("{} left", format_clock(left));
    Ok(())
}

fn add(podcast: &str, references: &[String], next: bool) -> Result<(), CliError> {
    let mut library = LibraryPodcast::require(podcast)?;
    let mut ids = Vec::new();
    for reference in references {
        let id = library.episode(reference)?.state.id;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let place = if next {
        UpNextPlace::Front
    } else {
        UpNextPlace::End
    };
    library
        .store
        .up_next_put(&ids, place)
        .map_err(CliError::failure)?;
    let queue = library.store.up_next_ids().map_err(CliError::failure)?;
    for id in ids {
        let row = library.rows.iter().find(|r| r.state.id == id);
        let at = queue.iter().position(|q| *q == id).map_or(0, |i| i + 1);
        if let Some(row) = row {
            println!(
                "Up Next {at} of {}: {}",
                queue.len(),
                sanitize_line(&row.episode.title)
            );
        }
    }
    Ok(())
}

/// The entry at 1-based `n`, or a usage error.
fn nth(store: &Store, n: usize) -> Result<UpNextEntry, CliError> {
    let entries = store.up_next().map_err(CliError::failure)?;
    n.checked_sub(1)
        .and_then(|i| entries.get(i).cloned())
        .ok_or_else(|| {
            CliError::usage(format!(
                "there is no episode {n} in Up Next: it holds {}",
                entries.len()
            ))
        })
}

/// "Podcast › Episode (12:34)".
fn line(entry: &UpNextEntry) -> String {
    let length = entry
        .duration_s
        .map_or_else(String::new, |d| format!(" ({})", format_clock(d)));
    format!(
        "{} › {}{length}",
        sanitize_line(&entry.podcast),
        sanitize_line(&entry.episode)
    )
}
