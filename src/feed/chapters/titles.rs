//! Chapter titles cut out of show-note text: separators between time and title trimmed, length
//! bounded, and the end of a list's last title found where a listing glued the rest of the notes
//! to it ("01:14:07 Outro Netstack.FM More information: https://…").

/// The longest title kept, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// What may stand between a time and its title ("00:50 - Intro", "[00:50] Intro", "00:50: Intro").
fn leading_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | '|' | ')' | ']' | '~' | '•' | '·')
}

/// What may stand between a title and the next time ("Intro - 00:50", "Intro (00:50)").
fn trailing_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '–' | '—' | '|' | '(' | '[' | ',' | ';' | '~' | '•' | '·'
        )
}

/// Phrases that start the notes' closing words rather than a chapter title.
const TRAILERS: &[&str] = &[
    "more information",
    "more info",
    "learn more",
    "join our",
    "follow us",
    "reach out",
    "sponsored by",
    "support the show",
    "music by",
    "music for this",
];

/// A title from the text that follows a time: separators trimmed, white space folded, at most
/// [`MAX_TITLE_CHARS`] characters.
pub fn clean(raw: &str) -> String {
    fold(trim(raw))
}

/// [`clean`] on text already trimmed.
fn fold(trimmed: &str) -> String {
    // Short visible ASCII with single spaces: already folded.
    let mut after_space = false;
    let folded = trimmed.bytes().all(|c| {
        let single = c != b' ' || !after_space;
        after_space = c == b' ';
        single && (c.is_ascii_graphic() || c == b' ')
    });
    if folded && trimmed.len() <= MAX_TITLE_CHARS {
        return trimmed.to_string();
    }
    let mut title = String::with_capacity(trimmed.len().min(MAX_TITLE_CHARS * 4));
    for (i, word) in trimmed.split_whitespace().enumerate() {
        if i > 0 {
            title.push(' ');
        }
        title.push_str(word);
        if title.len() >= MAX_TITLE_CHARS * 4 {
            break;
        }
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        title = title.chars().take(MAX_TITLE_CHARS).collect();
        title.truncate(title.trim_end().len());
    }
    title
}

/// `raw` without the separators before and after a title.
fn trim(raw: &str) -> &str {
    raw.trim_start_matches(leading_separator)
        .trim_end_matches(trailing_separator)
}

/// Whether [`clean`] finds no title in `raw`: what is left after trimming starts with a character
/// that is not white space, which the title keeps.
fn no_title(raw: &str) -> bool {
    trim(raw).is_empty()
}

/// The title in the text after a time: the rest of its line, or the next line with text when
/// that is empty (a time alone in its paragraph); for the last entry of a run-together list, up
/// to where the notes go on.
pub fn after_time(after: &str, last_glued: bool) -> String {
    let raw = after.split('\n').find(|line| !no_title(line)).unwrap_or("");
    if last_glued {
        clean(cut_trailer(raw))
    } else {
        fold(trim(raw))
    }
}

/// Where the last title of a run-together list ends: at a URL, a domain-like word
/// ("Netstack.FM", "hello@example.org") or a closing phrase ("More information"), whichever
/// comes first and leaves a title. The whole text when none does.
pub fn cut_trailer(text: &str) -> &str {
    // Only the part a title may keep is looked at.
    let text = match text.char_indices().nth(MAX_TITLE_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    let lower = text.to_ascii_lowercase();
    let urls = ["http://", "https://", "www."]
        .into_iter()
        .flat_map(|p| lower.match_indices(p).map(|(i, _)| i));
    let phrases = TRAILERS
        .iter()
        .flat_map(|p| lower.match_indices(p).map(|(i, _)| i))
        .filter(|&i| starts_word(text, i));
    let domains = text
        .match_indices('.')
        .flat_map(|(dot, _)| domain_starts(text, dot))
        .flatten();
    let cut = urls
        .chain(phrases)
        .chain(domains)
        .filter(|&i| !no_title(&text[..i]))
        .min();
    cut.map_or(text, |i| &text[..i])
}

/// A word starts at `i`: after a non-alphanumeric character, or glued with a case change
/// ("OutroMore").
fn starts_word(text: &str, i: usize) -> bool {
    let before = text[..i].chars().next_back();
    let here = text[i..].chars().next();
    match (before, here) {
        (None, _) => true,
        (Some(b), Some(h)) => !b.is_alphanumeric() || (b.is_lowercase() && h.is_uppercase()),
        (Some(_), None) => false,
    }
}

/// For a `.` inside a domain-like word ("netstack.fm", "OutroNetstack.FMMore"), where the domain
/// may start: at the start of the word, or where a lower-case letter is glued to an upper-case
/// one (the first such place, for when the word starts the title).
fn domain_starts(text: &str, dot: usize) -> [Option<usize>; 2] {
    let before = text[..dot].chars().next_back();
    let tld = text[dot + 1..]
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .count();
    if !before.is_some_and(char::is_alphanumeric) || tld < 2 {
        return [None, None];
    }
    let part_of_address = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | '+');
    let mut start = dot;
    let mut glued = None;
    let mut next: Option<char> = None;
    for (i, c) in text[..dot].char_indices().rev().take(64) {
        if !part_of_address(c) {
            break;
        }
        if c.is_lowercase() && next.is_some_and(char::is_uppercase) {
            glued = Some(start);
        }
        start = i;
        next = Some(c);
    }
    [Some(start), glued]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_trimmed() {
        assert_eq!(clean(" - Intro "), "Intro");
        assert_eq!(clean("] – Get to know   Simon (  "), "Get to know Simon");
        assert_eq!(clean(": Protocol (1998)"), "Protocol (1998)");
        assert_eq!(clean("What is Sans IO?"), "What is Sans IO?");
        assert_eq!(clean(".NET interop"), ".NET interop");
    }

    #[test]
    fn no_title_agrees_with_clean() {
        for raw in [
            "",
            " - ",
            "] – ",
            "x",
            " - ( ",
            "\u{2003}\u{a0}",
            "(a",
            ")",
            " é ",
        ] {
            assert_eq!(no_title(raw), clean(raw).is_empty(), "{raw:?}");
        }
    }

    #[test]
    fn length_is_bounded() {
        let long = "word ".repeat(500);
        assert!(clean(&long).chars().count() <= MAX_TITLE_CHARS);
        assert_eq!(clean(&"é".repeat(300)).chars().count(), MAX_TITLE_CHARS);
    }

    #[test]
    fn trailers_are_cut() {
        assert_eq!(
            cut_trailer(" Outro Netstack.FM More information: https://x"),
            " Outro "
        );
        assert_eq!(cut_trailer("OutroNetstack.FMMore information…"), "Outro");
        assert_eq!(cut_trailer("OutroMore information"), "Outro");
        assert_eq!(cut_trailer("Goodbye https://example.org"), "Goodbye ");
        assert_eq!(cut_trailer("Bye, mail hello@example.org"), "Bye, mail ");
        assert_eq!(cut_trailer("Outro GitHub.com"), "Outro ");
        assert_eq!(cut_trailer("OutroGitHub.com"), "Outro");
        assert_eq!(cut_trailer("Final words"), "Final words");
        assert_eq!(
            cut_trailer("Legacy VPNs vs. Firezone e.g. later"),
            "Legacy VPNs vs. Firezone e.g. later"
        );
        // A title that is itself a domain is kept.
        assert_eq!(
            cut_trailer("interlisp.org, 5 years later"),
            "interlisp.org, 5 years later"
        );
    }
}
