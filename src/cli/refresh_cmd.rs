//! `netstack-tui refresh [PODCAST] [--json]`.
//!
//! After the feeds, what the settings ask for new episodes: they go to Up Next
//! (`auto_queue`), and the newest `auto_download_new` of each podcast are downloaded in the
//! foreground; then cleanup runs. Exit 0 only when every feed was refreshed and every
//! automatic download is on disk.

use std::io::Write;

use super::args::RefreshArgs;
use super::context::{Context, http, now};
use super::download_cmd::in_foreground;
use super::download_progress::Display;
use super::error::CliError;
use super::library_cmd::find;
use super::output::print_json;
use crate::library::lock::InstanceLock;
use crate::library::refresh::{FeedStatus, Report, refresh};
use crate::library::{auto_queue, cleanup};
use crate::store::{EpisodeRow, Store, setting_keys};
use crate::text::sanitize_line;

/// Exit 0 when every feed was updated or unchanged, 1 otherwise.
pub async fn run(args: &RefreshArgs) -> Result<(), CliError> {
    let context = Context::load()?;
    let mut store = context.library()?;
    let ids = match &args.podcast {
        Some(reference) => vec![find(&store, reference)?.id],
        None => Vec::new(),
    };
    let client = http()?;
    let reports = refresh(&mut store, &client, &ids, &context.config.endpoints, now())
        .await
        .map_err(CliError::failure)?;
    let listening = &context.config.listening;
    auto_queue::after_refresh(&mut store, &reports, listening).map_err(CliError::failure)?;
    let failed = reports
        .iter()
        .filter(|r| matches!(r.status, FeedStatus::Offline | FeedStatus::Error))
        .count();
    if args.json {
        print_json(&reports)?;
    } else {
        let mut out = String::new();
        for r in &reports {
            let name = if r.title.is_empty() {
                r.feed_url.as_deref().unwrap_or("(unresolved)")
            } else {
                &r.title
            };
            let line = match r.status {
                FeedStatus::Updated => {
                    format!("{}: {} new episodes", sanitize_line(name), r.new_episodes)
                }
                FeedStatus::Unchanged => format!("{}: unchanged", sanitize_line(name)),
                FeedStatus::Offline | FeedStatus::Error => format!(
                    "{}: {} — {}",
                    sanitize_line(name),
                    if r.status == FeedStatus::Offline {
                        "offline"
                    } else {
                        "error"
                    },
                    sanitize_line(
                        r.error
                            .as_ref()
                            .map_or("unknown cause", |e| e.message.as_str())
                    )
                ),
            };
            out.push_str(&line);
            out.push('\n');
        }
        std::io::stdout()
            .lock()
            .write_all(out.as_bytes())
            .map_err(|e| CliError::failure(format!("writing output: {e}")))?;
    }
    let downloads = automatic_downloads(&context, &store, &reports, args.json).await;
    clean_up(&context, &mut store, args.json);
    if failed > 0 {
        return Err(CliError::failure(format!(
            "{failed} of {} feeds could not be refreshed",
            reports.len()
        )));
    }
    downloads
}

/// Downloads each podcast's newest `auto_download_new` new episodes in the foreground.
async fn automatic_downloads(
    context: &Context,
    store: &Store,
    reports: &[Report],
    json: bool,
) -> Result<(), CliError> {
    let mut wanted: Vec<EpisodeRow> = Vec::new();
    for report in reports {
        let n = context
            .config
            .listening
            .podcast(report.feed_url.as_deref())
            .auto_download_new as usize;
        if n == 0 {
            continue;
        }
        let mut rows = Vec::new();
        for id in &report.arrived {
            rows.extend(store.episode_row(*id).map_err(CliError::failure)?);
        }
        rows.sort_by_key(|r| std::cmp::Reverse(r.episode.published));
        wanted.extend(rows.into_iter().take(n));
    }
    if wanted.is_empty() {
        return Ok(());
    }
    let _lock = InstanceLock::acquire(&context.paths.data).map_err(|e| {
        CliError::failure(format!(
            "{} new episodes were not downloaded: {e}",
            wanted.len()
        ))
    })?;
    let mut display = if json {
        Display::beside_output()
    } else {
        Display::new()
    };
    match in_foreground(context, &wanted, &mut display).await? {
        0 => Ok(()),
        n => Err(CliError::failure(format!(
            "{n} of {} automatic downloads failed",
            wanted.len()
        ))),
    }
}

/// Runs the cleanup the settings ask for, saying what it freed.
fn clean_up(context: &Context, store: &mut Store, json: bool) {
    if !context.config.listening.cleans_up() {
        return;
    }
    let download_dir = context.config.download_dir_in(&context.paths.data);
    let playing: Vec<i64> = store
        .setting_id(setting_keys::PLAYING_EPISODE)
        .ok()
        .flatten()
        .into_iter()
        .collect();
    let say = |text: String| {
        if json {
            eprintln!("{text}");
        } else {
            println!("{text}");
        }
    };
    match cleanup::clean_up(
        store,
        &context.config.listening,
        &download_dir,
        &playing,
        now(),
    ) {
        Ok(cleaned) if !cleaned.removed.is_empty() => say(format!(
            "cleanup deleted {} downloads ({:.1} MB)",
            cleaned.removed.len(),
            cleaned.freed_bytes as f64 / 1_000_000.0
        )),
        Ok(_) => {}
        Err(e) => say(format!("cleanup failed: {e}")),
    }
}
