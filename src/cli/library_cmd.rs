//! `add`, `remove`, `list`, `import` and `export`.

use std::io::{IsTerminal, Write};

use serde::Serialize;

use super::args::{AddArgs, ExportArgs, ImportArgs, JsonArgs, PodcastArgs};
use super::context::{Context, http, now};
use super::error::CliError;
use super::output::print_json;
use super::source::{PodcastRef, classify};
use crate::discover::apple;
use crate::feed::opml::{self, OpmlFeed};
use crate::library::{find_podcast, subscribe::subscribe_opening};
use crate::store::Store;
use crate::text::sanitize_line;

/// Directory matches offered for search terms.
const SEARCH_LIMIT: u32 = 15;

fn write_out(text: &str) -> Result<(), CliError> {
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| CliError::failure(format!("writing output: {e}")))
}

#[derive(Serialize)]
struct Added<'a> {
    title: &'a str,
    feed_url: &'a str,
    episodes: usize,
    new_episodes: usize,
}

pub async fn add(args: &AddArgs) -> Result<(), CliError> {
    let context = Context::load()?;
    let what = args.what.join(" ");
    // Given a URL, the library opens while the HTTP client starts and the feed is fetched.
    let mut opening = match classify(&what) {
        PodcastRef::Url(_) => Some(context.library_opening()),
        _ => None,
    };
    let client = http()?;
    let url = match classify(&what) {
        PodcastRef::Url(url) => url.to_owned(),
        _ => match search_and_choose(&context, &client, &what, args.json).await? {
            Some(url) => url,
            None => return Ok(()),
        },
    };
    let opening = opening.take().unwrap_or_else(|| context.library_opening());
    let added = subscribe_opening(opening, &client, &url, now())
        .await
        .map_err(CliError::failure)?;
    if args.json {
        return print_json(&Added {
            title: &added.title,
            feed_url: &added.feed_url,
            episodes: added.episodes,
            new_episodes: added.saved.new_episodes,
        });
    }
    write_out(&format!(
        "Subscribed to {} ({} episodes) — {}\n",
        sanitize_line(&added.title),
        added.episodes,
        sanitize_line(&added.feed_url)
    ))
}

/// Searches the directory. On a terminal, asks which match to subscribe to; otherwise lists
/// them (and `--json` prints them) and subscribes to nothing.
async fn search_and_choose(
    context: &Context,
    client: &reqwest::Client,
    terms: &str,
    json: bool,
) -> Result<Option<String>, CliError> {
    let found = apple::search(
        client,
        &context.config.endpoints.apple_search,
        terms,
        SEARCH_LIMIT,
    )
    .await
    .map_err(CliError::failure)?;
    if json {
        print_json(&found)?;
        return Ok(None);
    }
    if found.is_empty() {
        return Err(CliError::usage(format!(
            "the podcast directory has nothing for {:?}",
            sanitize_line(terms)
        )));
    }
    let mut listing = String::new();
    for (i, f) in found.iter().enumerate() {
        let author = f
            .author
            .as_deref()
            .map(|a| format!(" — {}", sanitize_line(a)))
            .unwrap_or_default();
        listing.push_str(&format!(
            "{:>3}. {}{author}\n     {}\n",
            i + 1,
            sanitize_line(&f.title),
            sanitize_line(&f.feed_url)
        ));
    }
    write_out(&listing)?;
    if !std::io::stdin().is_terminal() {
        write_out("Subscribe with: netstack-tui add <feed URL>\n")?;
        return Ok(None);
    }
    write_out(&format!(
        "Subscribe to which (1-{}, Enter for none)? ",
        found.len()
    ))?;
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| CliError::failure(format!("reading the answer: {e}")))?;
    let answer = answer.trim();
    if answer.is_empty() {
        return Ok(None);
    }
    match answer.parse::<usize>() {
        Ok(n) if n >= 1 && n <= found.len() => Ok(Some(found[n - 1].feed_url.clone())),
        _ => Err(CliError::usage(format!(
            "{answer:?} is not one of 1-{}",
            found.len()
        ))),
    }
}

/// The subscription a PODCAST argument names.
pub fn find(store: &Store, reference: &str) -> Result<crate::store::PodcastSummary, CliError> {
    let podcasts = store.podcasts().map_err(CliError::failure)?;
    find_podcast(&podcasts, reference)
        .cloned()
        .map_err(CliError::usage)
}

pub fn remove(args: &PodcastArgs) -> Result<(), CliError> {
    let context = Context::load()?;
    let mut store = context.library()?;
    let podcast = find(&store, &args.podcast)?;
    let files = store
        .remove_podcast(podcast.id)
        .map_err(CliError::failure)?;
    let mut kept = Vec::new();
    for file in &files {
        if let Err(e) = std::fs::remove_file(file)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            kept.push(format!("{}: {e}", file.display()));
        }
    }
    write_out(&format!("Removed {}\n", display_title(&podcast)))?;
    if !kept.is_empty() {
        return Err(CliError::failure(format!(
            "could not delete {}",
            kept.join("; ")
        )));
    }
    Ok(())
}

fn display_title(p: &crate::store::PodcastSummary) -> String {
    let title = sanitize_line(&p.title);
    if !title.is_empty() {
        return title;
    }
    sanitize_line(
        p.feed_url
            .as_deref()
            .or(p.lookup_key.as_deref())
            .unwrap_or("(untitled)"),
    )
}

#[derive(Serialize)]
struct Listed {
    title: String,
    feed_url: Option<String>,
    episodes: usize,
    unplayed: usize,
    last_checked: Option<String>,
}

pub fn list(args: &JsonArgs) -> Result<(), CliError> {
    let context = Context::load()?;
    let store = context.library()?;
    let podcasts = store.podcasts().map_err(CliError::failure)?;
    let checked = |t: Option<i64>| t.and_then(|t| chrono::DateTime::from_timestamp(t, 0));
    if args.json {
        let listed: Vec<Listed> = podcasts
            .iter()
            .map(|p| Listed {
                title: p.title.clone(),
                feed_url: p.feed_url.clone(),
                episodes: p.episodes,
                unplayed: p.unplayed,
                last_checked: checked(p.last_checked)
                    .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            })
            .collect();
        return print_json(&listed);
    }
    let mut out = String::new();
    for p in &podcasts {
        let when = checked(p.last_checked)
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| "never checked".into());
        let problem = p
            .last_error
            .as_deref()
            .map(|e| format!(" — last check failed: {}", sanitize_line(e)))
            .unwrap_or_default();
        out.push_str(&format!(
            "{}  ({} episodes, {} unplayed, {when}){problem}\n",
            display_title(p),
            p.episodes,
            p.unplayed
        ));
    }
    if podcasts.is_empty() {
        out.push_str("No subscriptions. Add one with: netstack-tui add <feed URL | page URL | search terms>\n");
    }
    write_out(&out)
}

pub fn import(args: &ImportArgs) -> Result<(), CliError> {
    let bytes = std::fs::read(&args.opml)
        .map_err(|e| CliError::failure(format!("reading {}: {e}", args.opml.display())))?;
    let feeds = opml::parse(&bytes)
        .map_err(|e| CliError::failure(format!("{}: {e}", args.opml.display())))?;
    let context = Context::load()?;
    let mut store = context.library()?;
    let before = store.podcasts().map_err(CliError::failure)?.len();
    store
        .import_podcasts(
            feeds
                .iter()
                .map(|f| (f.xml_url.as_str(), f.title.as_deref())),
        )
        .map_err(CliError::failure)?;
    let after = store.podcasts().map_err(CliError::failure)?.len();
    write_out(&format!(
        "Imported {} feeds ({} new). Fetch their episodes with: netstack-tui refresh\n",
        feeds.len(),
        after.saturating_sub(before)
    ))
}

pub fn export(args: &ExportArgs) -> Result<(), CliError> {
    let context = Context::load()?;
    let store = context.library()?;
    let feeds: Vec<OpmlFeed> = store
        .podcasts()
        .map_err(CliError::failure)?
        .into_iter()
        .filter_map(|p| {
            Some(OpmlFeed {
                title: Some(p.title).filter(|t| !t.is_empty()),
                xml_url: p.feed_url?,
                html_url: None,
            })
        })
        .collect();
    let document = opml::write(&feeds, "netstack-tui subscriptions");
    match &args.file {
        Some(path) => std::fs::write(path, document)
            .map_err(|e| CliError::failure(format!("writing {}: {e}", path.display()))),
        None => write_out(&document),
    }
}
