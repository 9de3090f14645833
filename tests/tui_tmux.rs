//! The interactive player end to end in a real terminal (tmux): the listener selects an episode,
//! presses `3`, sees chapter 3 named in the player bar while a private PulseAudio sink hears
//! chapter 3's tone, downloads the episode with `d` (marked ↓, listed by `D`), pauses it, and `q`
//! gives the terminal back as it was; started again, the player shows the same selection and
//! the episode paused where it was. Up Next: two episodes queued from the list, reordered in
//! its view and played through; a refresh bringing a new episode to the inbox and to disk. The
//! transcript tab marks the line heard, Enter on a later line moves playback there, and `/`
//! finds a line's words and plays from it (the sink hears each line's tone).

mod support;

use std::path::Path;
use std::time::Duration;

use support::player::{BINARY, Home, feed_without_length, stderr};
use support::pulse::{PulseSink, RATE};
use support::server::{Resource, TestServer};
use support::tmux::Tmux;
use support::tone::{heard_tones, rms};
use support::tone_mp3::{TONES, serve_chapter_mp3, tone_mp3};

#[test]
fn chapter_3_heard_then_downloaded_and_the_session_restored_after_a_restart() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let home = Home::bare(Some(&sink), &[]);
    serve_chapter_mp3(&home.server, home.dir.path());
    home.subscribe(feed_without_length(&home.server));
    let tmux = home.player("chapters");
    assert!(
        tmux.alternate_screen(),
        "the player uses the alternate screen"
    );
    // The library also holds netstack.fm (added on first run): the test feed is second.
    tmux.keys(&["Down"]);
    tmux.wait_for("Three tones", Duration::from_secs(5));

    let recording = sink.record().expect("parec").attached();
    // Enter moves from the podcasts to the episodes, Enter again plays the episode.
    tmux.keys(&["Enter"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux.keys(&["Enter"]);
    tmux.wait_for("Playing", Duration::from_secs(10));
    tmux.keys(&["3"]);
    // The player bar (not the chapter list) names chapter 3 once the seek landed.
    tmux.wait_for("Three tones › 3/3 High", Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(2500));
    let heard = recording.stop();
    let pane = tmux.pane();
    assert!(!pane.contains("seeking"), "the seek landed:\n{pane}");

    assert!(rms(&heard) > 0.01, "something was heard:\n{pane}");
    let found = heard_tones(&heard, RATE, &TONES);
    let last: Vec<f32> = found.iter().rev().take(15).copied().collect();
    assert!(
        !last.is_empty() && last.iter().all(|f| *f == 1318.0),
        "chapter 3's tone heard last, not {found:?}"
    );

    // A second player on the same library is told who holds it and leaves.
    let second = home.run(&[]);
    let stderr = stderr(&second);
    assert_eq!(second.status.code(), Some(1), "stderr: {stderr}");
    assert!(stderr.contains("already running"), "stderr: {stderr}");

    // `d` downloads the selected episode: the list marks it ↓ and the downloads view lists it.
    tmux.keys(&["d"]);
    tmux.wait_for("Downloaded “Three tones”", Duration::from_secs(20));
    let pane = tmux.wait_for(" ↓ ", Duration::from_secs(5));
    assert!(
        pane.lines()
            .any(|l| l.contains("Three tones") && l.contains('↓')),
        "the episode is marked downloaded:\n{pane}"
    );
    tmux.keys(&["D"]);
    // The view's title, not the word "downloaded", which the notes pane may already show.
    let pane = tmux.wait_for(" Downloads (", Duration::from_secs(5));
    assert!(
        pane.lines()
            .any(|l| l.contains("↓ Three tones") && l.contains("downloaded")),
        "the downloads view lists it as downloaded:\n{pane}"
    );
    let downloads = home
        .dir
        .path()
        .join("home/data/netstack-tui/downloads/Tones");
    let on_disk = std::fs::read_dir(downloads)
        .expect("the podcast's download folder")
        .count();
    assert_eq!(on_disk, 1, "one finished file, no .part left");
    tmux.keys(&["Escape"]);
    // Esc and a key sent at once read as Alt and that key: wait for the view to close first.
    tmux.wait_gone(" Downloads (", Duration::from_secs(5));
    // Chapter 1 again, now from the file on disk, then paused.
    tmux.keys(&["1"]);
    tmux.wait_for("Three tones › 1/3 Low", Duration::from_secs(10));
    tmux.wait_for("Playing", Duration::from_secs(10));
    tmux.keys(&["Space"]);
    tmux.wait_for("Paused", Duration::from_secs(5));

    tmux.quit();
    // The shell reads and echoes a line again: the terminal is back to normal.
    tmux.keys(&["echo restored-$((40+2))", "Enter"]);
    let pane = tmux.wait_for("restored-42", Duration::from_secs(5));
    assert!(
        !pane.contains("Three tones"),
        "the player's screen is gone:\n{pane}"
    );

    // Started again, the player shows the same podcast and episode selected, and the episode
    // that was playing paused where it was.
    tmux.keys(&["clear", "Enter"]);
    tmux.keys(&[&format!("'{BINARY}'"), "Enter"]);
    let pane = tmux.wait_for("Paused", Duration::from_secs(10));
    assert!(pane.contains("› Tones"), "the podcast is selected:\n{pane}");
    assert!(
        pane.contains("Three tones › 1/3 Low"),
        "the paused episode and its chapter:\n{pane}"
    );
    assert!(
        pane.lines()
            .any(|l| l.contains("Three tones") && l.contains('›') && l.contains('↓')),
        "the episode is selected and still downloaded:\n{pane}"
    );
    tmux.quit();
}

#[test]
fn a_feed_named_on_the_command_line_is_shown_unsubscribed_and_a_subscribes_it() {
    let home = Home::bare(None, &[]);
    let server = &home.server;
    server.route(
        "/feed.xml",
        Resource::bytes(feed_without_length(server)).mime("application/rss+xml"),
    );
    let url = server.url("/feed.xml");
    let tmux = home.player_showing("open", &format!("'{url}'"), "a subscribes");
    let pane = tmux.pane();
    assert!(
        pane.contains("+Tones"),
        "shown, marked unsubscribed:\n{pane}"
    );
    assert!(pane.contains("Three tones"), "its episodes:\n{pane}");
    tmux.keys(&["a"]);
    tmux.wait_gone("a subscribes", Duration::from_secs(10));
    let pane = tmux.wait_for("› Tones", Duration::from_secs(5));
    assert!(pane.contains("Podcasts (2)"), "{pane}");
    tmux.quit();
    let listed = home.run(&["list", "--json"]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.contains(&url), "subscribed: {listed}");

    // A subscribed podcast's title opens the player on it.
    tmux.keys(&["clear", "Enter"]);
    tmux.keys(&[&format!("'{BINARY}' tones"), "Enter"]);
    let pane = tmux.wait_for("› Tones", Duration::from_secs(10));
    assert!(!pane.contains("a subscribes"), "{pane}");
    tmux.quit();
}

#[test]
fn feeds_refresh_after_start_and_an_unreachable_server_shows_offline() {
    let home = Home::bare(None, &[]);
    // Refreshing at start is the default; only the endpoints stay on loopback.
    let text = std::fs::read_to_string(home.config()).expect("config");
    std::fs::write(
        home.config(),
        text.replace("refresh_on_start = false\n", ""),
    )
    .expect("config");
    home.subscribe(feed_without_length(&home.server));
    let server = &home.server;
    // The feed gains an episode after the subscription.
    let fresh = feed_without_length(server).replace(
        "<item>",
        "<item><title>Fresh episode</title><guid>fresh</guid></item><item>",
    );
    server.route(
        "/feed.xml",
        Resource::bytes(fresh).mime("application/rss+xml"),
    );

    let tmux = Tmux::shell("refresh", &home.env);
    tmux.keys(&[&format!("'{BINARY}' tones"), "Enter"]);
    let pane = tmux.wait_for("Fresh episode", Duration::from_secs(10));
    assert!(!pane.contains("offline"), "the server answered:\n{pane}");
    tmux.quit();

    // Nothing listens any more: the refresh at start cannot connect.
    drop(home.server);
    tmux.keys(&["clear", "Enter"]);
    tmux.keys(&[&format!("'{BINARY}' tones"), "Enter"]);
    let pane = tmux.wait_for("offline", Duration::from_secs(15));
    assert!(
        pane.contains("Fresh episode"),
        "the cached library is shown:\n{pane}"
    );
    tmux.quit();
}

/// A feed of two short tone episodes, "Low tone" (newer) and "High tone", and `extra` items.
fn tone_feed(server: &TestServer, dir: &Path, extra: &str) -> String {
    for (name, hz) in [("low", 440.0), ("high", 880.0), ("middle", 1318.0)] {
        server.route(
            &format!("/{name}.mp3"),
            Resource::bytes(tone_mp3(dir, name, hz, 2)).mime("audio/mpeg"),
        );
    }
    format!(
        "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">\
         <channel><title>Tones</title>{extra}\
         <item><title>Low tone</title><guid>low</guid><itunes:duration>2</itunes:duration>\
         <pubDate>Tue, 03 Feb 2026 06:00:00 +0000</pubDate>\
         <enclosure url=\"{}\" type=\"audio/mpeg\"/></item>\
         <item><title>High tone</title><guid>high</guid><itunes:duration>2</itunes:duration>\
         <pubDate>Mon, 02 Feb 2026 06:00:00 +0000</pubDate>\
         <enclosure url=\"{}\" type=\"audio/mpeg\"/></item></channel></rss>",
        server.url("/low.mp3"),
        server.url("/high.mp3")
    )
}

/// The player in tmux on the tone podcast of `home` (episodes focused).
fn player_on_tones(name: &str, home: &Home) -> Tmux {
    let tmux = home.player_showing(name, "tones", "Low tone");
    // Enter moves from the podcasts to the episodes.
    tmux.keys(&["Enter"]);
    tmux.wait_for("┏ Tones · 2 episodes", Duration::from_secs(5));
    tmux
}

#[test]
fn two_episodes_queued_from_the_list_are_reordered_and_played_through() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let home = Home::bare(Some(&sink), &[]);
    home.subscribe(tone_feed(&home.server, home.dir.path(), ""));
    let tmux = player_on_tones("upnext", &home);
    // `e` queues the selected episode: Low tone, then High tone.
    tmux.keys(&["e"]);
    tmux.wait_for("Up Next 1 of 1: “Low tone”", Duration::from_secs(5));
    tmux.keys(&["Down"]);
    tmux.keys(&["e"]);
    tmux.wait_for("Up Next 2 of 2: “High tone”", Duration::from_secs(5));
    tmux.keys(&["u"]);
    let pane = tmux.wait_for("Up Next (2) · 0:04 left", Duration::from_secs(5));
    assert!(
        pane.contains("1. Low tone · Tones") && pane.contains("2. High tone · Tones"),
        "{pane}"
    );
    // High tone moves up.
    tmux.keys(&["Down"]);
    tmux.keys(&["K"]);
    tmux.wait_for("1. High tone · Tones", Duration::from_secs(5));

    let recording = sink.record().expect("parec").attached();
    tmux.keys(&["Enter"]);
    tmux.wait_for("Up next: Low tone", Duration::from_secs(10));
    // Played through: both ended, Up Next is empty.
    tmux.wait_for("Up Next (0)", Duration::from_secs(20));
    std::thread::sleep(Duration::from_millis(300));
    let heard = recording.stop();
    let found = heard_tones(&heard, RATE, &[440.0, 880.0]);
    let first_low = found.iter().position(|f| *f == 440.0);
    let last_high = found.iter().rposition(|f| *f == 880.0);
    assert!(
        found.iter().filter(|f| **f == 880.0).count() >= 10
            && found.iter().filter(|f| **f == 440.0).count() >= 10
            && last_high < first_low,
        "High tone heard, then Low tone: {found:?}"
    );
    tmux.keys(&["u"]);
    let pane = tmux.wait_for("Ended", Duration::from_secs(5));
    assert!(
        pane.lines()
            .filter(|l| l.contains(" tone") && l.contains('✓'))
            .count()
            == 2,
        "both are played:\n{pane}"
    );
    tmux.quit();
}

#[test]
fn a_refresh_in_the_player_brings_a_new_episode_to_the_inbox_and_downloads_it() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let home = Home::bare(Some(&sink), &[]);
    home.configure("auto_download_new = 1");
    let (server, dir) = (&home.server, home.dir.path());
    home.subscribe(tone_feed(server, dir, ""));
    let tmux = player_on_tones("inbox", &home);
    assert!(!tmux.pane().contains('✦'), "the back catalogue is not new");
    let middle = format!(
        "<item><title>Middle tone</title><guid>middle</guid>\
         <pubDate>Wed, 04 Feb 2026 06:00:00 +0000</pubDate>\
         <enclosure url=\"{}\" type=\"audio/mpeg\"/></item>",
        server.url("/middle.mp3")
    );
    let feed = tone_feed(server, dir, &middle);
    server.route(
        "/feed.xml",
        Resource::bytes(feed).mime("application/rss+xml"),
    );
    tmux.keys(&["r"]);
    tmux.wait_for("Downloaded “Middle tone”", Duration::from_secs(20));
    let pane = tmux.wait_for("✦1", Duration::from_secs(5));
    assert!(
        pane.lines()
            .any(|l| l.contains("› Tones") && l.contains("✦1")),
        "the podcasts pane counts one new episode:\n{pane}"
    );
    assert!(
        pane.lines()
            .any(|l| l.contains("Middle tone") && l.contains('✦') && l.contains('↓')),
        "new and downloaded:\n{pane}"
    );
    tmux.keys(&["i"]);
    let pane = tmux.wait_for("New episodes (1)", Duration::from_secs(5));
    assert!(pane.contains("Middle tone · Tones"), "{pane}");
    // Dismissed, it is not new any more.
    tmux.keys(&["X"]);
    tmux.wait_for("New episodes (0)", Duration::from_secs(5));
    let on_disk = std::fs::read_dir(dir.join("home/data/netstack-tui/downloads/Tones"))
        .expect("the podcast's download folder")
        .count();
    assert_eq!(on_disk, 1);
    tmux.quit();
}

/// A feed with one episode whose three tones (20 s each) a WebVTT transcript names.
fn spoken_feed(server: &TestServer) -> String {
    format!(
        "<rss version=\"2.0\" xmlns:podcast=\"https://podcastindex.org/namespace/1.0\"><channel>\
         <title>Spoken</title><language>en</language><item><title>Said and heard</title>\
         <guid>said</guid><enclosure url=\"{}\" type=\"audio/mpeg\"/>\
         <podcast:transcript url=\"{}\" type=\"text/vtt\"/></item></channel></rss>",
        server.url("/long.mp3"),
        server.url("/said.vtt")
    )
}

const SAID: &str = "WEBVTT\n\n\
    00:00.000 --> 00:20.000\n<v Low>The low tone starts the episode.\n\n\
    00:20.000 --> 00:40.000\n<v Middle>Then the middle one &amp; no other.\n\n\
    00:40.000 --> 01:00.000 align:start\n<v High>And the high tone ends it.\n";

#[test]
fn the_transcript_follows_playback_and_a_later_line_or_a_search_result_plays_from_there() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let home = Home::bare(Some(&sink), &[]);
    let media = home.dir.path().join("media");
    std::fs::create_dir_all(&media).expect("media dir");
    let server = &home.server;
    let mp3 = support::tone_mp3::tones_mp3(&media, 20);
    server.route(
        "/long.mp3",
        Resource::bytes(std::fs::read(mp3).expect("mp3")).mime("audio/mpeg"),
    );
    server.route("/said.vtt", Resource::bytes(SAID).mime("text/vtt"));
    home.subscribe(spoken_feed(server));
    let tmux = home.player_showing("transcript", "", "Spoken");
    // The library also holds netstack.fm (added on first run): the test feed is second.
    tmux.keys(&["Down"]);
    tmux.wait_for("Said and heard", Duration::from_secs(5));
    tmux.keys(&["Enter"]);
    tmux.wait_for("┃›   Said and heard", Duration::from_secs(5));
    // `t` shows the transcript tab: fetched, the speaker named, the entity decoded.
    tmux.keys(&["t"]);
    let pane = tmux.wait_for("High: And the high tone", Duration::from_secs(10));
    assert!(
        pane.contains("Middle: Then the middle one & no other."),
        "{pane}"
    );
    assert_eq!(server.request_count("/said.vtt"), 1);

    // Playing: the line said at the playing time is marked, and the sink hears the low tone.
    let recording = sink.record().expect("parec").attached();
    tmux.keys(&["Space"]);
    let pane = tmux.wait_for("▶0:00", Duration::from_secs(10));
    let marked: Vec<&str> = pane.lines().filter(|l| l.contains("▶0:00")).collect();
    assert!(
        marked.len() == 1 && marked[0].contains("Low: The low tone"),
        "the low line is the one heard:\n{pane}"
    );
    std::thread::sleep(Duration::from_millis(1500));
    // Down twice moves the cursor to the high line (the transcript stops following), Enter
    // plays from there: 0:40, the high tone.
    tmux.keys(&["Down", "Down"]);
    tmux.wait_for("f follows playback", Duration::from_secs(5));
    tmux.keys(&["Enter"]);
    let pane = tmux.wait_for("▶0:40", Duration::from_secs(10));
    assert!(
        pane.lines()
            .any(|l| l.contains("▶0:40") && l.contains("High: And the high tone")),
        "the high line is heard now:\n{pane}"
    );
    assert!(pane.contains(" 0:4"), "the clock is at 0:4x:\n{pane}");
    std::thread::sleep(Duration::from_millis(2500));
    let heard = recording.stop();
    let found = heard_tones(&heard, RATE, &TONES);
    assert!(
        found.first() == Some(&TONES[0]),
        "the low tone was heard first: {found:?}"
    );
    assert!(
        !found.contains(&TONES[1]),
        "the middle was never played through: {found:?}"
    );
    let last: Vec<f32> = found.iter().rev().take(15).copied().collect();
    assert!(
        last.len() == 15 && last.iter().all(|f| *f == TONES[2]),
        "the high tone heard last, not {found:?}"
    );
    assert_eq!(server.request_count("/said.vtt"), 1, "fetched once");

    // `/` finds the words in the transcript kept in the library, and Enter plays from when
    // they are said: 0:20, the middle tone.
    let recording = sink.record().expect("parec").attached();
    tmux.keys(&["/"]);
    tmux.wait_for("Search titles", Duration::from_secs(5));
    tmux.keys(&["middle one"]);
    let pane = tmux.wait_for(
        "said    0:20 Middle: Then the middle one",
        Duration::from_secs(10),
    );
    assert!(pane.contains("1 result"), "{pane}");
    tmux.keys(&["Enter"]);
    let pane = tmux.wait_for("▶0:20", Duration::from_secs(10));
    assert!(
        pane.lines()
            .any(|l| l.contains("▶0:20") && l.contains("Middle: Then the middle one")),
        "the middle line is heard now:\n{pane}"
    );
    std::thread::sleep(Duration::from_millis(2500));
    let heard = recording.stop();
    let found = heard_tones(&heard, RATE, &TONES);
    let last: Vec<f32> = found.iter().rev().take(15).copied().collect();
    assert!(
        last.len() == 15 && last.iter().all(|f| *f == TONES[1]),
        "the middle tone heard last, not {found:?}"
    );
    tmux.quit();
}
