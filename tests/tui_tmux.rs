//! The interactive player end to end in a real terminal (tmux): the listener selects an episode,
//! presses `3`, sees chapter 3 named in the player bar while a private PulseAudio sink hears
//! chapter 3's tone, downloads the episode with `d` (marked ↓, listed by `D`), pauses it, and `q`
//! gives the terminal back as it was; started again, the player shows the same selection and
//! the episode paused where it was.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use support::cli::{home_env, write_loopback_config};
use support::pulse::{PulseSink, RATE};
use support::server::{Resource, TestServer};
use support::tmux::Tmux;
use support::tone::{rms, tones};
use support::tone_mp3::{TONES, serve_chapter_mp3};

fn feed(server: &TestServer) -> String {
    format!(
        "<rss version=\"2.0\" xmlns:psc=\"http://podlove.org/simple-chapters\"><channel>\
         <title>Tones</title><item><title>Three tones</title><guid>tones</guid>\
         <enclosure url=\"{}\" type=\"audio/mpeg\"/>\
         <psc:chapters version=\"1.2\">\
         <psc:chapter start=\"00:00:00\" title=\"Low\"/>\
         <psc:chapter start=\"00:00:04\" title=\"Middle\"/>\
         <psc:chapter start=\"00:00:08\" title=\"High\"/>\
         </psc:chapters></item></channel></rss>",
        server.url("/ep.mp3")
    )
}

fn env(sink: &PulseSink, home: &Path) -> Vec<(String, String)> {
    let mut env = sink.env();
    env.extend(home_env(home));
    env
}

#[test]
fn chapter_3_heard_then_downloaded_and_the_session_restored_after_a_restart() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    serve_chapter_mp3(&server, dir.path());
    server.route(
        "/feed.xml",
        Resource::bytes(feed(&server)).mime("application/rss+xml"),
    );
    write_loopback_config(&dir.path().join("home"), &server);
    let env = env(&sink, &dir.path().join("home"));
    let binary = env!("CARGO_BIN_EXE_netstack-tui");
    let added = Command::new(binary)
        .args(["add", &server.url("/feed.xml")])
        .envs(env.clone())
        .output()
        .expect("the binary runs");
    assert!(
        added.status.success(),
        "add: {}",
        String::from_utf8_lossy(&added.stderr)
    );

    let tmux = Tmux::shell("chapters", &env);
    tmux.keys(&[&format!("'{binary}'"), "Enter"]);
    tmux.wait_for("Tones", Duration::from_secs(10));
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
    let found: Vec<f32> = tones(&heard, RATE, RATE as usize / 10, &TONES)
        .into_iter()
        .flatten()
        .collect();
    let last: Vec<f32> = found.iter().rev().take(15).copied().collect();
    assert!(
        !last.is_empty() && last.iter().all(|f| *f == 1318.0),
        "chapter 3's tone heard last, not {found:?}"
    );

    // A second player on the same library is told who holds it and leaves.
    let second = Command::new(binary)
        .envs(env.clone())
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&second.stderr);
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
    let on_disk = std::fs::read_dir(dir.path().join("home/data/netstack-tui/downloads/Tones"))
        .expect("the podcast's download folder")
        .count();
    assert_eq!(on_disk, 1, "one finished file, no .part left");
    tmux.keys(&["Escape"]);
    // Chapter 1 again, now from the file on disk, then paused.
    tmux.keys(&["1"]);
    tmux.wait_for("Three tones › 1/3 Low", Duration::from_secs(10));
    tmux.wait_for("Playing", Duration::from_secs(10));
    tmux.keys(&["Space"]);
    tmux.wait_for("Paused", Duration::from_secs(5));

    quit(&tmux);
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
    tmux.keys(&[&format!("'{binary}'"), "Enter"]);
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
    quit(&tmux);
}

/// `q`, and the player leaves the alternate screen.
fn quit(tmux: &Tmux) {
    tmux.keys(&["q"]);
    let start = Instant::now();
    while tmux.alternate_screen() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "q left the alternate screen on"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_feed_named_on_the_command_line_is_shown_unsubscribed_and_a_subscribes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    server.route(
        "/feed.xml",
        Resource::bytes(feed(&server)).mime("application/rss+xml"),
    );
    let home = dir.path().join("home");
    write_loopback_config(&home, &server);
    let mut env = home_env(&home);
    env.push(("HOME".into(), home.display().to_string()));
    let binary = env!("CARGO_BIN_EXE_netstack-tui");
    let tmux = Tmux::shell("open", &env);
    let url = server.url("/feed.xml");
    tmux.keys(&[&format!("'{binary}' '{url}'"), "Enter"]);
    let pane = tmux.wait_for("a subscribes", Duration::from_secs(10));
    assert!(
        pane.contains("+Tones"),
        "shown, marked unsubscribed:\n{pane}"
    );
    assert!(pane.contains("Three tones"), "its episodes:\n{pane}");
    tmux.keys(&["a"]);
    let start = Instant::now();
    while tmux.pane().contains("a subscribes") {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "never subscribed:\n{}",
            tmux.pane()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let pane = tmux.wait_for("› Tones", Duration::from_secs(5));
    assert!(pane.contains("Podcasts (2)"), "{pane}");
    quit(&tmux);
    let listed = Command::new(binary)
        .args(["list", "--json"])
        .envs(env.clone())
        .output()
        .expect("the binary runs");
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.contains(&url), "subscribed: {listed}");

    // A subscribed podcast's title opens the player on it.
    tmux.keys(&["clear", "Enter"]);
    tmux.keys(&[&format!("'{binary}' tones"), "Enter"]);
    let pane = tmux.wait_for("› Tones", Duration::from_secs(10));
    assert!(!pane.contains("a subscribes"), "{pane}");
    quit(&tmux);
}

#[test]
fn feeds_refresh_after_start_and_an_unreachable_server_shows_offline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    server.route(
        "/feed.xml",
        Resource::bytes(feed(&server)).mime("application/rss+xml"),
    );
    let home = dir.path().join("home");
    write_loopback_config(&home, &server);
    // Refreshing at start is the default; only the endpoints stay on loopback.
    let config = home.join("config/netstack-tui/config.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(&config, text.replace("refresh_on_start = false\n", "")).expect("config");
    let mut env = home_env(&home);
    env.push(("HOME".into(), home.display().to_string()));
    let binary = env!("CARGO_BIN_EXE_netstack-tui");
    let added = Command::new(binary)
        .args(["add", &server.url("/feed.xml")])
        .envs(env.clone())
        .output()
        .expect("the binary runs");
    assert!(added.status.success());
    // The feed gains an episode after the subscription.
    let fresh = feed(&server).replace(
        "<item>",
        "<item><title>Fresh episode</title><guid>fresh</guid></item><item>",
    );
    server.route(
        "/feed.xml",
        Resource::bytes(fresh).mime("application/rss+xml"),
    );

    let tmux = Tmux::shell("refresh", &env);
    tmux.keys(&[&format!("'{binary}' tones"), "Enter"]);
    let pane = tmux.wait_for("Fresh episode", Duration::from_secs(10));
    assert!(!pane.contains("offline"), "the server answered:\n{pane}");
    quit(&tmux);

    // Nothing listens any more: the refresh at start cannot connect.
    drop(server);
    tmux.keys(&["clear", "Enter"]);
    tmux.keys(&[&format!("'{binary}' tones"), "Enter"]);
    let pane = tmux.wait_for("offline", Duration::from_secs(15));
    assert!(
        pane.contains("Fresh episode"),
        "the cached library is shown:\n{pane}"
    );
    quit(&tmux);
}
