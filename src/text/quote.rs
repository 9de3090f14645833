//! Quoting untrusted input inside a one-line message: errors keep to one short line however long
//! or strange the input they quote (a binary file read as a feed, a server's header).

/// `text` cut to at most `max_chars` characters (a cut one ends with `…`), with every line break
/// and control character shown as a space so the quote stays on one line.
pub fn quote(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for (count, c) in text.chars().enumerate() {
        if count == max_chars {
            out.pop();
            out.push('…');
            return out;
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_long_input_and_keeps_it_on_one_line() {
        assert_eq!(quote("short", 10), "short");
        assert_eq!(quote("0123456789", 10), "0123456789");
        assert_eq!(quote("0123456789A", 10), "012345678…");
        assert_eq!(quote("a\nb\tc", 10), "a b c");
        assert_eq!(quote(&"é".repeat(300), 5).chars().count(), 5);
    }
}
