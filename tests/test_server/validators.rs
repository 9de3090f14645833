//! The loopback server's validators.

#![allow(unused_imports)]

use super::*;

#[test]
fn if_none_match_gets_304() {
    let server = feed_server();
    for tags in ["\"v1\"", "\"v0\", \"v1\"", "W/\"v1\"", "*"] {
        let response = get(server.addr(), "/feed.xml", &[("If-None-Match", tags)]);
        assert_eq!(response.status, 304, "{tags}");
        assert!(response.body.is_empty());
        assert_eq!(response.header("ETag"), Some("\"v1\""));
    }
    assert_eq!(
        get(server.addr(), "/feed.xml", &[("If-None-Match", "\"v2\"")]).status,
        200
    );
    assert_eq!(server.bytes_sent("/feed.xml"), FEED.len() as u64);
}

#[test]
fn if_modified_since_gets_304_unless_modified_later() {
    let server = feed_server();
    let not_modified = [
        MODIFIED,
        "Thu, 22 Oct 2015 07:28:00 GMT",
        "Wednesday, 21-Oct-15 07:28:00 GMT",
        "Wed Oct 21 07:28:00 2015",
    ];
    for date in not_modified {
        assert_eq!(
            get(server.addr(), "/feed.xml", &[("If-Modified-Since", date)]).status,
            304,
            "{date}"
        );
    }
    for date in ["Wed, 21 Oct 2015 07:27:59 GMT", "not a date"] {
        assert_eq!(
            get(server.addr(), "/feed.xml", &[("If-Modified-Since", date)]).status,
            200,
            "{date}"
        );
    }
}

#[test]
fn if_none_match_takes_precedence_over_if_modified_since() {
    let server = feed_server();
    let headers = [("If-None-Match", "\"v0\""), ("If-Modified-Since", MODIFIED)];
    assert_eq!(get(server.addr(), "/feed.xml", &headers).status, 200);
}

#[test]
fn if_range_with_current_validator_gets_206_otherwise_200() {
    let server = episode_server(1000);
    let cases = [
        ("\"e1\"", 206),
        ("\"e0\"", 200),
        ("W/\"e1\"", 200),
        (MODIFIED, 206),
        ("Thu, 22 Oct 2015 07:28:00 GMT", 200),
    ];
    for (validator, status) in cases {
        let response = get(
            server.addr(),
            "/ep.mp3",
            &[("Range", "bytes=100-"), ("If-Range", validator)],
        );
        assert_eq!(response.status, status, "{validator}");
        let expected_len = if status == 206 { 900 } else { 1000 };
        assert_eq!(response.body.len(), expected_len);
    }
}

#[test]
fn replacing_a_route_changes_body_and_validators() {
    let server = feed_server();
    assert_eq!(
        get(server.addr(), "/feed.xml", &[("If-None-Match", "\"v1\"")]).status,
        304
    );
    server.route(
        "/feed.xml",
        Resource::bytes("<rss>new</rss>").etag("\"v2\""),
    );
    let response = get(server.addr(), "/feed.xml", &[("If-None-Match", "\"v1\"")]);
    assert_eq!(
        (response.status, response.body.as_slice()),
        (200, b"<rss>new</rss>".as_slice())
    );
    assert_eq!(response.header("ETag"), Some("\"v2\""));
    server.remove("/feed.xml");
    assert_eq!(get(server.addr(), "/feed.xml", &[]).status, 404);
}

#[test]
fn http_date_formats_imf_fixdate() {
    let at = |secs| http_date(UNIX_EPOCH + Duration::from_secs(secs));
    assert_eq!(at(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    assert_eq!(at(1_445_412_480), MODIFIED);
    assert_eq!(at(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
    assert_eq!(at(1_709_164_800), "Thu, 29 Feb 2024 00:00:00 GMT");
    assert_eq!(at(4_102_444_799), "Thu, 31 Dec 2099 23:59:59 GMT");
}
