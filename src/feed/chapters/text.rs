//! Text as media tags store it: ISO-8859-1, UTF-16 with or without a byte order mark, UTF-8.
//!
//! Decoding never fails: broken sequences become U+FFFD, so one bad title does not cost the
//! whole chapter list. The output holds at most three bytes per input byte.

/// Byte order of UTF-16 text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Endian {
    Big,
    Little,
}

/// ISO-8859-1: every byte is the code point of the same value.
pub(crate) fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// UTF-8, replacing invalid sequences.
pub(crate) fn utf8(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// UTF-16. A byte order mark decides the order and is dropped; without one, `assumed` decides,
/// and when that is `None` too, the order that puts the zero bytes of ASCII text where they
/// belong wins (writers that forget the mark rarely agree on the order).
pub(crate) fn utf16(bytes: &[u8], assumed: Option<Endian>) -> String {
    let (order, body) = match bytes {
        [0xFE, 0xFF, rest @ ..] => (Endian::Big, rest),
        [0xFF, 0xFE, rest @ ..] => (Endian::Little, rest),
        _ => (assumed.unwrap_or_else(|| guess_order(bytes)), bytes),
    };
    let units = body.chunks_exact(2).map(|pair| match (order, pair) {
        (Endian::Big, &[a, b]) => u16::from_be_bytes([a, b]),
        (Endian::Little, &[a, b]) => u16::from_le_bytes([a, b]),
        _ => 0xFFFD,
    });
    char::decode_utf16(units)
        .map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

fn guess_order(bytes: &[u8]) -> Endian {
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        if let &[a, b] = pair {
            even += usize::from(a == 0);
            odd += usize::from(b == 0);
        }
    }
    if even > odd {
        Endian::Big
    } else {
        Endian::Little
    }
}

/// Trims white space and the NULs that writers leave at either end.
pub(crate) fn tidy(text: &str) -> String {
    text.trim_matches(|c: char| c == '\0' || c.is_whitespace())
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_maps_bytes_to_code_points() {
        assert_eq!(latin1(b"caf\xe9"), "café");
    }

    #[test]
    fn utf16_with_and_without_marks() {
        assert_eq!(utf16(b"\xff\xfeh\0i\0", None), "hi");
        assert_eq!(utf16(b"\xfe\xff\0h\0i", None), "hi");
        assert_eq!(utf16(b"\0h\0i", Some(Endian::Big)), "hi");
        assert_eq!(utf16(b"\0h\0i", None), "hi");
        assert_eq!(utf16(b"h\0i\0", None), "hi");
        // A lone surrogate and an odd trailing byte do not stop decoding.
        assert_eq!(utf16(b"\xff\xfe\x00\xd8a\0x", None), "\u{fffd}a");
    }

    #[test]
    fn tidy_trims_nuls_and_space() {
        assert_eq!(tidy("\n\t\tClosing\0\0"), "Closing");
        assert_eq!(tidy("\0"), "");
        assert_eq!(utf8(b"ok\xff"), "ok\u{fffd}");
    }
}
