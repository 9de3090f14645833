//! A full disk: a clear error, the library and finished downloads intact.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Item, feed, sha256};
use crate::env::Env;
use crate::support::server::{Resource, pattern_bytes};

/// A 2 MB tmpfs, unmounted on drop.
struct SmallDisk(PathBuf);

impl SmallDisk {
    /// Mounts it, or `None` where this machine does not let the test mount file systems (not
    /// root, or a container without the capability): a really full disk cannot be made there.
    fn mount(at: &Path) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).expect("mount point");
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
            .arg(at)
            .output()
            .expect("mount runs");
        if !out.status.success() {
            eprintln!(
                "NOT TESTED: no full disk here (mount: {})",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            return None;
        }
        Some(SmallDisk(at.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_fails_the_download_clearly_and_keeps_the_rest() {
    let env = Env::bare();
    let Some(disk) = SmallDisk::mount(&env.dir.path().join("small")) else {
        return;
    };
    let config = env.dir.path().join("config/netstack-tui/config.toml");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text = format!("download_dir = \"{}\"\n{text}", disk.0.display());
    std::fs::write(&config, text).expect("config written");

    env.server.route(
        "/m/small.mp3",
        Resource::pattern(300_000).mime("audio/mpeg"),
    );
    env.server.route(
        "/m/big.mp3",
        Resource::pattern(4_000_000).mime("audio/mpeg"),
    );
    let items = [
        Item {
            guid: "big",
            title: "Big",
            url: env.server.url("/m/big.mp3"),
        },
        Item {
            guid: "small",
            title: "Small",
            url: env.server.url("/m/small.mp3"),
        },
    ];
    env.server.route(
        "/feed.xml",
        Resource::bytes(feed("Disk", &items)).mime("application/rss+xml"),
    );
    env.subscribe("/feed.xml");

    let out = env.run(&["download", "Disk", "small"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = env.run(&["download", "Disk", "big"]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("No space left on device"), "{said}");

    let small = env.downloaded("small");
    assert!(small.starts_with(&disk.0));
    let bytes = std::fs::read(&small).expect("the small download");
    assert_eq!(sha256(&bytes), sha256(&pattern_bytes(0, 300_000)));
    let big = env
        .downloads()
        .into_iter()
        .find(|d| d["guid"] == "big")
        .expect("the big one is listed");
    assert_eq!(big["state"], "failed");
    assert!(
        big["error"]
            .as_str()
            .unwrap_or("")
            .contains("No space left on device"),
        "{big}"
    );
    // The library still works.
    let feed = env.json(&["feed", "Disk", "--json"]);
    assert!(feed.to_string().contains("Small"));
}
