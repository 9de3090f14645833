//! `download PODCAST EPISODE… | --new N`, `downloads [--json]` and `delete PODCAST EPISODE`.
//!
//! `download` runs the same queue as the interactive player (the core's `DownloadQueue`, as many
//! at once as the configuration says) in the foreground, and exits 0 only when every episode
//! asked for is on disk. It takes the player's instance lock: downloads started in the player
//! run there.

use std::collections::HashMap;

use tokio::sync::mpsc::unbounded_channel;

use super::args::{DownloadArgs, EpisodeArgs, JsonArgs};
use super::context::{Context, http};
use super::download_progress::Display;
use super::error::CliError;
use super::library_episode::LibraryPodcast;
use super::output::print_json;
use crate::core::DownloadQueue;
use crate::download::{self, DownloadEvent, Downloader};
use crate::library::lock::InstanceLock;
use crate::store::{DownloadState, EpisodeRow};
use crate::text::sanitize_line;

pub async fn download(args: &DownloadArgs) -> Result<(), CliError> {
    let library = LibraryPodcast::require(&args.podcast)?;
    let wanted = wanted_rows(&library, args)?;
    let _lock = InstanceLock::acquire(&library.context.paths.data).map_err(|e| {
        CliError::failure(format!(
            "{e}: download from the player (d), or quit it first"
        ))
    })?;
    let mut display = Display::new();
    let failed = in_foreground(&library.context, &wanted, &mut display).await?;
    match failed {
        0 => Ok(()),
        n => Err(CliError::failure(format!(
            "{n} of {} downloads failed",
            wanted.len()
        ))),
    }
}

/// Downloads `wanted` through the player's queue, in the foreground, showing progress on
/// `display`; returns how many failed. The caller holds the instance lock.
pub(super) async fn in_foreground(
    context: &Context,
    wanted: &[EpisodeRow],
    display: &mut Display,
) -> Result<usize, CliError> {
    let mut store = context.library()?;
    let mut titles: HashMap<i64, String> = HashMap::new();
    let mut queue = DownloadQueue::new(context.config.parallel_downloads as usize);
    let mut starts = Vec::new();
    let mut failed = 0usize;
    for row in wanted {
        let id = row.state.id;
        if row.state.download_state == DownloadState::Done
            && row
                .state
                .download_path
                .as_ref()
                .is_some_and(|p| p.is_file())
        {
            display.note(&format!(
                "already here {}",
                sanitize_line(&row.episode.title)
            ));
            continue;
        }
        if row.episode.enclosure.is_none() {
            display.note(&format!(
                "failed       {}: the episode has no media file",
                sanitize_line(&row.episode.title)
            ));
            failed += 1;
            continue;
        }
        store.queue_download(id).map_err(CliError::failure)?;
        titles.insert(id, row.episode.title.clone());
        starts.extend(queue.enqueue(id));
    }

    let (tx, mut rx) = unbounded_channel();
    let mut downloader = Downloader::new(
        download::Settings::new(
            &context.paths.data,
            context.config.download_dir_in(&context.paths.data),
        ),
        tokio::runtime::Handle::current(),
        http()?,
        move |event| {
            let _ = tx.send(event);
        },
    );
    let start = |ids: Vec<i64>, downloader: &mut Downloader, display: &mut Display| {
        for id in ids {
            display.started(id, titles.get(&id).map_or("", String::as_str));
            downloader.start(id);
        }
    };
    start(starts, &mut downloader, display);
    while !queue.is_empty() {
        let event = tokio::select! {
            event = rx.recv() => event,
            _ = tokio::signal::ctrl_c() => {
                return Err(CliError::failure(
                    "interrupted: the partial files are kept; run the same command to resume",
                ));
            }
        };
        let Some(event) = event else { break };
        match event {
            DownloadEvent::Progress { episode, progress } => {
                display.progress(episode, progress.bytes, progress.total);
            }
            DownloadEvent::Finished {
                episode, outcome, ..
            } => {
                downloader.forget(episode);
                let title = titles.get(&episode).map_or("", String::as_str);
                display.finished(episode, title, &outcome.as_deref());
                failed += usize::from(outcome.is_err());
                let next = queue.finished(episode);
                start(next, &mut downloader, display);
            }
        }
    }
    Ok(failed)
}

/// The episodes named, or the N newest.
fn wanted_rows(library: &LibraryPodcast, args: &DownloadArgs) -> Result<Vec<EpisodeRow>, CliError> {
    if let Some(n) = args.new {
        return Ok(library.rows.iter().take(n).cloned().collect());
    }
    if args.episodes.is_empty() {
        return Err(CliError::usage(
            "name the episodes to download, or give --new N for the N newest",
        ));
    }
    let mut rows: Vec<EpisodeRow> = Vec::new();
    for reference in &args.episodes {
        let row = library.episode(reference)?;
        if !rows.iter().any(|r| r.state.id == row.state.id) {
            rows.push(row.clone());
        }
    }
    Ok(rows)
}

pub fn list(args: &JsonArgs) -> Result<(), CliError> {
    let context = Context::load()?;
    let store = context.library()?;
    let entries = store.download_entries().map_err(CliError::failure)?;
    if args.json {
        return print_json(&entries);
    }
    if entries.is_empty() {
        println!("Nothing downloaded. Try: netstack-tui download PODCAST --new 1");
        return Ok(());
    }
    for entry in &entries {
        let detail = match entry.state {
            DownloadState::Done => entry
                .path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            DownloadState::Failed => sanitize_line(entry.error.as_deref().unwrap_or_default()),
            _ => match entry.total {
                Some(total) if total > 0 => {
                    format!("{}%", entry.bytes.saturating_mul(100) / total)
                }
                _ => String::new(),
            },
        };
        println!(
            "{:<7} {} — {}  {detail}",
            entry.state.name(),
            sanitize_line(&entry.podcast),
            sanitize_line(&entry.episode),
        );
    }
    Ok(())
}

pub fn delete(args: &EpisodeArgs) -> Result<(), CliError> {
    let mut library = LibraryPodcast::require(&args.podcast)?;
    let row = library.episode(&args.episode)?.clone();
    if row.state.download_state == DownloadState::None {
        return Err(CliError::usage(format!(
            "{:?} is not downloaded",
            sanitize_line(&row.episode.title)
        )));
    }
    let removed = download::delete(&mut library.store, row.state.id).map_err(CliError::failure)?;
    match removed {
        Some(path) => println!("deleted {}", path.display()),
        None => println!(
            "deleted the download of {}",
            sanitize_line(&row.episode.title)
        ),
    }
    Ok(())
}
