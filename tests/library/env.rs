//! A private environment per test: XDG directories in a temp dir, a config pointing the lookup
//! endpoints at the loopback server, and helpers to run the binary and look into the database.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::server::{Resource, TestServer};

pub const NETSTACK: &str = include_str!("../fixtures/netstack-fm.xml");

pub struct Env {
    pub dir: tempfile::TempDir,
    pub server: TestServer,
}

impl Env {
    /// A fresh environment whose Apple lookup answers with the netstack.fm fixture feed.
    pub fn new() -> Env {
        let env = Env::bare();
        let feed_url = env.server.url("/netstack/feed.xml");
        env.server.route(
            "/lookup",
            Resource::bytes(format!(
                r#"{{"resultCount":1,"results":[{{"feedUrl":"{feed_url}"}}]}}"#
            ))
            .mime("application/json"),
        );
        env.server.route(
            "/netstack/feed.xml",
            Resource::bytes(NETSTACK)
                .mime("application/rss+xml")
                .etag("\"n1\""),
        );
        env
    }

    /// An environment with the endpoints configured but nothing served.
    pub fn bare() -> Env {
        let dir = tempfile::tempdir().expect("tempdir");
        let server = TestServer::start();
        let config = dir.path().join("config/netstack-tui");
        std::fs::create_dir_all(&config).expect("config dir");
        std::fs::write(
            config.join("config.toml"),
            format!(
                "[endpoints]\napple_lookup = \"{}\"\napple_search = \"{}\"\nnetstack_site = \"{}\"\n",
                server.url("/lookup"),
                server.url("/search"),
                server.url("/site")
            ),
        )
        .expect("config");
        Env { dir, server }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_netstack-tui"))
            .args(args)
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .output()
            .expect("the binary runs")
    }

    /// Runs and expects success (a failure shows the arguments and what the command said).
    pub fn succeed(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Runs and expects success, returning stdout as JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_slice(&self.succeed(args).stdout).expect("one JSON document")
    }

    pub fn database(&self) -> PathBuf {
        self.dir.path().join("data/netstack-tui/library.sqlite3")
    }

    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.database()).expect("the library opens")
    }

    /// Counts every write to the episodes table from now on (a trigger in the file itself, so
    /// writes by the binary are counted).
    pub fn count_episode_writes(&self) {
        self.sql()
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS test_writes(n INTEGER);
                 DELETE FROM test_writes; INSERT INTO test_writes VALUES (0);
                 CREATE TRIGGER IF NOT EXISTS t_ins AFTER INSERT ON episodes BEGIN UPDATE test_writes SET n = n + 1; END;
                 CREATE TRIGGER IF NOT EXISTS t_upd AFTER UPDATE ON episodes BEGIN UPDATE test_writes SET n = n + 1; END;
                 CREATE TRIGGER IF NOT EXISTS t_del AFTER DELETE ON episodes BEGIN UPDATE test_writes SET n = n + 1; END;",
            )
            .expect("triggers");
    }

    pub fn episode_writes(&self) -> i64 {
        self.sql()
            .query_row("SELECT n FROM test_writes", [], |r| r.get(0))
            .expect("counter")
    }
}

/// The `refresh --json` entry for the feed whose title is `title`.
pub fn report<'a>(reports: &'a Value, title: &str) -> &'a Value {
    reports
        .as_array()
        .and_then(|a| a.iter().find(|r| r["title"] == title))
        .unwrap_or_else(|| panic!("no report for {title}: {reports}"))
}
