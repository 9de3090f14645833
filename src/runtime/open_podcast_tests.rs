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

/// Answers each connection on `listener` with the next of `answers` (whole HTTP responses).
fn serve(listener: std::net::TcpListener, answers: Vec<String>) -> std::thread::JoinHandle<()> {
    use std::io::{BufRead, BufReader, Write};
    std::thread::spawn(move || {
        for answer in answers {
            let (stream, _) = listener.accept().expect("a connection");
            let mut reader = BufReader::new(stream.try_clone().expect("the stream"));
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let mut stream = stream;
            stream.write_all(answer.as_bytes()).expect("the answer");
        }
    })
}

#[tokio::test]
async fn a_feed_behind_a_temporary_redirect_keeps_its_own_address() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("its address"));
    let feed = "<rss><channel><title>T</title><item><guid>g</guid><title>E</title></item>\
                </channel></rss>";
    let server = serve(
        listener,
        vec![
            format!(
                "HTTP/1.1 302 Found\r\nLocation: {base}/real.xml\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            ),
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{feed}",
                feed.len()
            ),
        ],
    );
    let (events, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let client = crate::net::client().expect("a client");
    let asked = format!("{base}/track/feed.xml");
    let (address, outcome) = fetch(&client, &asked, &events).await;
    server.join().expect("the server");
    assert_eq!(address, asked, "a temporary hop does not move the feed");
    assert_eq!(outcome.expect("the feed parses").title, "T");
    assert!(matches!(
        rx.try_recv(),
        Ok(Event::Input(Input::Connectivity { online: true }))
    ));
}
