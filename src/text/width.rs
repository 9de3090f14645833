//! Cutting text to a display width (wide CJK, emoji and combining characters counted right).

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Display width of `text` in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cuts `text` to at most `max` columns, ending with `…` when anything was cut. Never splits a
/// grapheme (an emoji sequence or a letter with its accents).
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let w = width(grapheme);
        if used + w > max - 1 {
            break;
        }
        out.push_str(grapheme);
        used += w;
    }
    out.push('…');
    out
}

/// Pads `text` with spaces to exactly `columns` (cutting it first when longer).
pub fn fit(text: &str, columns: usize) -> String {
    let mut out = truncate(text, columns);
    let pad = columns.saturating_sub(width(&out));
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(width("爱"), 2);
        assert_eq!(truncate("爱爱爱爱", 5), "爱爱…");
        assert_eq!(fit("爱", 4), "爱  ");
    }

    #[test]
    fn never_splits_an_emoji_sequence() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let cut = truncate(&format!("ab{family}{family}"), 5);
        assert!(cut.ends_with('…'));
        assert!(!cut.contains('\u{200d}') || cut.contains(family), "{cut:?}");
    }

    #[test]
    fn short_text_is_untouched() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3), "ab…");
        assert_eq!(truncate("abcd", 0), "");
    }
}
