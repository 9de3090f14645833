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
mod tests {
    use super::*;

    fn is_one_safe_component(name: &str) -> bool {
        !name.is_empty()
            && name != "."
            && name != ".."
            && !name.starts_with('.')
            && !name.contains(['/', '\\', '\0'])
            && !name.chars().any(char::is_control)
            && name.len() + PART_SUFFIX.len() <= MAX_NAME_BYTES
    }

    #[test]
    fn ordinary_titles_read_as_themselves() {
        assert_eq!(
            episode_file("Rama with Glen", Some("2025-06-03"), "mp3"),
            "2025-06-03 Rama with Glen.mp3"
        );
        assert_eq!(podcast_dir("netstack.fm"), "netstack.fm");
        assert_eq!(
            episode_file("QUIC: the transport?", None, "m4a"),
            "QUIC- the transport-.m4a"
        );
    }

    #[test]
    fn hostile_titles_become_one_safe_component() {
        let hostile = [
            "../../etc/x.mp3",
            "/etc/passwd",
            "..",
            ".",
            "...",
            "\u{1b}[2J\u{1b}]0;pwned\u{7}evil",
            "a\u{202e}gpj.exe",
            "tab\there\nnewline\r\0nul",
            "",
            "   ",
            "C:\\Windows\\system32",
        ];
        for title in hostile {
            for name in [episode_file(title, None, "mp3"), podcast_dir(title)] {
                assert!(is_one_safe_component(&name), "{title:?} gave {name:?}");
            }
        }
        assert_eq!(
            episode_file("../../etc/x.mp3", None, "mp3"),
            "etc-x.mp3.mp3"
        );
        assert_eq!(episode_file("..", None, "mp3"), "Episode.mp3");
        assert_eq!(podcast_dir("\u{1b}[31m"), "Podcast");
    }

    #[test]
    fn long_cjk_titles_fit_in_255_bytes_with_the_part_suffix() {
        let title = "網絡協議".repeat(25); // 100 characters, 300 bytes
        let name = episode_file(&title, Some("2025-01-01"), "mp3");
        assert!(
            name.len() + PART_SUFFIX.len() <= MAX_NAME_BYTES,
            "{}",
            name.len()
        );
        assert!(name.starts_with("2025-01-01 網絡"));
        assert!(name.ends_with(".mp3"));
        let numbered = numbered(&name, 99);
        assert!(numbered.len() + PART_SUFFIX.len() <= MAX_NAME_BYTES);
        assert!(podcast_dir(&"é".repeat(300)).len() <= MAX_NAME_BYTES);
    }

    #[test]
    fn emoji_sequences_are_not_cut_in_half() {
        let family = "👨‍👩‍👧‍👦"; // 25 bytes
        let name = clean(&family.repeat(3), 60);
        assert_eq!(name, family.repeat(2));
    }

    #[test]
    fn numbering_goes_before_the_extension() {
        assert_eq!(numbered("a.mp3", 1), "a.mp3");
        assert_eq!(numbered("a.mp3", 2), "a (2).mp3");
        assert_eq!(numbered("noext", 3), "noext (3)");
    }

    #[test]
    fn extensions_come_from_the_url_then_the_mime_type() {
        assert_eq!(extension_for("https://x/ep.MP3?token=1", None), "mp3");
        assert_eq!(extension_for("https://x/ep", Some("audio/x-m4a")), "m4a");
        assert_eq!(extension_for("https://x/ep.php/../../x", None), "mp3");
        assert_eq!(extension_for("https://x/e.p/ep", None), "mp3");
        assert_eq!(extension_for("https://x/a.b/c.ogg#t", None), "ogg");
        assert_eq!(clean_extension("../sh"), "sh");
    }

    proptest::proptest! {
        #[test]
        fn any_title_gives_a_safe_name(title in "\\PC{0,400}", ext in "\\PC{0,12}") {
            let name = episode_file(&title, None, &ext);
            proptest::prop_assert!(is_one_safe_component(&name), "{:?}", name);
            proptest::prop_assert!(is_one_safe_component(&podcast_dir(&title)));
        }
    }
}
