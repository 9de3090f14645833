//! The player's start on a library of 100 podcasts × 300 episodes: launch until the first
//! screen is complete (the selected episode's title, show notes and chapters all on screen),
//! with no remembered selection and with one deep in a podcast in the middle. Every capture
//! before completion is checked for a false "No show notes." / "No chapters.".

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use netstack_tui::store::{Store, setting_keys};

use super::support::cli::{home_env, write_loopback_config};
use super::support::feedgen;
use super::support::server::{Resource, TestServer};
use super::{RUNS, Tmux, floor};

const PODCASTS: usize = 100;
const EPISODES: usize = 300;
/// The podcast (0-based, in library order) and the episode (0-based, newest first) remembered
/// as selected in the second case: further down than the first screen reads at first.
const DEEP: (usize, usize) = (57, 249);

/// Where the player starts, and what its first screen must show.
struct Case {
    name: &'static str,
    /// The remembered selection (podcast id, episode id), or none.
    session: Option<(i64, i64)>,
    /// Text of the selected episode's notes and of its chapter list.
    notes: String,
    chapter: &'static str,
}

/// What one start showed.
struct Start {
    complete_ms: f64,
    /// Captures before completion that said an episode had no notes or no chapters.
    false_none: usize,
    captures: usize,
}

pub fn run(binary: &str) {
    let server = TestServer::start();
    let mut opml = String::from(
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>bench</title></head><body>",
    );
    let mut bytes = 0;
    for p in 0..PODCASTS {
        let feed = feedgen::podcast_feed(EPISODES, &server.url(&format!("/{p}/media"))).replacen(
            "<title>Synthetic Stack</title>",
            &format!("<title>Synthetic Stack {p:03}</title>"),
            1,
        );
        bytes += feed.len();
        let path = format!("/{p}/feed.xml");
        server.route(&path, Resource::bytes(feed).mime("application/rss+xml"));
        opml.push_str(&format!(
            "<outline type=\"rss\" text=\"Synthetic Stack {p:03}\" xmlUrl=\"{}\"/>",
            server.url(&path)
        ));
    }
    opml.push_str("</body></opml>");
    let temporary = tempfile::tempdir().expect("tempdir");
    // BENCH_LIBRARY_HOME keeps the library between runs (and for profiling by hand).
    let home = match std::env::var_os("BENCH_LIBRARY_HOME") {
        Some(dir) => PathBuf::from(dir),
        None => temporary.path().to_path_buf(),
    };
    let mut env = home_env(&home);
    env.push(("HOME".into(), home.display().to_string()));
    env.push(("NETSTACK_TUI_LOG".into(), "debug".into()));
    write_loopback_config(&home, &server);
    let library = home.join("data/netstack-tui/library.sqlite3");
    if !library.exists() {
        let opml_file = home.join("bench.opml");
        std::fs::write(&opml_file, &opml).expect("opml");
        let started = Instant::now();
        cli(binary, &env, &["import", &opml_file.display().to_string()]);
        cli(binary, &env, &["remove", "netstack"]);
        // The refresh reports the failures of nothing here; its exit status is not the point.
        let _ = run_cli(binary, &env, &["refresh"]);
        let mut log = library.as_os_str().to_owned();
        log.push("-wal");
        println!(
            "library: {PODCASTS} podcasts × {EPISODES} episodes ({:.0} MB of feeds) imported and \
             refreshed in {:.1} s, leaving a write-ahead log of {:.0} MB",
            bytes as f64 / 1e6,
            started.elapsed().as_secs_f64(),
            std::fs::metadata(&log).map_or(0, |m| m.len()) as f64 / 1e6
        );
    }
    let cases = cases(&library);
    let tmux = Tmux {
        socket: format!("netstack-tui-bench-library-{}", std::process::id()),
    };
    let log = home.join("state/netstack-tui/netstack-tui.log");
    for case in &cases {
        let mut starts = Vec::new();
        let mut logged = Vec::new();
        for _ in 0..RUNS {
            remember(&library, case.session);
            let _ = std::fs::remove_file(&log);
            starts.push(start(&tmux, binary, &env, case));
            tmux.quit();
            logged.extend(first_frame_logged(&log));
        }
        report(case, &starts, &mut logged);
    }
    println!(
        "  floor (tmux showing a program that prints at once): median {:.0} ms",
        floor(&tmux)
    );
}

fn cases(library: &Path) -> Vec<Case> {
    let store = Store::open(library).expect("library");
    let podcasts = store.podcasts().expect("podcasts");
    assert_eq!(podcasts.len(), PODCASTS, "the generated library");
    let deep_podcast = podcasts[DEEP.0].id;
    let deep_rows = store.episode_rows(deep_podcast).expect("episodes");
    let deep_episode = deep_rows[DEEP.1].state.id;
    vec![
        Case {
            name: "no remembered selection (the first podcast's newest episode)",
            session: None,
            notes: format!("episode {EPISODES} — In this episode"),
            chapter: "Get to know our guest",
        },
        Case {
            name: "remembered: podcast 58's 250th episode",
            session: Some((deep_podcast, deep_episode)),
            notes: format!("episode {} — In this episode", EPISODES - DEEP.1),
            chapter: "Get to know our guest",
        },
    ]
}

/// Sets (or clears) the selection the player remembers.
fn remember(library: &Path, session: Option<(i64, i64)>) {
    let mut store = Store::open(library).expect("library");
    let names = [
        setting_keys::SELECTED_PODCAST,
        setting_keys::SELECTED_EPISODE,
        setting_keys::PLAYING_EPISODE,
    ];
    for name in names {
        store.remove_setting(name).expect("setting");
    }
    if let Some((podcast, episode)) = session {
        store
            .set_setting(setting_keys::SELECTED_PODCAST, &podcast.to_string())
            .expect("setting");
        store
            .set_setting(setting_keys::SELECTED_EPISODE, &episode.to_string())
            .expect("setting");
    }
}

/// Starts the player and polls the pane until the first screen is complete.
fn start(tmux: &Tmux, binary: &str, env: &[(String, String)], case: &Case) -> Start {
    let begun = Instant::now();
    tmux.start(binary, env);
    let mut false_none = 0;
    let mut captures = 0;
    loop {
        let pane = tmux.pane();
        captures += 1;
        if pane.contains(&case.notes) && pane.contains(case.chapter) {
            return Start {
                complete_ms: begun.elapsed().as_secs_f64() * 1000.0,
                false_none,
                captures,
            };
        }
        if pane.contains("No show notes.") || pane.contains("No chapters.") {
            false_none += 1;
        }
        assert!(
            begun.elapsed() < Duration::from_secs(20),
            "the first screen never completed ({}):\n{pane}",
            case.name
        );
    }
}

/// The player's own time from launch to its first frame, from its log (milliseconds).
fn first_frame_logged(log: &Path) -> Option<f64> {
    let text = std::fs::read_to_string(log).ok()?;
    let line = text
        .lines()
        .find(|l| l.contains("start: first frame drawn"))?;
    let ms = line.rsplit("drawn ").next()?.split(" ms").next()?;
    ms.trim().parse().ok()
}

fn report(case: &Case, starts: &[Start], logged: &mut [f64]) {
    let first = starts[0].complete_ms;
    let mut ms: Vec<f64> = starts.iter().map(|s| s.complete_ms).collect();
    ms.sort_by(f64::total_cmp);
    let false_none: usize = starts.iter().map(|s| s.false_none).sum();
    let captures: usize = starts.iter().map(|s| s.captures).sum();
    println!(
        "launch → complete first screen, {PODCASTS} podcasts × {EPISODES} episodes, {}:",
        case.name
    );
    println!(
        "  median {:.0} ms, min {:.0} ms, max {:.0} ms over {RUNS} runs (first run {first:.0} \
         ms); captures showing a false \"none\": {false_none} of {captures}",
        ms[ms.len() / 2],
        ms[0],
        ms[ms.len() - 1]
    );
    if !logged.is_empty() {
        logged.sort_by(f64::total_cmp);
        println!(
            "  the player's log: first frame drawn {:.1} ms after launch (median), {:.1}–{:.1} ms",
            logged[logged.len() / 2],
            logged[0],
            logged[logged.len() - 1]
        );
    }
}

fn run_cli(binary: &str, env: &[(String, String)], args: &[&str]) -> std::process::Output {
    Command::new(binary)
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("the binary runs")
}

fn cli(binary: &str, env: &[(String, String)], args: &[&str]) {
    let out = run_cli(binary, env, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
