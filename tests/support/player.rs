//! A listener's home for end-to-end tests of the running player: a loopback server, the
//! configuration and environment that isolate it, a feed subscribed (by default the tone
//! episode of [`super::tone_mp3`], chapters Low, Middle, High), and the player started in tmux
//! with its control socket up.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::cli::{home_env, write_loopback_config};
use super::pulse::PulseSink;
use super::server::{Resource, TestServer};
use super::tmux::Tmux;
use super::tone_mp3::serve_chapter_mp3;

pub const BINARY: &str = env!("CARGO_BIN_EXE_netstack-tui");

/// The feed of podcast "Tones": one episode, "Three tones" at `/ep.mp3`, its chapters Low,
/// Middle and High, and its length (12 s).
pub fn feed(server: &TestServer) -> String {
    feed_giving(server, "<itunes:duration>00:00:12</itunes:duration>")
}

/// [`feed`] without the episode's length: the player learns it from the media.
pub fn feed_without_length(server: &TestServer) -> String {
    feed_giving(server, "")
}

fn feed_giving(server: &TestServer, length: &str) -> String {
    format!(
        "<rss version=\"2.0\" xmlns:psc=\"http://podlove.org/simple-chapters\" \
         xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel>\
         <title>Tones</title><item><title>Three tones</title><guid>tones</guid>{length}\
         <enclosure url=\"{}\" type=\"audio/mpeg\"/>\
         <psc:chapters version=\"1.2\">\
         <psc:chapter start=\"00:00:00\" title=\"Low\"/>\
         <psc:chapter start=\"00:00:04\" title=\"Middle\"/>\
         <psc:chapter start=\"00:00:08\" title=\"High\"/>\
         </psc:chapters></item></channel></rss>",
        server.url("/ep.mp3")
    )
}

/// A listener's home on its own loopback server, and the environment that uses it.
pub struct Home {
    pub dir: tempfile::TempDir,
    pub env: Vec<(String, String)>,
    pub server: TestServer,
}

impl Home {
    /// A home with the tone feed ([`feed`]) subscribed, playing into `sink` when given, with
    /// `extra` environment (a session bus).
    pub fn new(sink: Option<&PulseSink>, extra: &[(String, String)]) -> Home {
        let home = Home::bare(sink, extra);
        serve_chapter_mp3(&home.server, home.dir.path());
        home.subscribe(feed(&home.server));
        home
    }

    /// A home subscribed to nothing yet, its configuration keeping the player on loopback.
    pub fn bare(sink: Option<&PulseSink>, extra: &[(String, String)]) -> Home {
        let dir = tempfile::tempdir().expect("tempdir");
        let server = TestServer::start();
        let home = dir.path().join("home");
        write_loopback_config(&home, &server);
        let mut env = sink.map(PulseSink::env).unwrap_or_default();
        env.push(("HOME".into(), home.display().to_string()));
        env.extend(home_env(&home));
        env.extend_from_slice(extra);
        Home { dir, env, server }
    }

    /// The configuration file.
    pub fn config(&self) -> PathBuf {
        self.dir.path().join("home/config/netstack-tui/config.toml")
    }

    /// Puts top-level `settings` first in the configuration.
    pub fn configure(&self, settings: &str) {
        let written = std::fs::read_to_string(self.config()).expect("config");
        std::fs::write(self.config(), format!("{settings}\n{written}")).expect("config");
    }

    /// Serves `feed` at `/feed.xml` and subscribes to it.
    pub fn subscribe(&self, feed: String) {
        self.server.route(
            "/feed.xml",
            Resource::bytes(feed).mime("application/rss+xml"),
        );
        self.add(&self.server.url("/feed.xml"));
    }

    /// Subscribes to the feed at `url`.
    pub fn add(&self, url: &str) {
        let added = self.run(&["add", url]);
        assert!(added.status.success(), "add: {}", stderr(&added));
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(BINARY)
            .args(args)
            .envs(self.env.clone())
            .output()
            .expect("the binary runs")
    }

    pub fn ctl(&self, args: &[&str]) -> Output {
        let mut all = vec!["ctl"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    pub fn socket(&self) -> PathBuf {
        self.dir.path().join("home/run/netstack-tui/control.sock")
    }

    /// The player in a tmux pane, its control socket answering.
    pub fn player(&self, name: &str) -> Tmux {
        self.player_showing(name, "", "Tones")
    }

    /// The player started with `args` (shell words) in a tmux pane, once the pane shows `shown`
    /// and its control socket answers.
    pub fn player_showing(&self, name: &str, args: &str, shown: &str) -> Tmux {
        let tmux = Tmux::shell(name, &self.env);
        tmux.keys(&[&format!("'{BINARY}' {args}"), "Enter"]);
        tmux.wait_for(shown, Duration::from_secs(10));
        self.wait_until("the control socket answers", || {
            self.ctl(&["status"]).status.success()
        });
        tmux
    }

    pub fn status(&self) -> Value {
        let out = self.ctl(&["status", "--json"]);
        assert!(out.status.success(), "status: {}", stderr(&out));
        assert_eq!(out.stdout.iter().filter(|b| **b == b'\n').count(), 1);
        serde_json::from_slice(&out.stdout).expect("one JSON line")
    }

    pub fn wait_until(&self, what: &str, mut done: impl FnMut() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(start.elapsed() < Duration::from_secs(15), "never: {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
