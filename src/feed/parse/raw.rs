//! What the XML walk collects, before it is cleaned into the model.

use crate::feed::chapters::psc::PscEntry;
use crate::model::Transcript;

/// A media file as an `<enclosure>`, `<media:content>` or Atom `rel="enclosure"` link gives it.
#[derive(Debug, Default, Clone)]
pub struct RawMedia {
    pub url: String,
    pub mime: Option<String>,
    pub length: Option<String>,
    pub medium: Option<String>,
    pub duration: Option<String>,
}

impl RawMedia {
    /// Audio or video, by MIME type or `medium`.
    pub fn is_playable(&self) -> bool {
        let kind = |s: &Option<String>| {
            s.as_deref()
                .is_some_and(|m| m.starts_with("audio") || m.starts_with("video"))
        };
        kind(&self.mime) || kind(&self.medium)
    }
}

/// One item or entry as written in the feed.
#[derive(Debug, Default)]
pub struct RawItem {
    pub title: Option<String>,
    pub link: Option<String>,
    pub guid: Option<String>,
    /// Publication dates (`pubDate`, `dc:date`, Atom `published`), in document order.
    pub dates: Vec<String>,
    /// Atom `<updated>`: the date only when no publication date can be read.
    pub updated: Option<String>,
    pub content: Option<String>,
    pub description: Option<String>,
    pub itunes_summary: Option<String>,
    pub itunes_subtitle: Option<String>,
    pub atom_content: Option<String>,
    pub atom_summary: Option<String>,
    pub media_description: Option<String>,
    pub duration: Option<String>,
    pub image: Option<String>,
    pub thumbnail: Option<String>,
    pub season: Option<String>,
    pub episode: Option<String>,
    pub enclosures: Vec<RawMedia>,
    pub media: Vec<RawMedia>,
    pub chapters_url: Option<String>,
    pub chapters_type: Option<String>,
    pub podlove_url: Option<String>,
    pub transcripts: Vec<Transcript>,
    pub psc: Vec<PscEntry>,
    pub psc_lists: u32,
    /// `<guid isPermaLink="true">`: the guid is also the episode's address.
    pub guid_is_link: bool,
    /// The `xml:base` in force for this item.
    pub base: Option<String>,
}

/// The channel (RSS) or feed (Atom) level.
#[derive(Debug, Default)]
pub struct RawChannel {
    pub title: Option<String>,
    pub link: Option<String>,
    pub description: Option<String>,
    pub itunes_summary: Option<String>,
    pub subtitle: Option<String>,
    pub image: Option<String>,
    pub image_url: Option<String>,
    pub logo: Option<String>,
    pub author: Option<String>,
    pub owner_name: Option<String>,
    pub editor: Option<String>,
    pub self_url: Option<String>,
    pub new_feed_url: Option<String>,
    pub language: Option<String>,
    /// The `xml:base` in force for the channel.
    pub base: Option<String>,
}

/// Sets `slot` to `value` unless it is already set or `value` is blank: the first occurrence of
/// an element wins (castero's broken feeds repeat `<link>` and `<description>`).
pub fn keep_first(slot: &mut Option<String>, value: impl AsRef<str> + Into<String>) {
    if slot.is_none() && !value.as_ref().trim().is_empty() {
        *slot = Some(value.into());
    }
}
