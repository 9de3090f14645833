//! Podcasting 2.0 JSON chapters, the file a `<podcast:chapters>` tag links to:
//! `{"version": …, "chapters": [{"startTime": 0, "title": …, "img": …, "url": …, "toc": false,
//! "endTime": …, "location": …}]}`. Unknown fields are ignored; a chapter with `toc: false` is
//! kept but hidden from the table of contents; entries without a usable start are skipped.

use serde::Deserialize;

use crate::model::{Chapter, ChapterSource};
use crate::text::clock::parse_clock;

/// The largest chapters file read, in bytes (2 MiB).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// Why a JSON chapters file gave no chapters.
#[derive(Debug, thiserror::Error)]
pub enum JsonChaptersError {
    #[error("JSON chapters file is {size} bytes, over the {limit}-byte (2 MiB) limit")]
    TooLarge { size: usize, limit: usize },
    #[error("not a JSON chapters document: {0}")]
    Json(#[from] serde_json::Error),
}

#[derive(Deserialize)]
struct Document {
    chapters: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonChapter {
    start_time: Seconds,
    title: Option<String>,
    img: Option<String>,
    url: Option<String>,
    toc: Option<bool>,
    end_time: Option<Seconds>,
}

/// A time in seconds: a number as the specification says, or a numeric or clock string as some
/// publishers write it.
#[derive(Deserialize)]
#[serde(untagged)]
enum Seconds {
    Number(f64),
    Text(String),
}

impl Seconds {
    fn value(&self) -> Option<f64> {
        match self {
            Seconds::Number(n) => Some(*n),
            Seconds::Text(text) => parse_clock(text),
        }
        .filter(|s| s.is_finite() && *s >= 0.0)
    }
}

/// Reads a JSON chapters file; chapters come sorted by start.
pub fn parse(json: &[u8]) -> Result<Vec<Chapter>, JsonChaptersError> {
    if json.len() > MAX_BYTES {
        return Err(JsonChaptersError::TooLarge {
            size: json.len(),
            limit: MAX_BYTES,
        });
    }
    let document: Document = serde_json::from_slice(json)?;
    let mut chapters: Vec<Chapter> = document
        .chapters
        .into_iter()
        .filter_map(|value| serde_json::from_value::<JsonChapter>(value).ok())
        .filter_map(|entry| {
            let start = entry.start_time.value()?;
            let mut chapter = Chapter::new(
                start,
                entry.title.unwrap_or_default().trim(),
                ChapterSource::PodcastJson,
            );
            chapter.end_s = entry
                .end_time
                .and_then(|e| e.value())
                .filter(|&end| end > start);
            chapter.url = non_empty(entry.url);
            chapter.image = non_empty(entry.img);
            chapter.toc = entry.toc.unwrap_or(true);
            Some(chapter)
        })
        .collect();
    chapters.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    Ok(chapters)
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
#[path = "podcast_json_tests.rs"]
mod tests;
