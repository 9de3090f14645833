//! Tests of `apple`.

use super::*;
use serde_json::json;

#[test]
fn found_reads_fields_leniently() {
    let result = json!({
        "collectionName": " netstack.fm ",
        "artistName": "Plabayo",
        "feedUrl": "https://feeds.example/netstack.xml",
        "trackCount": "many",
        "primaryGenreName": "Technology",
        "somethingNew": [1, 2, 3]
    });
    assert_eq!(
        found(&result),
        Some(Found {
            title: "netstack.fm".into(),
            author: Some("Plabayo".into()),
            feed_url: "https://feeds.example/netstack.xml".into(),
            episodes: None,
            genre: Some("Technology".into()),
        })
    );
}

#[test]
fn found_needs_an_http_feed_url() {
    assert_eq!(found(&json!({"collectionName": "x"})), None);
    assert_eq!(found(&json!({"feedUrl": "javascript:alert(1)"})), None);
    assert_eq!(found(&json!({"feedUrl": "/relative.xml"})), None);
    let untitled = found(&json!({"feedUrl": "http://a.example/f", "trackCount": 7}));
    assert_eq!(
        untitled.map(|f| (f.title, f.episodes)),
        Some(("http://a.example/f".into(), Some(7)))
    );
}

#[test]
fn endpoint_keeps_its_own_query_and_encodes_terms() {
    let url = endpoint_url(
        "https://itunes.example/search?country=be",
        &[("term", "rust & tokio/net")],
    )
    .map(String::from);
    assert_eq!(
        url.ok().as_deref(),
        Some("https://itunes.example/search?country=be&term=rust+%26+tokio%2Fnet")
    );
}
