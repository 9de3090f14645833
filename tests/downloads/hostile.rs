//! Titles and URLs that try to escape the download folder, break the file system's limits or
//! the terminal: every file lands inside the download dir under a safe name.

use crate::common::{Item, feed, files_under, sha256};
use crate::env::Env;
use crate::support::server::{Resource, pattern_bytes};

#[test]
fn hostile_titles_and_urls_stay_inside_the_download_dir() {
    let env = Env::bare();
    let cjk = "網絡協議".repeat(25); // 100 characters, 300 bytes
    let titles = [
        "../../etc/x.mp3".to_owned(),
        "/etc/passwd".to_owned(),
        cjk.clone(),
        "\u{1b}[2J\u{1b}]0;owned\u{7}bell\ttab\r\nnew\u{202e}line".to_owned(),
        "..".to_owned(),
    ];
    let paths = [
        "/m/..%2F..%2Fetc%2Fx.mp3",
        "/m/a.mp3",
        "/m/b.mp3",
        "/m/c.mp3",
        "/m/d",
    ];
    let mut items = Vec::new();
    for (i, (title, path)) in titles.iter().zip(paths).enumerate() {
        env.server.route(
            path,
            Resource::pattern(50_000 + i as u64).mime("audio/mpeg"),
        );
        items.push(Item {
            guid: path,
            title,
            url: env.server.url(path),
        });
    }
    env.server.route(
        "/feed.xml",
        Resource::bytes(feed("../../../tmp/\u{1b}[31mevil", &items)).mime("application/rss+xml"),
    );
    env.subscribe("/feed.xml");
    let outside_before = files_outside(&env);

    let out = env.run(&["download", "evil", "--new", "5"]);
    assert!(
        out.status.success(),
        "download: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains('\u{1b}'),
        "escape sequences reached the terminal"
    );
    assert_eq!(files_outside(&env), outside_before, "written outside");

    let files = files_under(&env.download_dir());
    assert_eq!(files.len(), titles.len(), "{files:?}");
    for file in &files {
        let relative = file.strip_prefix(env.download_dir()).expect("inside");
        assert_eq!(relative.components().count(), 2, "{relative:?}");
        for part in relative.components() {
            let name = part.as_os_str().to_str().expect("UTF-8");
            assert!(name.len() + ".part".len() <= 255, "{} bytes", name.len());
            assert!(!name.starts_with('.'), "{name:?}");
            assert!(!name.chars().any(char::is_control), "{name:?}");
        }
    }
    let cjk_file = env.downloaded(paths[2]);
    let name = cjk_file.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(name.contains("網絡協議"), "{name}");
    for (i, guid) in paths.iter().enumerate() {
        let bytes = std::fs::read(env.downloaded(guid)).expect("downloaded");
        assert_eq!(sha256(&bytes), sha256(&pattern_bytes(0, 50_000 + i as u64)));
    }
}

/// Every file in the test's directory outside the download dir, except the library's own.
fn files_outside(env: &Env) -> Vec<std::path::PathBuf> {
    files_under(env.dir.path())
        .into_iter()
        .filter(|f| !f.starts_with(env.download_dir()))
        .filter(|f| {
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.starts_with("library.sqlite3") && !name.ends_with(".log") && name != "player.lock"
        })
        .collect()
}
