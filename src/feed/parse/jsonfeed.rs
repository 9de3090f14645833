//! JSON Feed documents, through feed-rs for the text, dates and authors. An item's `url` and
//! its attachments (the episode's media) are read from the document as written: feed-rs hands
//! URLs back re-serialised (a space becomes `%20`) and files attachments among the item's
//! links, without their duration.

use serde::Deserialize;

use crate::feed::error::FeedError;
use crate::model::{Enclosure, Episode, Podcast};
use crate::text::html;

pub fn parse(bytes: &[u8], base: Option<&str>) -> Result<Podcast, FeedError> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(base)
        .build()
        .parse(bytes)
        .map_err(|e| FeedError::Malformed(format!("JSON feed: {e}")))?;
    let text = |t: &Option<feed_rs::model::Text>| t.as_ref().map(|t| t.content.clone());
    let published = as_published(bytes);
    let base_url = base.and_then(|b| url::Url::parse(b).ok());
    let mut episodes: Vec<Episode> = feed
        .entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let notes = entry
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .or_else(|| text(&entry.summary))
                .unwrap_or_default();
            let raw = published.get(i);
            let attachment = raw.and_then(RawItem::media);
            let enclosure = attachment.and_then(|a| {
                Some(Enclosure {
                    url: super::finish::resolve(base_url.as_ref(), a.url.as_deref()?)?,
                    mime: a.mime_type.clone().filter(|m| !m.trim().is_empty()),
                    length: a.size_in_bytes.filter(|s| *s > 0),
                })
            });
            Episode {
                guid: entry.id.clone(),
                title: super::finish::one_line(&text(&entry.title).unwrap_or_default()),
                published: entry.published.or(entry.updated),
                duration_s: attachment
                    .and_then(|a| a.duration_in_seconds)
                    .filter(|d| d.is_finite() && *d > 0.0),
                description: html::plain_text(&notes),
                chapters: crate::feed::chapters::notes::parse(&notes),
                notes_html: notes,
                link: raw
                    .and_then(|item| item.url.as_deref().or(item.external_url.as_deref()))
                    .and_then(|u| super::finish::resolve(base_url.as_ref(), u)),
                enclosure,
                ..Episode::default()
            }
        })
        .collect();
    episodes.sort_by_key(|e| std::cmp::Reverse(e.published));
    Ok(Podcast {
        title: text(&feed.title).unwrap_or_default(),
        link: feed.links.first().map(|l| l.href.clone()),
        description: text(&feed.description).unwrap_or_default(),
        image: feed
            .logo
            .as_ref()
            .or(feed.icon.as_ref())
            .map(|i| i.uri.clone()),
        author: feed.authors.first().and_then(|a| a.name.clone()),
        feed_url: base.map(str::to_owned),
        new_feed_url: None,
        language: feed.language.clone(),
        episodes,
    })
}

/// An item's URLs as the document writes them.
#[derive(Deserialize, Default)]
#[serde(default)]
struct RawItem {
    url: Option<String>,
    external_url: Option<String>,
    attachments: Vec<RawAttachment>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawAttachment {
    url: Option<String>,
    mime_type: Option<String>,
    size_in_bytes: Option<u64>,
    duration_in_seconds: Option<f64>,
}

impl RawItem {
    /// The attachment played: the first audio or video one, else the first with a URL.
    fn media(&self) -> Option<&RawAttachment> {
        let usable = || self.attachments.iter().filter(|a| a.url.is_some());
        usable()
            .find(|a| {
                a.mime_type
                    .as_deref()
                    .is_some_and(|m| m.starts_with("audio/") || m.starts_with("video/"))
            })
            .or_else(|| usable().next())
    }
}

/// Every item's URLs as written, in document order (as feed-rs lists its entries); empty when
/// the document does not read as such (feed-rs's own reading is used then).
fn as_published(bytes: &[u8]) -> Vec<RawItem> {
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Raw {
        items: Vec<serde_json::Value>,
    }
    let raw: Raw = serde_json::from_slice(bytes).unwrap_or_default();
    raw.items
        .into_iter()
        // A field of another type (a size written as text) loses only that item's media.
        .map(|item| serde_json::from_value(item).unwrap_or_default())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_kept_as_published_and_relative_ones_resolved() {
        let doc = br#"{"version": "https://jsonfeed.org/version/1.1", "title": "T",
            "items": [
              {"id": "a b", "url": "https://example.org/show notes/1",
               "attachments": [{"url": "https://cdn.example.org/ep 1.mp3?x=\"q\"",
                                "mime_type": "audio/mpeg"}]},
              {"id": "2", "attachments": [
                {"url": "cover.jpg", "mime_type": "image/jpeg"},
                {"url": "media/ep2.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 1234,
                 "duration_in_seconds": 61.5}]}
            ]}"#;
        let podcast = parse(doc, Some("https://example.org/feed.json")).expect("a JSON feed");
        let urls: Vec<_> = podcast
            .episodes
            .iter()
            .map(|e| e.enclosure.as_ref().map(|m| m.url.as_str()))
            .collect();
        assert!(
            urls.contains(&Some("https://cdn.example.org/ep 1.mp3?x=\"q\"")),
            "{urls:?}"
        );
        assert!(
            urls.contains(&Some("https://example.org/media/ep2.mp3")),
            "{urls:?}"
        );
        let first = podcast
            .episodes
            .iter()
            .find(|e| e.guid == "a b")
            .expect("item a b");
        assert_eq!(
            first.link.as_deref(),
            Some("https://example.org/show notes/1")
        );
    }
}
