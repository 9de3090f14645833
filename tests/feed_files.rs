//! `feed` on files: the netstack.fm listing, castero's broken feeds, hostile text, entity bombs.
//! Runs the real binary and checks its output and exit status.

mod support;

use std::path::Path;
use std::process::Output;

use support::cli::json;

fn feed(args: &[&str]) -> Output {
    support::cli::run(&[&["feed"], args].concat())
}

fn fixture(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
        .display()
        .to_string()
}

#[test]
fn netstack_listing_newest_first_with_show_note_chapters() {
    let doc = json(&feed(&[&fixture("netstack-fm.xml"), "--json"]));
    assert_eq!(doc["title"], "netstack.fm");
    assert_eq!(doc["author"], "Plabayo BV");
    let episodes = doc["episodes"].as_array().expect("episodes");
    let numbers: Vec<u64> = episodes
        .iter()
        .map(|e| e["episode"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(numbers, [22, 21, 19, 17, 16, 15]);
    let first = &episodes[0];
    assert_eq!(first["title"], "Rust URL with Simon Sapin");
    assert_eq!(first["published"], "2026-01-13T06:00:00Z");
    assert_eq!(first["duration_s"], 4560.0);
    let media = first["enclosure"]["url"].as_str().expect("media url");
    assert!(
        media.starts_with("file:///") && media.ends_with("/tests/fixtures/episode-22.mp3"),
        "{media}"
    );
    let chapters = first["chapters"].as_array().expect("chapters");
    assert_eq!(chapters.len(), 15);
    assert_eq!(chapters[13]["title"], "Final words");
    assert_eq!(chapters[14]["title"], "Outro");
    assert_eq!(chapters[14]["start_s"], 4447.0);
    assert_eq!(chapters[14]["source"], "notes");
    for key in [
        "guid",
        "description",
        "link",
        "image",
        "season",
        "chapters_url",
        "transcripts",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn human_table_lists_every_episode() {
    let out = feed(&[&fixture("netstack-fm.xml")]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("netstack.fm\n"), "{text}");
    assert!(text.contains("6 episodes (6 with media)"));
    assert!(text.contains("2026-01-13"));
    assert!(text.contains("1:16:00"));
    assert!(text.contains("Pingora with Edward and Noah from Cloudflare"));
}

#[test]
fn castero_broken_feeds_never_panic_readable_ones_parse() {
    let readable = [
        ("broken_channel_children.xml", 3),
        ("broken_extra_description.xml", 3),
        ("broken_extra_link.xml", 3),
        ("broken_has_channel.xml", 3),
        ("broken_is_v2.xml", 3),
        ("broken_item_title.xml", 3),
        ("broken_no_version.xml", 3),
        ("broken_channel_empty.xml", 0),
        ("valid_basic.xml", 3),
        ("valid_complete.xml", 3),
        ("valid_mixed_enclosures.xml", 3),
        ("valid_two_channels.xml", 3),
    ];
    for (name, items) in readable {
        let doc = json(&feed(&[
            &fixture(&format!("castero/feeds/{name}")),
            "--json",
        ]));
        let episodes = doc["episodes"].as_array().expect("episodes");
        assert_eq!(episodes.len(), items, "{name}");
    }
    let extra = json(&feed(&[
        &fixture("castero/feeds/broken_extra_link.xml"),
        "--json",
    ]));
    assert_eq!(
        extra["link"], "myfeed link",
        "the first of a repeated element wins"
    );
    for (name, why) in [
        ("broken_is_rss.xml", "<faketag>"),
        ("broken_no_channel.xml", "no <channel>"),
        ("broken_rss_empty.xml", "no <channel>"),
    ] {
        let out = feed(&[&fixture(&format!("castero/feeds/{name}")), "--json"]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(out.stdout.is_empty(), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{name}: one line: {err}");
        assert!(
            err.contains(why) && err.contains("not a podcast feed"),
            "{name}: {err}"
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}

#[test]
fn hostile_text_is_inert_in_human_output_and_whole_in_json() {
    let out = feed(&[&fixture("hostile/hostile.xml")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for bad in [
        '\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{2066}', '\u{2028}', '\u{200b}',
    ] {
        assert!(
            !text.contains(bad),
            "{bad:?} reached the terminal: {text:?}"
        );
    }
    assert!(text.contains("❤️😊"), "{text}");
    assert!(text.contains('爱'));
    for line in text.lines() {
        assert!(
            line.chars().count() <= 120,
            "line of {} characters",
            line.chars().count()
        );
    }
    let doc = json(&feed(&[&fixture("hostile/hostile.xml"), "--json"]));
    let title = doc["episodes"][0]["title"].as_str().expect("title");
    assert!(title.contains('\u{1b}'), "JSON keeps the text as published");
    assert!(title.contains("❤️😊 爱"));
    let notes = doc["episodes"][0]["description"].as_str().expect("notes");
    assert!(notes.contains("👨\u{200d}👩\u{200d}👧"));
}

#[test]
fn entity_bombs_expand_nothing() {
    let out = feed(&[&fixture("hostile/billion-laughs.xml"), "--json"]);
    let doc = json(&out);
    assert!(
        out.stdout.len() < 2000,
        "output of {} bytes",
        out.stdout.len()
    );
    assert_eq!(doc["episodes"].as_array().map(Vec::len), Some(1));
    assert!(!doc["title"].as_str().unwrap_or_default().contains("lollol"));
}

#[test]
fn a_title_that_matches_nothing_is_a_usage_error() {
    let out = feed(&["no such podcast anywhere"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no podcast matches"), "{err}");
}

#[test]
fn not_xml_at_all_is_a_clear_failure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("page.html");
    std::fs::write(&path, "<!doctype html><html><body>hello</body></html>").expect("write");
    let out = feed(&[&path.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not a podcast feed") && err.contains("<html>"),
        "{err}"
    );
}
