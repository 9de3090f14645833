//! A quick look at show notes before the chapter parser renders them: most notes hold no time at
//! all, and a byte scan tells so without rendering, allocating or parsing anything.
//!
//! The answer errs on the safe side: `false` only when the notes cannot give a single chapter
//! entry, that is no `:` that may stand between digits once tags, comments, character references
//! and control characters are gone, and no link to a time in the episode.

use crate::feed::html::time_fragment;
use crate::feed::{entities, html_tokens};

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
        let name = html_tokens::name_len(rest);
        if !rest[..name].eq_ignore_ascii_case("a") {
            return false;
        }
        let (attrs, _, _) = html_tokens::start_tag_rest(&rest[name..]);
        html_tokens::attr(attrs, "href").is_some_and(|href| time_fragment(href.trim()).is_some())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::chapters::{entries, notes};
    use crate::feed::html;
    use proptest::prelude::*;

    /// Whether the chapter parser finds any entry at all in `notes`.
    fn any_entry(notes: &str) -> bool {
        let joined = html::text_for_chapters(notes);
        !entries::scan(&joined.text, &joined.time_links).is_empty()
    }

    #[test]
    fn notes_without_times_are_skipped() {
        for text in [
            "",
            "Plain words: no times here. https://example.org/a:b",
            "<p>Learn more: <a href=\"https://docs.rs/tokio\">tokio</a> &amp; more</p>",
            "<p>Ratio 3:x, list=1, it&#39;s <a href=\"#top\">top</a></p>",
        ] {
            assert!(!may_list_chapters(text), "{text:?}");
        }
    }

    #[test]
    fn times_behind_markup_are_seen() {
        for text in [
            "0<b>:</b>00 Intro\n5:00 Next",
            "0<!-- x -->:00 Intro\n5:00 Next",
            "<p>0<![CDATA[:00]]> Intro</p><p>5:00 Next</p>",
            "0&#58;00 Intro\n5&#x3a;00 Next",
            "&#48;:&#48;0 Intro\n5:00 Next",
            "0\u{1}:\u{7f}00 Intro\n5\u{85}:00 Next",
            "<p><a href=\"#t=0\">Intro</a> <a href='#&#116;=60'>Next</a></p>",
        ] {
            assert!(may_list_chapters(text), "{text:?}");
            assert!(any_entry(text), "{text:?}");
        }
        assert_eq!(notes::parse("0<b>:</b>00 Intro\n5:00 Next").len(), 2);
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "0",
            "1",
            "5",
            "12",
            ":",
            ":",
            "<b>",
            "</b>",
            "<p>",
            "<br>",
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "&#58;",
            "&#x3A;",
            "&#49;",
            "&amp;",
            "&#1;",
            "\u{1}",
            "\u{7f}",
            "\u{85}",
            "\u{9f}",
            "<a href=\"#t=5\">",
            "<a title='>' href=#t=1:05>",
            "<A HREF='#&#116;=9'>",
            "</a>",
            "<script>",
            "</script>",
            "x",
            " ",
            "\n",
            "<",
            ">",
            "[",
            "]",
            ";",
            "&",
            "#",
            "t=",
            "Chapters ",
            "https://e.org/",
        ])
    }

    proptest! {
        #[test]
        fn skipped_notes_have_no_entries(parts in prop::collection::vec(piece(), 0..60)) {
            let notes = parts.concat();
            prop_assert!(may_list_chapters(&notes) || !any_entry(&notes), "{notes:?}");
        }

        #[test]
        fn skipped_text_has_no_entries(notes in "\\PC{0,300}") {
            prop_assert!(may_list_chapters(&notes) || !any_entry(&notes));
        }
    }
}
