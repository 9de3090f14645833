//! Chapters listed in show notes: "00:00 Intro", "05:35 Origin of rust-url", … one per
//! paragraph, line break or list item, as `#t=` links, or run together where a listing stripped
//! the HTML ("Chapters 00:00 Intro00:50 Get to know Simon Sapin05:35 …").
//!
//! A time mentioned in passing is not a chapter: a list needs at least two entries with rising
//! times, starting at a line start, after a "Chapters"-like heading, or at zero. Lines that start
//! with a time are tried first; run-together text only when they give no list. Among the
//! readings of a glued time, the one that keeps the times rising through the list wins.

use super::entries::{self, Entry};
use super::{prefilter, titles};
use crate::model::{Chapter, ChapterSource};
use crate::text::html;

/// How many earlier entries may be skipped over between two chapters of a list.
const LOOKBACK: usize = 64;
/// The most text between two chapters of a list, in bytes: run-together and one per line.
const GLUED_GAP: usize = 4 * titles::MAX_TITLE_CHARS;
const LINES_GAP: usize = 4000;

/// The chapters listed in show notes (HTML or plain text); empty when they list none.
pub fn parse(notes: &str) -> Vec<Chapter> {
    if !prefilter::may_list_chapters(notes) {
        return Vec::new();
    }
    let html::LinesText { text, time_links } = html::text_for_chapters(notes);
    let entries = entries::scan(&text, &time_links);
    let by_line = best_list(&entries, false);
    let (list, glued) = if by_line.len() >= 2 {
        (by_line, false)
    } else {
        let list = best_list(&entries, true);
        let trusted = accept_glued(&entries, &list);
        (if trusted { list } else { Vec::new() }, true)
    };
    list.iter()
        .enumerate()
        .map(|(n, &i)| {
            let next = list.get(n + 1).map_or(text.len(), |&j| entries[j].start);
            let last = n + 1 == list.len();
            let after = text.get(entries[i].end..next).unwrap_or("");
            let title = titles::after_time(after, glued && last);
            Chapter::new(entries[i].seconds, title, ChapterSource::Notes)
        })
        .collect()
}

/// The longest list of entries with rising times, as indices into `entries`. Only anchored
/// entries (line starts, time links, right after a heading) unless `glued`; then any entry, a
/// list going on to a later line only at an anchored one. Ties go to the readings that take the
/// most digits ("01:14:07" over "1:14:07" after "Final words0").
fn best_list(entries: &[Entry], glued: bool) -> Vec<usize> {
    let mut eligible = Vec::with_capacity(entries.len());
    eligible.extend((0..entries.len()).filter(|&i| glued || entries[i].anchored()));
    let gap = if glued { GLUED_GAP } else { LINES_GAP };
    // For each eligible entry: (list length, digits taken, previous entry) of the best list
    // ending there.
    let mut best: Vec<Option<(usize, usize, Option<usize>)>> = Vec::with_capacity(eligible.len());
    for (k, &i) in eligible.iter().enumerate() {
        let here = &entries[i];
        let width = here.end - here.start;
        let can_start = here.anchored() || here.seconds < 1.0;
        let mut pick = can_start.then_some((1, width, None));
        for (kk, &j) in eligible[..k].iter().enumerate().rev().take(LOOKBACK) {
            let prev = &entries[j];
            if here.start.saturating_sub(prev.start) > gap + 16 {
                break;
            }
            let follows = prev.end <= here.start
                && prev.group != here.group
                && prev.seconds < here.seconds
                && (!glued || prev.line == here.line || here.anchored());
            if let (true, Some((n, w, _))) = (follows, best[kk]) {
                let option = (n + 1, w + width, Some(kk));
                if pick.is_none_or(|(pn, pw, _)| (option.0, option.1) > (pn, pw)) {
                    pick = Some(option);
                }
            }
        }
        best.push(pick);
    }
    let mut end = None;
    for (k, b) in best.iter().enumerate() {
        if let Some((n, w, _)) = *b
            && end.is_none_or(|(_, bn, bw)| (n, w) > (bn, bw))
        {
            end = Some((k, n, w));
        }
    }
    let mut list = Vec::with_capacity(end.map_or(0, |(_, n, _)| n));
    let mut at = end.map(|(k, _, _)| k);
    while let Some(k) = at {
        list.push(eligible[k]);
        at = best[k].and_then(|(_, _, prev)| prev);
    }
    list.reverse();
    list
}

/// A run-together list is trusted when it is announced, linked, starts at zero, or has three
/// entries from a line start.
fn accept_glued(entries: &[Entry], list: &[usize]) -> bool {
    let Some(first) = list.first().map(|&i| &entries[i]) else {
        return false;
    };
    list.len() >= 2
        && (first.headed
            || first.linked
            || first.seconds < 1.0
            || (list.len() >= 3 && first.line_led))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::clock::parse_clock;
    use proptest::prelude::*;

    const LISTING: &str = include_str!("../../../tests/fixtures/netstack-fm-listing.txt");
    const EXPECTED: &str = include_str!("../../../tests/fixtures/netstack-fm-chapters.txt");

    type List = Vec<(&'static str, &'static str)>;

    /// The hand-read chapter lists: (episode number, [(time, title)]).
    fn episodes() -> Vec<(u32, List)> {
        let mut episodes: Vec<(u32, List)> = Vec::new();
        for line in EXPECTED.lines().filter(|l| !l.starts_with('#')) {
            match line.strip_prefix("episode ") {
                Some(n) => episodes.push((n.parse().unwrap(), Vec::new())),
                None => {
                    let (_, list) = episodes.last_mut().unwrap();
                    list.push(line.split_once(' ').unwrap());
                }
            }
        }
        assert_eq!(episodes.len(), 6);
        episodes
    }

    fn check(notes: &str, want: &[(&str, &str)], what: &str) {
        let chapters = parse(notes);
        let got: Vec<(f64, &str)> = chapters
            .iter()
            .map(|c| (c.start_s, c.title.as_str()))
            .collect();
        let want: Vec<(f64, &str)> = want
            .iter()
            .map(|&(t, title)| (parse_clock(t).unwrap(), title))
            .collect();
        assert_eq!(got, want, "{what}");
        assert!(
            chapters
                .iter()
                .all(|c| c.source == ChapterSource::Notes && c.toc && c.url.is_none())
        );
    }

    fn escape(text: &str) -> String {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('\'', "&#39;")
    }

    /// Show notes around a chapter list, as the publisher's HTML has them.
    fn notes(n: u32, list: &str) -> String {
        format!(
            "<p>episode {n} — In this episode of Netstack.fm, we talk at length.</p>\
             <p>Learn more: <a href=\"https://docs.rs/url\">https://docs.rs/url</a></p>{list}\
             <p>Netstack.FM</p><p>More information: <a href=\"https://netstack.fm/#episode-{n}\">x</a></p>"
        )
    }

    #[test]
    fn run_together_listing() {
        for (n, want) in episodes() {
            let marker = format!("episode {n} —");
            let paragraph = LISTING.lines().find(|l| l.contains(&marker)).unwrap();
            check(paragraph, &want, &format!("listing, episode {n}"));
            check(
                &format!("<p>{}</p>", escape(paragraph)),
                &want,
                &format!("listing as HTML, episode {n}"),
            );
        }
    }

    #[test]
    fn one_paragraph_per_chapter() {
        for (n, want) in episodes() {
            let list: String = want
                .iter()
                .map(|(t, title)| format!("<p>{t} {}</p>\n", escape(title)))
                .collect();
            check(
                &notes(n, &format!("<p><strong>Chapters</strong></p>{list}")),
                &want,
                &format!("<p>, episode {n}"),
            );
        }
    }

    #[test]
    fn one_line_break_per_chapter() {
        for (n, want) in episodes() {
            let lines: Vec<String> = want
                .iter()
                .map(|(t, title)| format!("{t} {}", escape(title)))
                .collect();
            let html = notes(n, &format!("<p>Chapters:<br>{}</p>", lines.join("<br>")));
            check(&html, &want, &format!("<br>, episode {n}"));
            let html = notes(
                n,
                &format!("<p>Chapters<br/>\n{}</p>", lines.join("<br />\n")),
            );
            check(&html, &want, &format!("<br/> and newlines, episode {n}"));
            check(
                &format!("Chapters\n{}\n\nThanks for listening!", lines.join("\n")),
                &want,
                &format!("text, episode {n}"),
            );
        }
    }

    #[test]
    fn one_list_item_per_chapter() {
        for (n, want) in episodes() {
            let items: String = want
                .iter()
                .map(|(t, title)| format!("<li>{t} – {}</li>", escape(title)))
                .collect();
            check(
                &notes(n, &format!("<h3>Chapters</h3><ul>{items}</ul>")),
                &want,
                &format!("<li>, episode {n}"),
            );
            let items: String = want
                .iter()
                .map(|(t, title)| format!("<li>[{t}] {}</li>", escape(title)))
                .collect();
            check(
                &notes(n, &format!("<ol>{items}</ol>")),
                &want,
                &format!("<ol>, episode {n}"),
            );
        }
    }

    #[test]
    fn time_links() {
        let (_, want) = &episodes()[0];
        let linked: String = want
            .iter()
            .map(|(t, title)| format!("<a href=\"#t={t}\">{t}</a> {}<br>", escape(title)))
            .collect();
        check(
            &notes(22, &format!("<p>{linked}</p>")),
            want,
            "#t=MM:SS links",
        );
        let seconds = |t: &str| parse_clock(t).unwrap();
        let titled: String = want
            .iter()
            .map(|(t, title)| {
                format!(
                    "<li><a href=\"#t={}\">{}</a></li>",
                    seconds(t),
                    escape(title)
                )
            })
            .collect();
        check(
            &notes(22, &format!("<ul>{titled}</ul>")),
            want,
            "#t=seconds links around titles",
        );
        let inline =
            "<p>We start with <a href=\"#t=0\">the intro</a>, then <a href='#t=754'>tea</a>.</p>";
        check(
            inline,
            &[("0:00", "the intro, then"), ("12:34", "tea.")],
            "links inside a sentence",
        );
    }

    #[test]
    fn passing_times_are_not_chapters() {
        for text in [
            "We met at 10:30 in Paris.",
            "<p>We met at 10:30 in Paris and left at 11:45 for the station.</p>",
            "10:30 we met in Paris, and at 11:45 we left.",
            "<p>Recorded 2025-01-02 at 10:30, published at 18:00.</p>",
            "Doors open 10:30am, talks from 11:00 am",
            "See https://example.org/a/10:30 and https://example.org/b/11:45",
        ] {
            assert_eq!(parse(text), vec![], "{text}");
        }
    }

    #[test]
    fn separators_brackets_and_passing_times_in_titles() {
        let text = "(00:00) Intro\n(05:10) - Why 10:30 is too early\n[1:02:03]: Last words";
        check(
            text,
            &[
                ("0:00", "Intro"),
                ("5:10", "Why 10:30 is too early"),
                ("1:02:03", "Last words"),
            ],
            "brackets",
        );
        let wrapped = "<p>Chapters:\n00:00 Intro\n05:00 Why 10:30 is early\n12:00 End</p>";
        check(
            wrapped,
            &[
                ("0:00", "Intro"),
                ("5:00", "Why 10:30 is early"),
                ("12:00", "End"),
            ],
            "source lines",
        );
        let alone = "<p>Chapter markers</p><p>00:00</p><p>Intro</p><p>05:00</p>\n<p>Main</p>";
        check(
            alone,
            &[("0:00", "Intro"), ("5:00", "Main")],
            "times alone in their paragraph",
        );
        let headed = "<p>Chapters: 00:00 Intro<br>05:00 Middle<br>1:00:00 End</p>";
        check(
            headed,
            &[("0:00", "Intro"), ("5:00", "Middle"), ("1:00:00", "End")],
            "heading on the first line",
        );
        let glued = "Timestamps: 00:00 Start27:28 Rama in 202631:07 Closing Message32:07 OutroNetstack.FMMore information…";
        check(
            glued,
            &[
                ("0:00", "Start"),
                ("27:28", "Rama in 2026"),
                ("31:07", "Closing Message"),
                ("32:07", "Outro"),
            ],
            "glued",
        );
    }

    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("00:00".to_string()),
            Just("1:02:03".to_string()),
            "[0-9:]{1,9}",
            Just("Chapters ".to_string()),
            Just("<br>".to_string()),
            Just("<p>".to_string()),
            Just("</p>".to_string()),
            Just("<li>".to_string()),
            Just("<a href=\"#t=75\">".to_string()),
            Just("</a>".to_string()),
            Just("\n".to_string()),
            Just("Netstack.FM ".to_string()),
            "[a-zA-Z (\\[\\])\\-–.é]{0,12}",
        ]
    }

    fn bounded(notes: &str) -> Result<(), TestCaseError> {
        let chapters = parse(notes);
        prop_assert!(chapters.len() <= notes.len() / 4 + 1);
        let titles: usize = chapters.iter().map(|c| c.title.len()).sum();
        prop_assert!(titles <= notes.len());
        for pair in chapters.windows(2) {
            prop_assert!(pair[0].start_s < pair[1].start_s);
        }
        prop_assert!(
            chapters
                .iter()
                .all(|c| c.start_s.is_finite() && c.start_s >= 0.0)
        );
        prop_assert!(
            chapters
                .iter()
                .all(|c| c.title.chars().count() <= titles::MAX_TITLE_CHARS)
        );
        Ok(())
    }

    proptest! {
        #[test]
        fn any_text_is_safe(notes in "\\PC{0,400}") {
            bounded(&notes)?;
        }

        #[test]
        fn timestamp_soup_is_safe(parts in prop::collection::vec(fragment(), 0..80)) {
            bounded(&parts.concat())?;
        }
    }
}
