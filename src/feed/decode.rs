//! Feed bytes to text: byte-order marks, the XML declaration's encoding, and a size bound.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

use super::error::FeedError;

/// The largest feed the player reads (real feeds with thousands of episodes stay under 30 MB).
pub const MAX_FEED_BYTES: usize = 64 * 1024 * 1024;

/// Decodes a feed document to UTF-8, honouring a byte-order mark, then the encoding named in the
/// XML declaration. Bytes that do not decode become U+FFFD rather than failing the whole feed.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, FeedError> {
    if bytes.len() > MAX_FEED_BYTES {
        return Err(FeedError::TooLarge {
            limit_mib: (MAX_FEED_BYTES / (1024 * 1024)) as u64,
        });
    }
    let sniffed = sniff(bytes);
    let (text, _) = sniffed
        .encoding
        .decode_without_bom_handling(&bytes[sniffed.bom_len..]);
    if sniffed.rewrite_declaration {
        Ok(strip_declared_encoding(text))
    } else {
        Ok(text)
    }
}

/// How a document's bytes are to be decoded, as its first bytes tell.
pub(crate) struct Sniffed {
    pub encoding: &'static Encoding,
    /// Bytes of byte-order mark to skip.
    pub bom_len: usize,
    /// The decoded text's XML declaration names an encoding that no longer applies.
    pub rewrite_declaration: bool,
}

/// A byte-order mark, else the encoding the XML declaration names, else UTF-8; `head` is the
/// start of the document (256 bytes are enough).
pub(crate) fn sniff(head: &[u8]) -> Sniffed {
    if let Some((encoding, bom_len)) = Encoding::for_bom(head) {
        return Sniffed {
            encoding,
            bom_len,
            rewrite_declaration: true,
        };
    }
    let encoding = declared_encoding(head).unwrap_or(UTF_8);
    Sniffed {
        encoding,
        bom_len: 0,
        rewrite_declaration: encoding != UTF_8,
    }
}

/// Bytes of a document's start that [`sniff`] reads.
pub(crate) const SNIFF_BYTES: usize = 256;

/// The encoding named by `<?xml … encoding="…"?>` at the start of the document.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let start = find(head, b"<?xml")?;
    let end = find(&head[start..], b"?>")? + start;
    let decl = &head[start..end];
    let at = find(decl, b"encoding")? + b"encoding".len();
    let rest = &decl[at..];
    let quote_at = rest.iter().position(|b| *b == b'"' || *b == b'\'')?;
    let quote = rest[quote_at];
    let value = &rest[quote_at + 1..];
    let close = value.iter().position(|b| *b == quote)?;
    let label = &value[..close];
    // UTF-16 named in a declaration without a BOM is almost always a mislabelled UTF-8 file.
    Encoding::for_label(label).filter(|e| e.name() != "UTF-16LE" && e.name() != "UTF-16BE")
}

/// Once decoded to UTF-8, the declared encoding no longer applies; the XML reader must not try
/// to act on it again.
pub(crate) fn strip_declared_encoding(text: Cow<'_, str>) -> Cow<'_, str> {
    let Some(end) = text.find("?>") else {
        return text;
    };
    if !text.trim_start().starts_with("<?xml") {
        return text;
    }
    Cow::Owned(format!("<?xml version=\"1.0\"{}", &text[end..]))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through_borrowed() {
        let text = decode("<rss>é</rss>".as_bytes()).unwrap();
        assert!(matches!(text, Cow::Borrowed(_)));
    }

    #[test]
    fn iso_8859_1_declaration_is_honoured() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>\xe9t\xe9</rss>";
        let text = decode(bytes).unwrap();
        assert!(text.contains("<rss>été</rss>"), "{text}");
        assert!(!text.contains("ISO-8859-1"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "<rss>ok</rss>".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap(), "<rss>ok</rss>");
    }

    #[test]
    fn invalid_utf8_is_replaced_not_fatal() {
        assert_eq!(decode(b"<rss>\xff</rss>").unwrap(), "<rss>\u{FFFD}</rss>");
    }
}
