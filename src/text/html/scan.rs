//! How much of a text shows exactly as written, so the renderer can copy it in one piece:
//! visible ASCII and single spaces between visible ASCII, found eight bytes at a time.

const ONES: u64 = u64::from_ne_bytes([1; 8]);
const HIGH: u64 = ONES * 0x80;

/// The length of the part of `b[from..]` that shows as written: visible ASCII other than `amp`
/// (`&` while references are decoded, else 0), and spaces with such a byte on each side. A space
/// at `from` counts when `after_shown` (the byte before it showed).
pub fn shown_len(b: &[u8], from: usize, after_shown: bool, amp: u8) -> usize {
    let plain = |c: &u8| c.is_ascii_graphic() && *c != amp;
    let mut at = from;
    let mut before = after_shown;
    while let Some(&eight) = b.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
        let x = u64::from_le_bytes(eight);
        let shown = plain_bytes(x, amp);
        // A space needs a plain byte before it (the previous one, or `before` for the first) and
        // after it (the next one, or the byte after these eight for the last).
        let after = b.get(at + 8).is_some_and(plain);
        let left = shown << 8 | if before { 0x80 } else { 0 };
        let right = shown >> 8 | if after { 0x80 << 56 } else { 0 };
        let ok = shown | (spaces(x) & left & right);
        if ok != HIGH {
            return at - from + ((!ok & HIGH).trailing_zeros() / 8) as usize;
        }
        // The last byte is plain, or a space before a plain byte.
        before = true;
        at += 8;
    }
    while let Some(c) = b.get(at) {
        if plain(c) {
            at += 1;
        } else if *c == b' ' && before && b.get(at + 1).is_some_and(plain) {
            at += 2;
        } else {
            break;
        }
        before = true;
    }
    at - from
}

/// The high bit of each byte of `x` that is visible ASCII other than `amp` (no carries between
/// bytes: each sum stays below 0x100).
fn plain_bytes(x: u64, amp: u8) -> u64 {
    let low = x & !HIGH;
    let from_bang = (low + ONES * (0x80 - 0x21)) & HIGH;
    let del = (low + ONES) & HIGH;
    let not_amp = match amp {
        0 => HIGH,
        _ => ((low ^ (ONES * u64::from(amp))) + ONES * 0x7F) & HIGH,
    };
    from_bang & !del & !x & not_amp
}

/// The high bit of each byte of `x` that is a space.
fn spaces(x: u64) -> u64 {
    let other = (((x & !HIGH) ^ (ONES * 0x20)) + ONES * 0x7F) | x;
    !other & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// One byte at a time, as the renderer would fold it.
    fn slow(b: &[u8], from: usize, after_shown: bool, amp: u8) -> usize {
        let plain = |c: u8| c.is_ascii_graphic() && c != amp;
        let (mut at, mut before) = (from, after_shown);
        while let Some(&c) = b.get(at) {
            let next_plain = b.get(at + 1).is_some_and(|&n| plain(n));
            if !(plain(c) || (c == b' ' && before && next_plain)) {
                break;
            }
            before = true;
            at += 1 + usize::from(!plain(c));
        }
        at - from
    }

    #[test]
    fn examples() {
        let text = b"In this episode we talk  about Rust: it's &amp; more\n";
        assert_eq!(shown_len(text, 0, false, b'&'), 23);
        assert_eq!(shown_len(text, 0, false, 0), 23);
        assert_eq!(shown_len(text, 25, false, b'&'), 16);
        assert_eq!(shown_len(text, 25, false, 0), 27);
        assert_eq!(shown_len(b" a", 0, true, 0), 2);
        assert_eq!(shown_len(b" a", 0, false, 0), 0);
        assert_eq!(shown_len(b"abcdefg \xc3\xa9", 0, false, 0), 7);
        assert_eq!(shown_len(b"abcdefgh ijklmnop", 0, false, 0), 17);
    }

    #[test]
    fn every_byte_in_every_place() {
        let mut text: Vec<u8> = b"abcdefgh ijklmno p".to_vec();
        for at in 0..text.len() {
            for c in 0..=255u8 {
                let saved = std::mem::replace(&mut text[at], c);
                for (from, after_shown, amp) in [(0, false, 0), (1, true, b'&'), (0, true, b'&')] {
                    let want = slow(&text, from, after_shown, amp);
                    assert_eq!(shown_len(&text, from, after_shown, amp), want, "{text:?}");
                }
                text[at] = saved;
            }
        }
    }

    proptest! {
        #[test]
        fn agrees_with_a_byte_loop(text in "[a-c &.\u{e9}\n]{0,40}", from in 0usize..4, after in any::<bool>()) {
            let b = text.as_bytes();
            let from = from.min(b.len());
            for amp in [0, b'&'] {
                prop_assert_eq!(shown_len(b, from, after, amp), slow(b, from, after, amp));
            }
        }
    }
}
