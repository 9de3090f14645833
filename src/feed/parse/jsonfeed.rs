//! JSON Feed documents, through feed-rs.

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
    let mut episodes: Vec<Episode> = feed
        .entries
        .iter()
        .map(|entry| {
            let notes = entry
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .or_else(|| text(&entry.summary))
                .unwrap_or_default();
            let enclosure = entry.media.iter().flat_map(|m| &m.content).find_map(|c| {
                Some(Enclosure {
                    url: c.url.as_ref()?.to_string(),
                    mime: c.content_type.as_ref().map(|m| m.to_string()),
                    length: c.size.filter(|s| *s > 0),
                })
            });
            Episode {
                guid: entry.id.clone(),
                title: super::finish::one_line(&text(&entry.title).unwrap_or_default()),
                published: entry.published.or(entry.updated),
                duration_s: entry
                    .media
                    .iter()
                    .find_map(|m| m.duration)
                    .map(|d| d.as_secs_f64()),
                description: html::plain_text(&notes),
                chapters: crate::feed::chapters::notes::parse(&notes),
                notes_html: notes,
                link: entry.links.first().map(|l| l.href.clone()),
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
