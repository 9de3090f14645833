//! Tests of `open_podcast`.

use super::*;

fn subscription(id: i64, title: &str, url: &str) -> PodcastSummary {
    PodcastSummary {
        id,
        title: title.into(),
        feed_url: Some(url.into()),
        lookup_key: None,
        last_checked: None,
        last_error: None,
        episodes: 0,
        unplayed: 0,
    }
}

#[test]
fn urls_files_and_titles() {
    let subs = [
        subscription(1, "netstack.fm", "https://netstack.fm/rss"),
        subscription(2, "Tones", "http://127.0.0.1:1/feed.xml"),
    ];
    assert_eq!(resolve("tones", &subs), Ok(Opening::Subscribed(2)));
    assert_eq!(
        resolve("https://netstack.fm/rss", &subs),
        Ok(Opening::Subscribed(1))
    );
    assert_eq!(
        resolve("https://example.com/feed", &subs),
        Ok(Opening::Feed {
            url: "https://example.com/feed".into(),
            file: None
        })
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.xml");
    std::fs::write(&file, "<rss/>").unwrap();
    let Ok(Opening::Feed {
        url,
        file: Some(path),
    }) = resolve(&file.display().to_string(), &subs)
    else {
        panic!("a file is shown");
    };
    assert!(
        url.starts_with("file:///") && url.ends_with("/feed.xml"),
        "{url}"
    );
    assert!(path.is_absolute());
    let nothing = resolve("no such podcast", &subs).unwrap_err();
    assert!(nothing.contains("no such podcast"), "{nothing}");
}
