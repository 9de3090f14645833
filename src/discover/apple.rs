//! Apple's podcast directory (the iTunes Search API): a podcast's feed URL from its Apple id,
//! and podcasts matching search terms.
//!
//! Answers are read leniently: unknown fields are ignored, and a result with an odd field loses
//! that field (or, without a usable feed URL, is skipped) instead of failing the whole answer.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use super::{DiscoverError, fetch};

/// Apple's lookup endpoint, the default the configuration starts from.
pub const LOOKUP_ENDPOINT: &str = "https://itunes.apple.com/lookup";
/// Apple's search endpoint, the default the configuration starts from.
pub const SEARCH_ENDPOINT: &str = "https://itunes.apple.com/search";
/// The most of an answer read; Apple's answers are a few KiB per result.
pub const MAX_ANSWER_BYTES: usize = 2 << 20;

const ACCEPT_JSON: &str = "application/json, text/javascript;q=0.9, */*;q=0.1";

/// A podcast the directory found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    pub title: String,
    pub author: Option<String>,
    pub feed_url: String,
    /// How many episodes the directory knows of.
    pub episodes: Option<u32>,
    pub genre: Option<String>,
}

/// The envelope of every answer; each result is read field by field.
#[derive(Deserialize)]
struct AppleAnswer {
    #[serde(default)]
    results: Vec<Value>,
}

/// The feed URL Apple lists for podcast `id`, asked of `lookup_endpoint`
/// (`{lookup_endpoint}?id={id}&entity=podcast`).
pub async fn lookup_feed_url(
    client: &reqwest::Client,
    lookup_endpoint: &str,
    id: u64,
) -> Result<String, DiscoverError> {
    let url = endpoint_url(
        lookup_endpoint,
        &[("id", &id.to_string()), ("entity", "podcast")],
    )?;
    let results = ask(client, &url).await?;
    if results.is_empty() {
        return Err(DiscoverError::NoSuchPodcast { id });
    }
    let mut unusable = None;
    for result in &results {
        match text(result, "feedUrl") {
            Some(feed) if usable_feed_url(&feed) => return Ok(feed),
            Some(feed) => unusable = unusable.or(Some(feed)),
            None => {}
        }
    }
    Err(match unusable {
        Some(url) => DiscoverError::BadFeedUrl { id, url },
        None => DiscoverError::NoFeedUrl { id },
    })
}

/// Podcasts matching `terms`, at most `limit` of them, asked of `search_endpoint`
/// (`{search_endpoint}?media=podcast&entity=podcast&term={terms}&limit={limit}`), in the
/// directory's order. Results without a usable feed URL are left out.
pub async fn search(
    client: &reqwest::Client,
    search_endpoint: &str,
    terms: &str,
    limit: u32,
) -> Result<Vec<Found>, DiscoverError> {
    let url = endpoint_url(
        search_endpoint,
        &[
            ("media", "podcast"),
            ("entity", "podcast"),
            ("term", terms.trim()),
            ("limit", &limit.to_string()),
        ],
    )?;
    let results = ask(client, &url).await?;
    Ok(results.iter().filter_map(found).collect())
}

/// `endpoint` with `pairs` appended to its query (form-encoded, so any query the endpoint
/// already carries is kept).
fn endpoint_url(endpoint: &str, pairs: &[(&str, &str)]) -> Result<Url, DiscoverError> {
    let mut url = Url::parse(endpoint.trim()).map_err(|source| DiscoverError::BadUrl {
        url: endpoint.to_owned(),
        source,
    })?;
    url.query_pairs_mut().extend_pairs(pairs);
    Ok(url)
}

async fn ask(client: &reqwest::Client, url: &Url) -> Result<Vec<Value>, DiscoverError> {
    let fetched = fetch(client, url.as_str(), ACCEPT_JSON, MAX_ANSWER_BYTES).await?;
    if fetched.truncated {
        return Err(DiscoverError::TooLarge {
            url: fetched.final_url.to_string(),
            limit_kib: MAX_ANSWER_BYTES / 1024,
        });
    }
    let answer: AppleAnswer =
        serde_json::from_slice(&fetched.body).map_err(|source| DiscoverError::Json {
            url: fetched.final_url.to_string(),
            source,
        })?;
    Ok(answer.results)
}

fn found(result: &Value) -> Option<Found> {
    let feed_url = text(result, "feedUrl").filter(|u| usable_feed_url(u))?;
    let title = text(result, "collectionName")
        .or_else(|| text(result, "trackName"))
        .unwrap_or_else(|| feed_url.clone());
    Some(Found {
        title,
        author: text(result, "artistName"),
        episodes: result
            .get("trackCount")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok()),
        genre: text(result, "primaryGenreName"),
        feed_url,
    })
}

/// A non-empty string field, trimmed.
fn text(result: &Value, field: &str) -> Option<String> {
    let value = result.get(field)?.as_str()?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// Only absolute http(s) URLs are offered as feeds.
fn usable_feed_url(url: &str) -> bool {
    Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
}

#[cfg(test)]
#[path = "apple_tests.rs"]
mod tests;
