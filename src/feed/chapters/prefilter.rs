//! A quick look at show notes before the chapter parser renders them: most notes hold no time at
//! all, and a byte scan tells so without rendering, allocating or parsing anything.
//!
//! The answer errs on the safe side: `false` only when the notes cannot give a single chapter
//! entry, that is no `:` that may stand between digits once tags, comments, character references
//! and control characters are gone, and no link to a time in the episode.

use crate::text::html::time_fragment;
use crate::text::html::{entities, tokens};

/// Whether the notes may list chapters; `false` means [`super::notes::parse`] finds none.
pub fn may_list_chapters(notes: &str) -> bool {
    let b = notes.as_bytes();
    // `t=` and numeric references are what a link to a time needs.
    let (mut t_equals, mut numeric) = (false, false);
    for at in memchr::memchr3_iter(b':', b'&', b'=', b) {
        match b[at] {
            b':' if may_join_digits(b, at) => return true,
            b'&' if b.get(at + 1) == Some(&b'#') => {
                numeric = true;
                // `&#58;` writes a `:`; named references never do.
                if entities::reference(&notes[at + 1..]).is_some_and(|(c, _)| c == ':') {
                    return true;
                }
            }
            b'=' => t_equals |= at > 0 && b[at - 1] == b't',
            _ => {}
        }
    }
    (t_equals || numeric) && may_link_time(notes)
}

/// Whether the `:` at `at` may end up with a digit on each side in the rendered text.
fn may_join_digits(b: &[u8], at: usize) -> bool {
    let control = |c: u8| c < b' ' || c == 0x7F;
    // What may stand right before a digit's place once markup is gone: the digit itself, the end
    // of a tag, comment or CDATA section, the start of a CDATA section, the end of a character
    // reference, or a control character (C1 ones are `C2 80`..`C2 9F`).
    let before = |i: usize| {
        let c = b[i];
        c.is_ascii_digit()
            || matches!(c, b'>' | b';' | b'[')
            || control(c)
            || ((0x80..=0x9F).contains(&c) && i > 0 && b[i - 1] == 0xC2)
    };
    // The same after the `:`: a digit, markup, a reference, the end of a CDATA section.
    let after = |c: u8| c.is_ascii_digit() || matches!(c, b'<' | b'&' | b']' | 0xC2) || control(c);
    at > 0 && before(at - 1) && b.get(at + 1).is_some_and(|&c| after(c))
}

/// Whether an `<a>` tag may link to a time (`href="#t=…"`), read as the renderer reads it.
fn may_link_time(notes: &str) -> bool {
    notes.match_indices('<').any(|(i, _)| {
        let rest = &notes[i + 1..];
        let name = tokens::name_len(rest);
        if !rest[..name].eq_ignore_ascii_case("a") {
            return false;
        }
        let (attrs, _, _) = tokens::start_tag_rest(&rest[name..]);
        tokens::attr(attrs, "href").is_some_and(|href| time_fragment(href.trim()).is_some())
    })
}

#[cfg(test)]
#[path = "prefilter_tests.rs"]
mod tests;
