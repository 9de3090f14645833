//! `netstack-tui refresh [PODCAST] [--json]`.

use std::io::Write;

use super::args::RefreshArgs;
use super::context::{Context, http, now};
use super::error::CliError;
use super::library_cmd::find;
use super::output::print_json;
use crate::library::refresh::{FeedStatus, refresh};
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
    if failed > 0 {
        return Err(CliError::failure(format!(
            "{failed} of {} feeds could not be refreshed",
            reports.len()
        )));
    }
    Ok(())
}
