//! A large ID3 tag (chapter images make real ones 300 KB) must not delay the first sound of a
//! remote MP3: the engine reads the tag's 10-byte header, then goes straight to the audio
//! after it, and the range cache drops the request from byte 0 for one from there. (The tag
//! itself is for whoever wants its chapters, with a Range request of its own.)

mod support;

use netstack_tui::audio::FrameState;
use netstack_tui::audio::cache::CacheOptions;
use support::headless::Playing;
use support::long_mp3::{step_start_heard, with_big_tag};
use support::server::{Resource, TestServer};

const PATH: &str = "/ep.mp3";
const TAG_BYTES: usize = 300 * 1024;

#[test]
fn a_300_kb_tag_is_skipped_not_downloaded_before_the_first_sample() {
    let dir = tempfile::tempdir().unwrap();
    let episode = with_big_tag(20, TAG_BYTES);
    let server = TestServer::start();
    server.route(
        PATH,
        Resource::bytes(episode)
            .mime("audio/mpeg")
            .etag("\"t\"")
            .throttle(1_000_000),
    );
    let mut play = Playing::open(&server.url(PATH), dir.path(), CacheOptions::default());
    let first = play.until(|f| f.state == FrameState::Audio);
    let stats = play.cache.stats();
    let asked: Vec<String> = server
        .requests_to(PATH)
        .iter()
        .map(|r| r.header("Range").unwrap_or("-").to_owned())
        .collect();
    eprintln!(
        "first decoded sample after {} bytes in {} requests: {asked:?}",
        stats.bytes_fetched, stats.requests
    );
    // What is needed: the tag's header, the first frames (probe and decode), and whatever the
    // request from byte 0 brought before it was dropped.
    assert!(
        stats.bytes_fetched < 128 * 1024,
        "{} bytes fetched before the first sample",
        stats.bytes_fetched
    );
    assert!(stats.requests <= 3, "{asked:?}");
    assert_eq!(first.t, 0.0);
    // And it is the episode's start that plays.
    let mut audio = play.take(0.4, Some(first.sample));
    let start = audio.split_off(audio.len() - 4410);
    assert_eq!(step_start_heard(&start), 0.25);
}
