//! File names for downloads, made from podcast and episode titles the feed chose.
//!
//! Titles are untrusted: they may hold path separators, `..`, control characters, escape
//! sequences, bidi overrides or hundreds of CJK characters. A name made here is one path
//! component: no separator, never `.`/`..` or hidden, no control or invisible characters, and at
//! most [`MAX_NAME_BYTES`] bytes *with* the `.part` suffix a download is written under, cut on
//! a character boundary. Uniqueness is the caller's (see [`numbered`]).

use unicode_segmentation::UnicodeSegmentation;

/// The longest file name most file systems accept (ext4, btrfs, xfs, APFS: 255 bytes).
pub const MAX_NAME_BYTES: usize = 255;

/// What a download is written under until it is complete.
pub const PART_SUFFIX: &str = ".part";

/// Room kept for " (NN)" when a name is taken.
const NUMBER_ROOM: usize = 6;

/// A directory name for a podcast (as short as a file name, for the same checks).
pub fn podcast_dir(title: &str) -> String {
    let name = clean(title, MAX_NAME_BYTES - PART_SUFFIX.len());
    if name.is_empty() {
        "Podcast".to_owned()
    } else {
        name
    }
}

/// The file name of an episode: `YYYY-MM-DD Title.ext` (the date when the feed gives one), with
/// room for `.part` and a number.
pub fn episode_file(title: &str, date: Option<&str>, extension: &str) -> String {
    let extension = clean_extension(extension);
    let budget = MAX_NAME_BYTES - PART_SUFFIX.len() - NUMBER_ROOM - 1 - extension.len();
    let mut stem = String::new();
    if let Some(date) = date.filter(|d| d.len() == 10 && d.is_ascii()) {
        stem.push_str(date);
        stem.push(' ');
    }
    let title = clean(title, budget.saturating_sub(stem.len()));
    if title.is_empty() {
        stem.push_str("Episode");
    } else {
        stem.push_str(&title);
    }
    format!("{}.{extension}", stem.trim_end())
}

/// `name` with " (n)" before its extension, for the n-th file of the same name (n ≥ 2).
pub fn numbered(name: &str, n: u32) -> String {
    if n < 2 {
        return name.to_owned();
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem} ({n}).{ext}"),
        _ => format!("{name} ({n})"),
    }
}

/// The extension of a media URL's last path segment (`mp3`, `m4a`…), else one for the MIME
/// type, else `mp3`.
pub fn extension_for(url: &str, mime: Option<&str>) -> String {
    let from_url = url
        .split(['?', '#'])
        .next()
        .and_then(|p| p.rsplit('/').next())
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .filter(|ext| {
            (1..=5).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        });
    if let Some(ext) = from_url {
        return ext;
    }
    let by_mime = match mime.map(|m| m.trim().to_ascii_lowercase()).as_deref() {
        Some("audio/mp4" | "audio/x-m4a" | "audio/aac" | "audio/m4a") => "m4a",
        Some("video/mp4") => "mp4",
        Some("audio/ogg" | "audio/vorbis") => "ogg",
        Some("audio/opus") => "opus",
        Some("audio/flac" | "audio/x-flac") => "flac",
        Some("audio/wav" | "audio/x-wav" | "audio/wave") => "wav",
        _ => "mp3",
    };
    by_mime.to_owned()
}

fn clean_extension(extension: &str) -> String {
    let ext: String = extension
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(5)
        .collect::<String>()
        .to_ascii_lowercase();
    if ext.is_empty() {
        "mp3".to_owned()
    } else {
        ext
    }
}

/// One path component from `text`, at most `max_bytes` long: terminal-safe text, characters
/// that separate or are reserved on common file systems replaced, white space folded, no leading
/// dots or spaces, no trailing dots or spaces, cut between graphemes.
fn clean(text: &str, max_bytes: usize) -> String {
    let safe = crate::text::sanitize_line(text);
    let replaced: String = safe
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let folded = replaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = folded.trim_start_matches(['.', ' ', '-']);
    let mut out = String::new();
    for grapheme in trimmed.graphemes(true) {
        if out.len() + grapheme.len() > max_bytes {
            break;
        }
        out.push_str(grapheme);
    }
    out.trim_end_matches(['.', ' ']).to_owned()
}

#[cfg(test)]
#[path = "names_tests.rs"]
mod tests;
