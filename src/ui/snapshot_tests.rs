//! Snapshots of every pane and state over the netstack.fm listing, at 80×24 and 160×48.
//! Each state is reached through the real core (`State::handle`), the way the runtime does.

use insta::assert_snapshot;

use super::snapshot_support::{feed, screen};
use crate::core::Command;
use crate::core::input::{Input, PlayerEvent, TextKey};
use crate::core::state::{DirectoryEntry, HitPlace, Library, SearchHit, State};
use crate::core::test_library::{FIRST_EPISODE, PODCAST, netstack, state, state_with};
use crate::model::{Failure, FailureKind};

const FIRST: i64 = FIRST_EPISODE;
const LENGTH: f64 = 4560.0;

fn command(c: Command) -> Input {
    Input::Command(c)
}

fn player(e: PlayerEvent) -> Input {
    Input::Player(e)
}

/// The first episode playing at `t`, as the engine reports it.
fn playing(state: &mut State, t: f64, exact: bool) {
    feed(
        state,
        1_000,
        [
            command(Command::FocusNext),
            command(Command::Select),
            player(PlayerEvent::Started {
                episode: FIRST,
                duration_s: Some(LENGTH),
            }),
            player(PlayerEvent::Position { t, exact }),
        ],
    );
}

/// Types `text` into the open prompt.
fn typed(state: &mut State, text: &str) {
    feed(
        state,
        0,
        text.chars().map(|c| Input::Text(TextKey::Char(c))),
    );
}

#[test]
fn empty_library() {
    let s = state_with(Library::default(), 80, 24);
    assert_snapshot!(screen(&s));
}

#[test]
fn episode_list_with_marks() {
    let mut library = netstack();
    let episodes = &mut library.podcasts[0].episodes;
    episodes[1].position_s = 1_234.0;
    episodes[2].played = true;
    episodes[3].downloaded = true;
    let mut s = state_with(library, 80, 24);
    feed(
        &mut s,
        0,
        [command(Command::FocusNext), command(Command::Down)],
    );
    assert_snapshot!(screen(&s));
}

#[test]
fn chapter_list_scrolled() {
    let mut s = state();
    feed(
        &mut s,
        0,
        [command(Command::FocusNext), command(Command::FocusNext)],
    );
    feed(&mut s, 0, std::iter::repeat_n(command(Command::Down), 9));
    assert_snapshot!(screen(&s));
}

#[test]
fn playing_with_the_current_chapter_marked() {
    let mut s = state();
    playing(&mut s, 620.0, true);
    assert_snapshot!(screen(&s));
}

#[test]
fn approximate_position_is_marked() {
    let mut s = state();
    playing(&mut s, 2_000.0, false);
    assert_snapshot!(screen(&s));
}

#[test]
fn seeking_to_the_next_chapter() {
    let mut s = state();
    playing(&mut s, 620.0, true);
    feed(&mut s, 1_000, [command(Command::NextChapter)]);
    assert_snapshot!(screen(&s));
}

#[test]
fn paused_and_ended() {
    let mut s = state();
    playing(&mut s, 100.0, true);
    feed(&mut s, 1_000, [command(Command::TogglePause)]);
    assert_snapshot!("paused", screen(&s));
    feed(
        &mut s,
        2_000,
        [command(Command::TogglePause), player(PlayerEvent::Ended)],
    );
    assert_snapshot!("ended", screen(&s));
}

#[test]
fn downloading_with_progress() {
    let mut s = state();
    feed(
        &mut s,
        0,
        [
            command(Command::FocusNext),
            command(Command::Download),
            Input::DownloadProgress {
                episode: FIRST,
                bytes: 30_332_000,
                total: Some(72_960_000),
            },
        ],
    );
    // Two seconds later: 1.25 MB/s.
    feed(
        &mut s,
        2_000,
        [
            Input::DownloadProgress {
                episode: FIRST,
                bytes: 32_832_000,
                total: Some(72_960_000),
            },
            command(Command::Down),
            command(Command::Download),
        ],
    );
    assert_snapshot!("downloading_episode_list", screen(&s));
    feed(
        &mut s,
        0,
        [
            Input::DownloadFinished {
                episode: FIRST + 2,
                outcome: Ok(()),
            },
            command(Command::Downloads),
        ],
    );
    assert_snapshot!("downloads_view", screen(&s));
}

#[test]
fn offline_and_buffering() {
    let mut s = state();
    playing(&mut s, 3_000.0, true);
    feed(
        &mut s,
        1_000,
        [
            Input::Connectivity { online: false },
            player(PlayerEvent::Buffering),
        ],
    );
    assert_snapshot!(screen(&s));
}

#[test]
fn error_notice_with_its_cause() {
    let mut s = state();
    feed(
        &mut s,
        0,
        [
            command(Command::Refresh),
            Input::FeedRefreshed {
                podcast: PODCAST,
                outcome: Err(Failure::new(
                    FailureKind::Offline,
                    "https://netstack.fm/rss.xml: connection refused (os error 111)",
                )),
            },
        ],
    );
    assert_snapshot!(screen(&s));
}

#[test]
fn help_overlay() {
    let mut s = state();
    feed(&mut s, 0, [command(Command::Help)]);
    assert_snapshot!("help_80x24", screen(&s));
    let mut s = state_with(netstack(), 160, 48);
    feed(&mut s, 0, [command(Command::Help)]);
    assert_snapshot!("help_160x48", screen(&s));
}

#[test]
fn wide_terminal_playing() {
    let mut s = state_with(netstack(), 160, 48);
    playing(&mut s, 2_700.0, true);
    assert_snapshot!(screen(&s));
}

#[test]
fn search_finds_chapters() {
    let mut s = state();
    feed(&mut s, 0, [command(Command::Search)]);
    typed(&mut s, "idna");
    let hit = |place| SearchHit {
        podcast: PODCAST,
        episode: FIRST,
        podcast_title: "netstack.fm".into(),
        episode_title: "Rust URL with Simon Sapin".into(),
        place,
    };
    let hits = vec![
        hit(HitPlace::Chapter {
            start_s: 605.0,
            title: "Understanding IDNA and Its Importance".into(),
        }),
        hit(HitPlace::Chapter {
            start_s: 801.0,
            title: "IDNA Crate Origin".into(),
        }),
        hit(HitPlace::Transcript {
            start_s: Some(812.5),
            speaker: Some("Simon\u{1b}[2J".into()),
            text: "IDNA is the part\nwhere it gets interesting".into(),
        }),
        hit(HitPlace::Notes {
            snippet: "…highlights that IDNA support matters…".into(),
        }),
    ];
    feed(
        &mut s,
        0,
        [
            Input::SearchIndexing { waiting: 40 },
            Input::LibraryFound {
                query: "idna".into(),
                outcome: Ok(hits),
            },
        ],
    );
    assert_snapshot!(screen(&s));
}

#[test]
fn add_prompt() {
    let mut s = state();
    feed(&mut s, 0, [command(Command::Add)]);
    typed(
        &mut s,
        "https://example.com/a/very/long/feed/address/that/does/not/fit/in/the/box.xml",
    );
    assert_snapshot!(screen(&s));
}

#[test]
fn add_prompt_with_directory_matches() {
    let mut s = state();
    feed(&mut s, 0, [command(Command::Add)]);
    typed(&mut s, "rust");
    feed(&mut s, 0, [Input::Text(TextKey::Submit)]);
    assert_snapshot!("add_prompt_searching", screen(&s));
    let entry = |title: &str, author: Option<&str>| DirectoryEntry {
        title: title.into(),
        author: author.map(Into::into),
        feed_url: format!("https://example.com/{}.xml", title.len()),
    };
    feed(
        &mut s,
        0,
        [
            Input::DirectoryFound {
                terms: "rust".into(),
                outcome: Ok(vec![
                    entry("Rustacean Station", Some("Rustacean Station")),
                    entry("New Rustacean", Some("Chris Krycho")),
                    entry("Rust in Production", None),
                ]),
            },
            Input::Text(TextKey::Down),
        ],
    );
    assert_snapshot!("add_prompt_directory_matches", screen(&s));
}

#[test]
fn a_podcast_shown_without_a_subscription() {
    let mut s = state();
    let feed_text = include_bytes!("../../tests/fixtures/netstack-fm.xml");
    let mut podcast = crate::feed::parse_feed(feed_text, None).expect("the fixture parses");
    podcast.title = "Another Stack".into();
    podcast.episodes.truncate(3);
    feed(
        &mut s,
        0,
        [Input::PreviewLoaded {
            url: "https://example.com/another.xml".into(),
            outcome: Ok(Box::new(podcast)),
        }],
    );
    assert_snapshot!(screen(&s));
}

#[test]
fn notes_with_numbered_links_and_the_link_prompt() {
    let mut library = netstack();
    library.podcasts[0].episodes[0].episode.notes_html = "<p>Simon Sapin on the \
        <a href=\"https://docs.rs/url\">url crate</a> and \
        <a href=\"https://docs.rs/idna\">IDNA</a>.</p>\
        <p>More: <a href=\"https://netstack.fm/#episode-22\">the episode page</a></p>"
        .to_owned();
    let mut s = state_with(library, 80, 24);
    feed(&mut s, 0, [command(Command::FocusPrevious)]);
    assert_snapshot!("notes_with_links", screen(&s));
    feed(&mut s, 0, [command(Command::OpenLink)]);
    typed(&mut s, "2");
    assert_snapshot!("open_link_prompt", screen(&s));
}

#[test]
fn terminal_too_small() {
    let s = state_with(netstack(), 30, 10);
    assert_snapshot!(screen(&s));
}
