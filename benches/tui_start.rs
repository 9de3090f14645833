//! Starting the interactive player in a real terminal (tmux), polling `capture-pane`:
//! - on one podcast of 5000 episodes, the time from launch until the episode list is on screen,
//!   and the CPU the idle player uses over 10 s (utime + stime from `/proc/<pid>/stat`);
//! - on a library of 100 podcasts × 300 episodes (generated feeds, imported and refreshed from
//!   a loopback server), the time from launch until the first screen is complete: the selected
//!   episode's title, show notes and chapter list all shown. Once with no remembered selection
//!   (the first podcast's newest episode) and once with one deep in a podcast in the middle
//!   (further down than the first screen's list reads at first). Every capture before that is
//!   checked for a false "No show notes." / "No chapters.", and the player's own log gives the
//!   time of its first frame.
//!
//! Prints; asserts nothing but what makes a figure meaningless (a false "none" is counted).
//!
//! Run: `cargo build --release && cargo bench --bench tui_start`
//! Peers measured the same way (DESIGN.md): shellcaster 109 ms, hullcaster 181 ms, newsboat
//! 241 ms, castero 830 ms.

#[path = "tui_start/library.rs"]
mod library;
#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use support::cli::{home_env, write_loopback_config};
use support::feedgen;
use support::server::{Resource, TestServer};

const EPISODES: usize = 5000;
const RUNS: usize = 9;
const IDLE: Duration = Duration::from_secs(10);
/// Waited after the list is shown before measuring idle CPU.
const SETTLE: Duration = Duration::from_secs(3);
/// The newest episode's title: on screen once the episode list is drawn.
const NEWEST: &str = "Episode 5000: protocols";

struct Tmux {
    socket: String,
}

impl Tmux {
    /// Starts `binary` with `env` in a new 120×40 session `b`.
    fn start(&self, binary: &str, env: &[(String, String)]) {
        let mut session = Command::new("tmux");
        session.args(["-L", &self.socket, "-f", "/dev/null"]).args([
            "new-session",
            "-d",
            "-s",
            "b",
            "-x",
            "120",
            "-y",
            "40",
        ]);
        for (name, value) in env {
            session.arg("-e").arg(format!("{name}={value}"));
        }
        session.arg(binary);
        assert!(session.status().expect("tmux runs").success());
    }

    /// Sends `q` and waits until the session is gone.
    fn quit(&self) {
        self.run(&["send-keys", "-t", "b", "q"]);
        let quit = Instant::now();
        while self.run(&["has-session", "-t", "b"]).status.success() {
            assert!(quit.elapsed() < Duration::from_secs(5), "q did not quit");
            std::thread::sleep(Duration::from_millis(10));
        }
        // The server leaves with its last session: let it go before the next one.
        std::thread::sleep(Duration::from_millis(100));
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn pane(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "b"]).stdout).into_owned()
    }

    fn pane_pid(&self) -> Option<i32> {
        let out = self.run(&["display-message", "-p", "-t", "b", "#{pane_pid}"]);
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn main() {
    let binary = concat!(env!("CARGO_MANIFEST_DIR"), "/target/release/netstack-tui");
    if !Path::new(binary).exists() {
        eprintln!("build the release binary first: cargo build --release");
        std::process::exit(1);
    }
    // BENCH_ONLY=library (or =podcast) runs one part.
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    if only != "library" {
        one_podcast(binary);
    }
    if only != "podcast" {
        library::run(binary);
    }
}

/// Launch to the episode list of one podcast of [`EPISODES`] episodes, and idle CPU.
fn one_podcast(binary: &str) {
    let server = TestServer::start();
    server.route(
        "/feed.xml",
        Resource::bytes(feedgen::podcast_feed(EPISODES, &server.url("/media")))
            .mime("application/rss+xml"),
    );
    let temporary = tempfile::tempdir().expect("tempdir");
    // BENCH_HOME keeps the library for profiling the player by hand afterwards.
    let home = match std::env::var_os("BENCH_HOME") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => temporary.path().to_path_buf(),
    };
    let mut env = home_env(&home);
    env.push(("HOME".into(), home.display().to_string()));
    // The cached library is what start shows; nothing leaves loopback.
    write_loopback_config(&home, &server);
    let cli = |args: &[&str]| {
        let out = Command::new(binary)
            .args(args)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .expect("the binary runs");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    if !home.join("data/netstack-tui/library.sqlite3").exists() {
        cli(&["add", &server.url("/feed.xml")]);
        // The first-run subscription has no episodes; the generated podcast is the one shown.
        cli(&["remove", "netstack"]);
    }

    let tmux = Tmux {
        socket: format!("netstack-tui-bench-{}", std::process::id()),
    };
    let mut starts = Vec::new();
    let mut idle = None;
    for run in 0..RUNS {
        let start = Instant::now();
        tmux.start(binary, &env);
        loop {
            if tmux.pane().contains(NEWEST) {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the list never showed:\n{}",
                tmux.pane()
            );
        }
        starts.push(start.elapsed().as_secs_f64() * 1000.0);
        if run == RUNS - 1 {
            // The rest of the library is read in the background after the first screen: let
            // that finish, then measure the player doing nothing.
            std::thread::sleep(SETTLE);
            idle = tmux.pane_pid().and_then(idle_cpu);
        }
        tmux.quit();
    }
    let floor = floor(&tmux);
    let first = starts[0];
    let mut sorted = starts.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "launch → episode list of {EPISODES} episodes (tmux {}x{}): median {:.0} ms, \
         min {:.0} ms, max {:.0} ms over {RUNS} runs (first run {first:.0} ms)",
        120,
        40,
        sorted[RUNS / 2],
        sorted[0],
        sorted[RUNS - 1]
    );
    println!("floor (tmux showing a program that prints at once): median {floor:.0} ms");
    match idle {
        Some((percent, ticks)) => println!(
            "idle CPU over {} s, from {} s after the list is shown: {percent:.2} % \
             ({ticks} clock ticks)",
            IDLE.as_secs(),
            SETTLE.as_secs()
        ),
        None => println!("idle CPU: could not read /proc/<pid>/stat"),
    }
}

/// The floor of these measurements: the median time tmux takes to show a program that prints
/// one line at once.
fn floor(tmux: &Tmux) -> f64 {
    let mut floor = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let started = Command::new("tmux")
            .args(["-L", &tmux.socket, "-f", "/dev/null"])
            .args(["new-session", "-d", "-s", "b", "-x", "120", "-y", "40"])
            .args(["echo floor-ready; sleep 10"])
            .status()
            .expect("tmux runs");
        assert!(started.success());
        while !tmux.pane().contains("floor-ready") {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "echo never showed"
            );
        }
        floor.push(start.elapsed().as_secs_f64() * 1000.0);
        let _ = tmux.run(&["kill-session", "-t", "b"]);
        while tmux.run(&["has-session", "-t", "b"]).status.success() {
            std::thread::sleep(Duration::from_millis(10));
        }
        // The server leaves with its last session: let it go before the next one.
        std::thread::sleep(Duration::from_millis(100));
    }
    floor.sort_by(f64::total_cmp);
    floor[RUNS / 2]
}

/// CPU used by `pid` over [`IDLE`], as a percentage of one core, and the ticks counted.
fn idle_cpu(pid: i32) -> Option<(f64, u64)> {
    let before = cpu_ticks(pid)?;
    std::thread::sleep(IDLE);
    let after = cpu_ticks(pid)?;
    // SAFETY: sysconf only reads a system constant.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let ticks = after.saturating_sub(before);
    Some((
        ticks as f64 / per_second / IDLE.as_secs_f64() * 100.0,
        ticks,
    ))
}

/// utime + stime of `pid` in clock ticks.
fn cpu_ticks(pid: i32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces; the fields after it are space-separated.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}
