//! `play --queue [--for SECONDS] [--json]`: plays Up Next from its head, one episode after
//! another. Each episode heard to its end is marked played and leaves Up Next; the head is read
//! again after each, so changes made meanwhile (by the player or another command) count.
//! `--for` counts seconds of episode audio across the whole queue. Exit 0 once the queue is
//! played through (or `--for` is used up), 2 when it is empty.

use super::args::PlayArgs;
use super::context::{Context, http};
use super::error::CliError;
use super::library_episode::downloaded_file;
use super::play_cmd::{Known, Playing, StartAt};
use super::play_report::Stop;
use crate::text::sanitize_line;

pub async fn run(args: &PlayArgs) -> Result<(), CliError> {
    let context = Context::load()?;
    let mut store = context.library()?;
    if store.up_next_ids().map_err(CliError::failure)?.is_empty() {
        return Err(CliError::usage(
            "Up Next is empty: add episodes with `netstack-tui queue add PODCAST EPISODE`",
        ));
    }
    // C libraries under the audio stack print to fd 2: while playing, fd 2 is the log.
    let _stderr = crate::stderr_log::redirect_stderr_to(&context.paths.log_file())
        .map_err(|e| tracing::warn!("stderr stays on the terminal: {e}"))
        .ok();
    let client = http()?;
    let mut budget = args.duration;
    loop {
        let Some(&head) = store.up_next_ids().map_err(CliError::failure)?.first() else {
            return Ok(());
        };
        let Some(row) = store.episode_row(head).map_err(CliError::failure)? else {
            // Gone from the library meanwhile: it leaves the queue too.
            store.up_next_remove(&[head]).map_err(CliError::failure)?;
            continue;
        };
        if !args.json {
            println!("▶ {}", sanitize_line(&row.episode.title));
        }
        let playing = Playing {
            context: &context,
            client: &client,
            episode: &row.episode,
            known: Known::of(&store, &row)?,
            downloaded: downloaded_file(&row),
        };
        match playing.play(args, StartAt::Resume, budget).await? {
            Stop::Heard | Stop::Slept => return Ok(()),
            Stop::Ended { from, to } => {
                store.up_next_remove(&[head]).map_err(CliError::failure)?;
                if let Some(left) = &mut budget {
                    *left -= (to - from).max(0.0);
                    if *left <= 0.0 {
                        return Ok(());
                    }
                }
            }
        }
    }
}
