//! A listener's home for end-to-end tests of the running player: the tone episode
//! ([`super::tone_mp3`], chapters Low, Middle, High) subscribed from a loopback server, the
//! environment that isolates it, and the player started in tmux with its control socket up.

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

pub fn feed(server: &TestServer) -> String {
    format!(
        "<rss version=\"2.0\" xmlns:psc=\"http://podlove.org/simple-chapters\" \
         xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel>\
         <title>Tones</title><item><title>Three tones</title><guid>tones</guid>\
         <itunes:duration>00:00:12</itunes:duration>\
         <enclosure url=\"{}\" type=\"audio/mpeg\"/>\
         <psc:chapters version=\"1.2\">\
         <psc:chapter start=\"00:00:00\" title=\"Low\"/>\
         <psc:chapter start=\"00:00:04\" title=\"Middle\"/>\
         <psc:chapter start=\"00:00:08\" title=\"High\"/>\
         </psc:chapters></item></channel></rss>",
        server.url("/ep.mp3")
    )
}

/// A home with the tone feed subscribed, and the environment that uses it.
pub struct Home {
    pub dir: tempfile::TempDir,
    pub env: Vec<(String, String)>,
    pub server: TestServer,
}

impl Home {
    /// A home on its own loopback server, playing into `sink` when given, with `extra`
    /// environment (a session bus).
    pub fn new(sink: Option<&PulseSink>, extra: &[(String, String)]) -> Home {
        let dir = tempfile::tempdir().expect("tempdir");
        let server = TestServer::start();
        serve_chapter_mp3(&server, dir.path());
        server.route(
            "/feed.xml",
            Resource::bytes(feed(&server)).mime("application/rss+xml"),
        );
        let home = dir.path().join("home");
        write_loopback_config(&home, &server);
        let mut env = sink.map(PulseSink::env).unwrap_or_default();
        env.push(("HOME".into(), home.display().to_string()));
        env.extend(home_env(&home));
        env.extend_from_slice(extra);
        let home = Home { dir, env, server };
        let added = home.run(&["add", &home.server.url("/feed.xml")]);
        assert!(added.status.success(), "add: {}", stderr(&added));
        home
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
        let tmux = Tmux::shell(name, &self.env);
        tmux.keys(&[&format!("'{BINARY}'"), "Enter"]);
        tmux.wait_for("Tones", Duration::from_secs(10));
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
