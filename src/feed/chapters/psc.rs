//! Podlove Simple Chapters: the `<psc:chapter start= title= href= image=>` entries of a feed item
//! or of an external chapters document. Starts are Normal Play Time ("0", "01", "01:02",
//! "01:02:03.400"); entries come sorted by start, and only the first `<psc:chapters>` counts.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::model::{Chapter, ChapterSource};
use crate::text::clock::parse_npt;
use crate::text::html::entities;

/// The attributes of one `<psc:chapter>`, as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PscEntry {
    pub start: String,
    pub title: String,
    pub href: Option<String>,
    pub image: Option<String>,
}

/// Why an external Podlove chapters document gave no chapters.
#[derive(Debug, thiserror::Error)]
pub enum PscError {
    #[error("Podlove chapters document is not well-formed XML at byte {position}: {source}")]
    Xml {
        position: u64,
        #[source]
        source: quick_xml::Error,
    },
    #[error("not a Podlove chapters document: it has no <chapters> element")]
    NoChapters,
}

/// Chapters from `<psc:chapter>` attributes, sorted by start; entries whose start is not Normal
/// Play Time are left out. Titles are trimmed; empty `href`/`image` count as absent.
pub fn from_attrs(entries: impl IntoIterator<Item = PscEntry>) -> Vec<Chapter> {
    let mut chapters: Vec<Chapter> = entries
        .into_iter()
        .filter_map(|entry| {
            let start = parse_npt(&entry.start)?;
            let mut chapter = Chapter::new(start, entry.title.trim(), ChapterSource::Podlove);
            chapter.url = non_empty(entry.href);
            chapter.image = non_empty(entry.image);
            Some(chapter)
        })
        .collect();
    chapters.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    chapters
}

/// The largest external Podlove chapters file the player fetches.
pub const MAX_DOCUMENT_BYTES: usize = 2 * 1024 * 1024;

/// Chapters from an external Podlove Simple Chapters document: the first `chapters` element with
/// content (whatever its namespace prefix; a `podcast:chapters` link, which has a `url`, does not
/// count), its `chapter` children read as in [`from_attrs`]. A later chapter list is ignored.
pub fn parse_document(xml: &[u8]) -> Result<Vec<Chapter>, PscError> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    let mut entries = Vec::new();
    let mut depth = 0usize; // inside the chapter list: 1 = directly in it
    let mut found = false;
    loop {
        let event = reader.read_event().map_err(|source| PscError::Xml {
            position: reader.error_position(),
            source,
        })?;
        match event {
            Event::Start(e) if depth == 0 && !found && is_chapter_list(&e) => {
                found = true;
                depth = 1;
            }
            Event::Start(e) if depth > 0 => {
                if depth == 1 && e.local_name().as_ref() == "chapter" {
                    entries.push(entry(&e));
                }
                depth += 1;
            }
            Event::Empty(e) if depth == 1 && e.local_name().as_ref() == "chapter" => {
                entries.push(entry(&e))
            }
            Event::End(_) if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !found {
        return Err(PscError::NoChapters);
    }
    Ok(from_attrs(entries))
}

/// A `chapters` element that lists chapters, not a `podcast:chapters` link (which has a `url`).
fn is_chapter_list(element: &BytesStart<'_>) -> bool {
    element.local_name().as_ref() == "chapters"
        && !element
            .html_attributes()
            .flatten()
            .any(|a| a.key.local_name().as_ref() == "url")
}

/// The attributes of a `chapter` element; malformed attributes are skipped.
fn entry(element: &BytesStart<'_>) -> PscEntry {
    let mut entry = PscEntry::default();
    for attr in element.html_attributes().flatten() {
        let value = entities::decode(&attr.value).into_owned();
        match attr.key.local_name().as_ref() {
            "start" => entry.start = value,
            "title" => entry.title = value,
            "href" => entry.href = Some(value),
            "image" => entry.image = Some(value),
            _ => {}
        }
    }
    entry
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
#[path = "psc_tests.rs"]
mod tests;
