//! `netstack-tui feed PODCAST [--json]`.

use std::io::Write;

use super::args::FeedArgs;
use super::error::CliError;
use super::output::{print_json, terminal_width};
use super::source;
use crate::model::Podcast;
use crate::text::clock::format_clock;
use crate::text::{fit, sanitize_line, truncate};

pub async fn run(args: &FeedArgs) -> Result<(), CliError> {
    let podcast = source::load(&args.podcast).await?;
    if args.json {
        return print_json(&podcast);
    }
    let table = render_table(&podcast, terminal_width());
    let mut out = std::io::stdout().lock();
    out.write_all(table.as_bytes())
        .map_err(|e| CliError::failure(format!("writing output: {e}")))
}

/// The human listing: the podcast, then one line per episode (number, date, length, chapters,
/// title), every field sanitised and cut to the terminal's width.
pub fn render_table(podcast: &Podcast, width: usize) -> String {
    let mut out = String::new();
    let title = sanitize_line(&podcast.title);
    out.push_str(&truncate(
        if title.is_empty() {
            "(untitled podcast)"
        } else {
            &title
        },
        width,
    ));
    out.push('\n');
    let mut about = Vec::new();
    if let Some(author) = &podcast.author {
        about.push(sanitize_line(author));
    }
    if let Some(link) = &podcast.link {
        about.push(sanitize_line(link));
    }
    let with_media = podcast
        .episodes
        .iter()
        .filter(|e| e.enclosure.is_some())
        .count();
    about.push(format!(
        "{} episodes ({with_media} with media)",
        podcast.episodes.len()
    ));
    out.push_str(&truncate(&about.join(" · "), width));
    out.push_str("\n\n");
    let number_width = podcast.episodes.len().to_string().len().max(1);
    let fixed = number_width + 2 + 10 + 2 + 8 + 2 + 4 + 2;
    let title_width = width.saturating_sub(fixed).max(10);
    out.push_str(&format!(
        "{:>number_width$}  {:<10}  {:>8}  {:>4}  {}\n",
        "#", "DATE", "LENGTH", "CH", "TITLE"
    ));
    for (i, episode) in podcast.episodes.iter().enumerate() {
        let date = episode
            .published
            .map(|p| p.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "-".into());
        let length = episode
            .duration_s
            .map(format_clock)
            .unwrap_or_else(|| "-".into());
        let chapters = match episode.chapters.len() {
            0 => "-".to_owned(),
            n => n.to_string(),
        };
        let mut title = sanitize_line(&episode.title);
        if title.is_empty() {
            title = "(untitled)".into();
        }
        if episode.enclosure.is_none() {
            title.push_str(" [no media]");
        }
        let line = format!(
            "{:>number_width$}  {:<10}  {:>8}  {:>4}  {}",
            i + 1,
            date,
            length,
            chapters,
            truncate(&title, title_width)
        );
        out.push_str(fit(&line, width).trim_end());
        out.push('\n');
    }
    out
}
