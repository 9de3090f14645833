//! Hostile text on screen: escape sequences, bidi overrides, 500-character lines, CJK, emoji and
//! combining accents in titles, chapters, show notes and notices. The screen must stay in its
//! grid (every row exactly as wide as the terminal) and carry no control or bidi character.

use insta::assert_snapshot;

use super::snapshot_support::{feed, screen};
use crate::core::Command;
use crate::core::input::{Input, PlayerEvent};
use crate::core::state::{EpisodeView, Library, PodcastView, State};
use crate::core::test_library::{netstack, state_with};
use crate::model::{Chapter, ChapterSource, Episode};

const ESCAPES: &str = "Red\u{1b}[31m alert\u{1b}[0m\u{1b}]0;pwned title\u{7} \u{202e}evil\u{202c} \
    \u{2066}iso\u{2069} line\u{2028}sep zero\u{200b}width";

fn episode(id: i64, title: String, notes: &str, chapters: Vec<Chapter>) -> EpisodeView {
    let mut view = EpisodeView::new(
        id,
        Episode {
            guid: format!("hostile-{id}"),
            title,
            duration_s: Some(3_600.0),
            description: notes.to_owned(),
            ..Episode::default()
        },
    );
    view.chapter_source = chapters.first().map(|c| c.source);
    view.chapters = chapters;
    view
}

/// The hostile feed of the fixtures plus hand-made titles for each kind of trouble, beside
/// netstack.fm.
fn hostile_library() -> Library {
    let fixture = crate::feed::parse_feed(
        include_bytes!("../../tests/fixtures/hostile/hostile.xml"),
        None,
    )
    .expect("the hostile fixture parses");
    let long = "A".repeat(250) + &"爱".repeat(125) + " end";
    let chapters = vec![
        Chapter::new(0.0, ESCAPES, ChapterSource::PodcastJson),
        Chapter::new(
            60.0,
            "爱情与和平 👨\u{200d}👩\u{200d}👧 family",
            ChapterSource::PodcastJson,
        ),
        Chapter::new(
            120.0,
            "Cafe\u{301} cre\u{300}me bru\u{302}le\u{301}e",
            ChapterSource::PodcastJson,
        ),
        Chapter::new(180.0, long.clone(), ChapterSource::PodcastJson),
    ];
    let mut episodes: Vec<EpisodeView> = fixture
        .episodes
        .into_iter()
        .zip(500..)
        .map(|(e, id)| EpisodeView::new(id, e))
        .collect();
    episodes.insert(
        0,
        episode(
            400,
            ESCAPES.to_owned(),
            &format!("Notes\u{1b}[2J with {long}\n\u{202e}reversed? no\u{202c} ❤️😊 爱"),
            chapters,
        ),
    );
    episodes.insert(1, episode(401, long, "", Vec::new()));
    episodes.insert(
        2,
        episode(
            402,
            "播客 🎧 第一集：网络协议与 Rust".to_owned(),
            "",
            Vec::new(),
        ),
    );
    episodes.insert(
        3,
        episode(
            403,
            "Cafe\u{301} cre\u{300}me ñ̃ a\u{20dd}".to_owned(),
            "",
            Vec::new(),
        ),
    );
    let mut library = netstack();
    library.podcasts.insert(
        0,
        PodcastView {
            id: 9,
            title: fixture.title,
            episodes,
            refreshing: true,
            ..PodcastView::default()
        },
    );
    library
}

fn hostile(columns: u16, rows: u16) -> State {
    let mut s = state_with(hostile_library(), columns, rows);
    feed(
        &mut s,
        0,
        [
            Input::Command(Command::FocusNext),
            Input::Command(Command::Select),
            Input::Player(PlayerEvent::Started {
                episode: 400,
                duration_s: Some(3_600.0),
            }),
            Input::Player(PlayerEvent::Position {
                t: 200.0,
                exact: false,
            }),
            Input::Failed {
                action: format!("Could not add “{ESCAPES}”"),
                cause: crate::model::Failure::new(
                    crate::model::FailureKind::Other,
                    "\u{1b}[2J\u{1b}]0;title\u{7}server said \u{202e}gnorw\u{202c}",
                ),
            },
        ],
    );
    s
}

/// No row is wider than `columns`, no control, bidi or zero-width character got through, and
/// with `grid` (no overlay open) every row ending in a border is exactly `columns` wide.
fn assert_inert(text: &str, columns: u16, grid: bool) {
    for row in text.lines() {
        let w = crate::text::width(row);
        assert!(w <= usize::from(columns), "too wide: {row:?}");
        if grid && row.ends_with(['│', '┃', '┐', '┓', '┘', '┛']) {
            assert_eq!(
                w,
                usize::from(columns),
                "a bordered row out of its grid: {row:?}"
            );
        }
        for c in row.chars() {
            let bad = c.is_control()
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}' | '\u{2028}');
            assert!(!bad, "{c:?} reached the screen in {row:?}");
        }
    }
}

#[test]
fn hostile_text_80x24() {
    let s = hostile(80, 24);
    let text = screen(&s);
    assert_inert(&text, 80, true);
    assert_snapshot!(text);
}

#[test]
fn hostile_text_160x48() {
    let s = hostile(160, 48);
    let text = screen(&s);
    assert_inert(&text, 160, true);
    assert_snapshot!(text);
}

#[test]
fn hostile_search_and_help_stay_inert() {
    let mut s = hostile(80, 24);
    feed(&mut s, 0, [Input::Command(Command::Search)]);
    feed(
        &mut s,
        0,
        "e".chars()
            .map(|c| Input::Text(crate::core::TextKey::Char(c))),
    );
    assert_inert(&screen(&s), 80, false);
    feed(&mut s, 0, [Input::Command(Command::Downloads)]);
    assert_inert(&screen(&s), 80, false);
}
