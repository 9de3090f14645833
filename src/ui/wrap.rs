//! Word wrapping by display width (wide characters count two columns; a word longer than the
//! line is cut between graphemes, never inside one).

use unicode_segmentation::UnicodeSegmentation;

use crate::text::width;

/// `text` (already sanitised) wrapped to `columns`; each `\n` starts a new line and a line's
/// leading indentation is kept on its first row.
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(1);
    let mut rows = Vec::new();
    for line in text.split('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut row = " ".repeat(indent.min(columns / 2));
        let mut used = width(&row);
        let mut has_words = false;
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            let w = width(word);
            let gap = usize::from(has_words);
            if used + gap + w <= columns {
                if has_words {
                    row.push(' ');
                }
                row.push_str(word);
                used += gap + w;
                has_words = true;
                continue;
            }
            if has_words {
                rows.push(std::mem::take(&mut row));
                used = 0;
            }
            for grapheme in word.graphemes(true) {
                let g = width(grapheme);
                if used + g > columns && used > 0 {
                    rows.push(std::mem::take(&mut row));
                    used = 0;
                }
                row.push_str(grapheme);
                used += g;
            }
            has_words = true;
        }
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_on_words_and_cuts_long_words() {
        assert_eq!(wrap("one two three", 8), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\n\nb", 4), ["a", "", "b"]);
        assert_eq!(wrap("  • item", 10), ["  • item"]);
        assert_eq!(wrap("  abcdef a b", 6), ["  abcd", "ef a b"]);
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(wrap("爱爱爱", 4), ["爱爱", "爱"]);
        for row in wrap(&"👨\u{200d}👩\u{200d}👧 ".repeat(5), 5) {
            assert!(width(&row) <= 5, "{row:?}");
        }
    }
}
