//! Tests of `prefilter`.

use super::*;
use crate::feed::chapters::{entries, notes};
use crate::text::html;
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
