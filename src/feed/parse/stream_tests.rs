//! Parsing while the body arrives gives what parsing the whole document gives, however the
//! body is cut into pieces; pages and junk come back whole.

use bytes::Bytes;

use super::stream::FeedStream;
use super::{Purpose, parse_feed_for};
use crate::feed::error::FeedError;

const BASE: &str = "https://example.com/feed.xml";

/// Streams `document` in pieces of `size` bytes, parsed for the library.
async fn streamed(document: &[u8], size: usize) -> Result<crate::model::Podcast, super::Rejected> {
    streamed_for(document, size, Purpose::Store).await
}

async fn streamed_for(
    document: &[u8],
    size: usize,
    purpose: Purpose,
) -> Result<crate::model::Podcast, super::Rejected> {
    let mut parser = FeedStream::start(BASE.into(), purpose);
    for piece in document.chunks(size.max(1)) {
        if !parser.push(Bytes::copy_from_slice(piece)).await {
            break;
        }
    }
    parser.finish().await
}

fn whole(document: &[u8]) -> Result<crate::model::Podcast, FeedError> {
    parse_feed_for(document, Some(BASE), Purpose::Store)
}

async fn same_in_any_pieces(document: &[u8]) {
    let expected = whole(document).expect("the whole document parses");
    for size in [1, 2, 3, 7, 64, 1000, document.len()] {
        let got = streamed(document, size)
            .await
            .expect("the streamed document parses");
        assert_eq!(got, expected, "in pieces of {size}");
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[tokio::test]
async fn a_real_feed_in_any_pieces() {
    same_in_any_pieces(&fixture("netstack-fm.xml")).await;
}

#[tokio::test]
async fn characters_split_between_pieces_and_a_byte_order_mark() {
    let doc = "\u{FEFF}<?xml version=\"1.0\"?><rss><channel><title>Ça — 🎙️ 日本</title>\
               <item><title>Épisode 1 “ok”</title><guid>1</guid>\
               <description><![CDATA[<p>00:00 Début</p><p>01:00 Fin 🎧</p>]]></description>\
               </item></channel></rss>";
    same_in_any_pieces(doc.as_bytes()).await;
    let podcast = streamed(doc.as_bytes(), 1).await.unwrap();
    assert_eq!(podcast.title, "Ça — 🎙️ 日本");
    // For the library the notes are kept as written (their chapters are read from them later).
    assert_eq!(
        podcast.episodes[0].notes_html,
        "<p>00:00 Début</p><p>01:00 Fin 🎧</p>"
    );
    assert!(podcast.episodes[0].chapters.is_empty());
    let shown = streamed_for(doc.as_bytes(), 1, Purpose::Show)
        .await
        .unwrap();
    assert_eq!(shown.episodes[0].chapters.len(), 2);
}

#[tokio::test]
async fn a_declared_legacy_encoding_and_broken_bytes() {
    let mut doc =
        b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>\xe9t\xe9</title>\
                    <item><title>caf\xe9</title><guid>1</guid></item></channel></rss>"
            .to_vec();
    same_in_any_pieces(&doc).await;
    assert_eq!(streamed(&doc, 5).await.unwrap().title, "été");
    // Bytes that are not UTF-8 in a UTF-8 document read as U+FFFD, not as an error.
    doc = b"<rss><channel><title>a\xffb</title><item><title>x\xc3</title><guid>1</guid></item></channel></rss>"
        .to_vec();
    same_in_any_pieces(&doc).await;
    assert_eq!(streamed(&doc, 3).await.unwrap().title, "a\u{FFFD}b");
}

#[tokio::test]
async fn utf16_and_json_feeds_are_read_whole() {
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "<rss><channel><title>wide</title><item><guid>1</guid><title>t</title></item></channel></rss>"
        .encode_utf16()
    {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    same_in_any_pieces(&utf16).await;
    let json = br#"  {"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","content_html":"<p>hi</p>"}]}"#;
    same_in_any_pieces(json).await;
}

#[tokio::test]
async fn a_document_that_breaks_off_keeps_the_items_before() {
    let doc = b"<rss><channel><title>T</title><item><guid>1</guid><title>one</title></item>\
                <item><guid>2</guid><title>two</title></item><item><guid>3</guid><ti";
    same_in_any_pieces(doc).await;
    assert_eq!(streamed(doc, 4).await.unwrap().episodes.len(), 3);
}

#[tokio::test]
async fn a_web_page_comes_back_whole_and_a_feed_does_not() {
    let page = b"<!DOCTYPE html><html><head><link rel=\"alternate\" type=\"application/rss+xml\" \
                 href=\"/feed.xml\"></head><body><p>hello</body></html>";
    for size in [1, 9, page.len()] {
        let rejected = streamed(page, size).await.unwrap_err();
        assert!(
            matches!(rejected.error, FeedError::NotAFeed(_)),
            "{:?}",
            rejected.error
        );
        assert_eq!(rejected.document, page);
    }
    let junk = b"\x00\x01 not xml at all <<<";
    let rejected = streamed(junk, 2).await.unwrap_err();
    assert_eq!(rejected.document, junk);
    assert_eq!(
        rejected.error.to_string(),
        whole(junk).unwrap_err().to_string()
    );
    let empty = streamed(b"   \n", 1).await.unwrap_err();
    assert!(matches!(empty.error, FeedError::NotAFeed(_)));
    // A feed with no channel is not a feed, but it was one from its start: not kept.
    let rejected = streamed(b"<rss version=\"2.0\"></rss>", 3)
        .await
        .unwrap_err();
    assert!(rejected.document.is_empty());
}

#[tokio::test]
async fn a_parser_dropped_before_the_end_stops() {
    let mut parser = FeedStream::start(BASE.into(), Purpose::Store);
    assert!(
        parser
            .push(Bytes::from_static(b"<rss><channel><item>"))
            .await
    );
    drop(parser);
    // Nothing to assert but that this returns: the parser thread ends on its own.
}
