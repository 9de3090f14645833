//! Resolving PODCAST on the command line: a URL, an existing file, or a subscribed title.

use std::path::Path;

use super::error::CliError;
use crate::feed::{self, FeedError, Fetched};
use crate::model::Podcast;

/// How a PODCAST argument was understood.
#[derive(Debug, PartialEq, Eq)]
pub enum PodcastRef<'a> {
    Url(&'a str),
    File(&'a Path),
    Title(&'a str),
}

/// Tried in order: a URL (it has a scheme), an existing file path, a subscribed title.
pub fn classify(arg: &str) -> PodcastRef<'_> {
    if has_scheme(arg) {
        PodcastRef::Url(arg)
    } else if Path::new(arg).is_file() {
        PodcastRef::File(Path::new(arg))
    } else {
        PodcastRef::Title(arg)
    }
}

fn has_scheme(arg: &str) -> bool {
    match arg.split_once("://") {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// Loads a podcast from a URL or a file.
pub async fn load(arg: &str) -> Result<Podcast, CliError> {
    match classify(arg) {
        PodcastRef::Url(url) if url.starts_with("file://") => {
            let path = url.trim_start_matches("file://");
            read_file(Path::new(path))
        }
        PodcastRef::Url(url) => {
            let client = crate::net::client()
                .map_err(|e| CliError::failure(format!("starting HTTP: {e}")))?;
            match feed::fetch(&client, url, None).await? {
                Fetched::Body {
                    bytes,
                    final_url,
                    address,
                    ..
                } => {
                    // Relative links resolve where the document is; the feed's address moves
                    // only with permanent redirects.
                    let mut podcast = feed::parse_feed(&bytes, Some(&final_url))?;
                    podcast.feed_url = Some(address);
                    Ok(podcast)
                }
                Fetched::NotModified { .. } => Err(CliError::failure(format!(
                    "fetching {url}: the server answered 304 to an unconditional request"
                ))),
            }
        }
        PodcastRef::File(path) => read_file(path),
        PodcastRef::Title(title) => {
            let context = super::context::Context::load()?;
            let store = context.library()?;
            let found = super::library_cmd::find(&store, title)?;
            store.podcast(found.id).map_err(CliError::failure)
        }
    }
}

fn read_file(path: &Path) -> Result<Podcast, CliError> {
    let bytes = std::fs::read(path).map_err(|source| FeedError::Io {
        path: path.display().to_string(),
        source,
    })?;
    // Relative links in a local feed point next to the file.
    let base = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| url::Url::from_file_path(p).ok());
    let podcast = feed::parse_feed(&bytes, base.as_ref().map(url::Url::as_str))
        .map_err(|e| CliError::failure(format!("{}: {e}", path.display())))?;
    Ok(podcast)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_recognised_by_their_scheme() {
        assert_eq!(
            classify("https://netstack.fm/rss"),
            PodcastRef::Url("https://netstack.fm/rss")
        );
        assert_eq!(
            classify("file:///tmp/x.xml"),
            PodcastRef::Url("file:///tmp/x.xml")
        );
        assert_eq!(classify("netstack"), PodcastRef::Title("netstack"));
        assert_eq!(classify("a b://c"), PodcastRef::Title("a b://c"));
    }
}
