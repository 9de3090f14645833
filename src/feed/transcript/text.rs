//! Transcript bytes to text: byte-order marks (UTF-8, UTF-16), line ends (CRLF, CR), and the
//! small pieces every text format shares (white space, markup-free lines).

use std::borrow::Cow;

use encoding_rs::Encoding;

/// Decodes `bytes` (UTF-8 unless a BOM says otherwise; bad bytes become U+FFFD) with every line
/// ending as `\n`.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let text = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => encoding.decode_without_bom_handling(&bytes[bom_len..]).0,
        None => String::from_utf8_lossy(bytes),
    };
    if !text.contains('\r') {
        return text;
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// `text` with runs of white space folded into one space and the ends trimmed.
pub fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// True for a line that is blank (white space only).
pub fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// A cue timestamp as VTT and SRT write it: `HH:MM:SS.mmm`, `MM:SS.mmm`, with a comma or a
/// dot before the milliseconds, any number of hour digits.
pub fn timestamp(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() || !text.contains(':') {
        return None;
    }
    if text.contains(',') {
        crate::text::clock::parse_clock(&text.replacen(',', ".", 1))
    } else {
        crate::text::clock::parse_clock(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_line_ends() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc\n"), "a\nb\nc\n");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("hé\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16), "hé\n");
        assert_eq!(decode(b"bad \xFF byte"), "bad \u{FFFD} byte");
    }

    #[test]
    fn timestamps_with_and_without_hours() {
        assert_eq!(timestamp("00:01:02.500"), Some(62.5));
        assert_eq!(timestamp("01:02.5"), Some(62.5));
        assert_eq!(timestamp("1:00:00,250"), Some(3600.25));
        assert_eq!(timestamp("100:00:00.000"), Some(360_000.0));
        for bad in ["", "12", "1:2:3:4", "00:61.000", "aa:bb", "-1:00"] {
            assert_eq!(timestamp(bad), None, "{bad:?}");
        }
    }
}
