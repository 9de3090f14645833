//! `cleanup [--dry-run] [--json]`: deletes the downloads the cleanup settings let go
//! (`delete_played_after_days`, `keep_downloads`), as the player does after each refresh, and
//! prints each one with the space freed. Never a file the player did not download, nor the
//! download of an episode in Up Next, under way or playing.

use serde::Serialize;

use super::args::CleanupArgs;
use super::context::{Context, now};
use super::error::CliError;
use super::output::print_json;
use crate::library::cleanup::{self, Reason, Removal};
use crate::store::setting_keys;
use crate::text::sanitize_line;

/// What `cleanup --json` prints.
#[derive(Serialize)]
struct Printed<'a> {
    dry_run: bool,
    removed: &'a [Removal],
    freed_bytes: u64,
}

pub fn run(args: &CleanupArgs) -> Result<(), CliError> {
    let context = Context::load()?;
    let mut store = context.library()?;
    let download_dir = context.config.download_dir_in(&context.paths.data);
    // The episode the player has loaded, as it last said.
    let playing: Vec<i64> = store
        .setting_id(setting_keys::PLAYING_EPISODE)
        .map_err(CliError::failure)?
        .into_iter()
        .collect();
    let plan = cleanup::plan(
        &store,
        &context.config.listening,
        &download_dir,
        &playing,
        now(),
    )
    .map_err(CliError::failure)?;
    let (removed, freed, failed) = if args.dry_run {
        let freed = plan.iter().map(|r| r.bytes).sum();
        (plan, freed, Vec::new())
    } else {
        let cleaned = cleanup::run(&mut store, plan);
        (cleaned.removed, cleaned.freed_bytes, cleaned.failed)
    };
    if args.json {
        print_json(&Printed {
            dry_run: args.dry_run,
            removed: &removed,
            freed_bytes: freed,
        })?;
    } else {
        let verb = if args.dry_run {
            "would delete"
        } else {
            "deleted"
        };
        for r in &removed {
            let why = match r.reason {
                Reason::Played => "played",
                Reason::BeyondKept => "beyond the newest kept",
            };
            println!(
                "{verb} {} › {} ({why}): {} ({})",
                sanitize_line(&r.podcast),
                sanitize_line(&r.episode),
                r.path.display(),
                megabytes(r.bytes)
            );
        }
        let freed_verb = if args.dry_run { "would free" } else { "freed" };
        println!(
            "{} downloads, {freed_verb} {}",
            removed.len(),
            megabytes(freed)
        );
    }
    if let Some((first, why)) = failed.first() {
        return Err(CliError::failure(format!(
            "{} downloads could not be deleted; {}: {}",
            failed.len(),
            first.path.display(),
            sanitize_line(why)
        )));
    }
    Ok(())
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}
