//! Feeds of downloadable episodes, and looking at what landed on disk.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::env::Env;

/// One episode of a generated feed.
pub struct Item<'a> {
    pub guid: &'a str,
    pub title: &'a str,
    pub url: String,
}

/// An RSS feed titled `title` with `items`, newest first (one day apart).
pub fn feed(title: &str, items: &[Item]) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>{}</title>",
        escape(title)
    );
    for (i, item) in items.iter().enumerate() {
        xml.push_str(&format!(
            "<item><title>{}</title><guid>{}</guid><pubDate>Mon, {:02} Jun 2025 10:00:00 +0000</pubDate>\
             <enclosure url=\"{}\" type=\"audio/mpeg\"/></item>",
            escape(item.title),
            escape(item.guid),
            28 - i,
            escape(&item.url)
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Every file under `dir`, recursively, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

impl Env {
    pub fn download_dir(&self) -> PathBuf {
        self.dir.path().join("data/netstack-tui/downloads")
    }

    /// Subscribes to the feed served at `path`.
    pub fn subscribe(&self, path: &str) {
        let out = self.run(&["add", &self.server.url(path)]);
        assert!(
            out.status.success(),
            "add: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `downloads --json`.
    pub fn downloads(&self) -> Vec<serde_json::Value> {
        self.json(&["downloads", "--json"])
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The finished file of the download whose episode title or guid is `title`.
    pub fn downloaded(&self, title: &str) -> PathBuf {
        let entry = self
            .downloads()
            .into_iter()
            .find(|d| d["episode"] == title || d["guid"] == title)
            .unwrap_or_else(|| panic!("no download of {title}"));
        assert_eq!(entry["state"], "done", "{entry}");
        PathBuf::from(entry["path"].as_str().expect("a path"))
    }
}

impl Env {
    /// The binary with this environment, to spawn.
    pub fn command(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_netstack-tui"));
        command
            .args(args)
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"));
        command
    }

    /// The byte ranges the library records as cached for episode `guid`.
    pub fn cached_ranges(&self, guid: &str) -> Vec<(u64, u64)> {
        let sql = self.sql();
        let mut stmt = sql
            .prepare(
                "SELECT r.start_byte, r.end_byte FROM cache_ranges r
                 JOIN episodes e ON e.id = r.episode_id WHERE e.guid = ?1 ORDER BY r.start_byte",
            )
            .expect("query");
        stmt.query_map([guid], |r| {
            Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("ranges")
    }

    /// The library id of episode `guid`.
    pub fn episode_id(&self, guid: &str) -> i64 {
        self.sql()
            .query_row("SELECT id FROM episodes WHERE guid = ?1", [guid], |r| {
                r.get(0)
            })
            .expect("the episode is in the library")
    }
}
