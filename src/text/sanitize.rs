//! Text from feeds made safe for a terminal.
//!
//! Feed text is untrusted: a title can carry escape sequences that recolour or clear the screen,
//! bidi overrides that reverse what follows, line separators that break a table, or zero-width
//! characters that hide text. Everything printed for a person goes through here; `--json` keeps
//! the text as published (JSON escapes it). Emoji sequences (ZWJ, variation selectors) and CJK
//! stay whole.

/// Makes text inert for a terminal, keeping line breaks (`\n`) and turning tabs into spaces.
pub fn sanitize(text: &str) -> String {
    clean(text, true)
}

/// Like [`sanitize`], but on one line: every line break becomes a space and runs of white space
/// fold into one.
pub fn sanitize_line(text: &str) -> String {
    let cleaned = clean(text, false);
    let mut out = String::with_capacity(cleaned.len());
    for word in cleaned.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn clean(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut previous: Option<char> = None;
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                skip_escape_sequence(&mut chars);
                continue;
            }
            '\u{9b}' => {
                skip_csi_body(&mut chars);
                continue;
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => {
                out.push(if keep_newlines { '\n' } else { ' ' });
            }
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push(if keep_newlines { '\n' } else { ' ' });
                }
            }
            '\t' => out.push(' '),
            '\u{200d}' => {
                // A joiner belongs between two parts of an emoji sequence; alone it hides text.
                let joins = previous.is_some_and(is_pictographic_context)
                    && chars.peek().copied().is_some_and(is_pictographic_context);
                if joins {
                    out.push(c);
                }
            }
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
        previous = Some(c);
    }
    out
}

/// Controls, bidi controls and stray invisible characters that must never reach a terminal.
fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // bidi embeddings, overrides, isolates and marks
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
        // zero-width space, word joiner, invisible operators, BOM
        | '\u{200b}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
        // interlinear annotation controls, object replacement
        | '\u{fff9}'..='\u{fffb}')
}

fn is_pictographic_context(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace() && !is_forbidden(c)
}

/// Skips what follows an ESC: a CSI (`[` … final byte), an OSC/DCS/PM/APC string (up to BEL or
/// ESC \\), or a single character.
fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => skip_csi_body(chars),
        Some(']' | 'P' | '^' | '_' | 'X') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' || c == '\u{9c}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        _ => {}
    }
}

fn skip_csi_body(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_vanish_whole() {
        assert_eq!(sanitize("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(sanitize("x\u{1b}]0;pwned\u{7}y"), "xy");
        assert_eq!(sanitize("x\u{1b}]8;;http://e\u{1b}\\link"), "xlink");
        assert_eq!(sanitize("\u{9b}2Jclear"), "clear");
        assert_eq!(sanitize("bell\u{7}\u{8}"), "bell");
    }

    #[test]
    fn bidi_and_invisible_characters_are_removed() {
        assert_eq!(sanitize("abc\u{202e}fed\u{202c}"), "abcfed");
        assert_eq!(sanitize("a\u{2066}b\u{2069}c\u{200b}d\u{feff}"), "abcd");
        assert_eq!(
            sanitize_line("one\u{2028}two\u{2029}three"),
            "one two three"
        );
    }

    #[test]
    fn emoji_sequences_and_cjk_stay_whole() {
        assert_eq!(sanitize("❤️😊 爱"), "❤️😊 爱");
        let family = "👨\u{200d}👩\u{200d}👧";
        assert_eq!(sanitize(family), family);
        assert_eq!(sanitize("a\u{200d}b"), "ab");
    }

    #[test]
    fn lines_fold_and_newlines_survive() {
        assert_eq!(sanitize("a\r\nb\rc\td"), "a\nb\nc d");
        assert_eq!(sanitize_line("  a \n\n b\t c "), "a b c");
    }
}
