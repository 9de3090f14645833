//! The loopback server's ranges.

#![allow(unused_imports)]

use super::*;

#[test]
fn closed_range_gets_206_with_exact_length() {
    let server = episode_server(1000);
    let response = range_get(&server, "bytes=10-19");
    assert_eq!(response.status, 206);
    assert_eq!(response.header("Content-Range"), Some("bytes 10-19/1000"));
    assert_eq!(response.content_length(), Some(10));
    assert_eq!(response.body, pattern_bytes(10, 20));
    assert_eq!(server.bytes_sent("/ep.mp3"), 10);
}

#[test]
fn open_range_runs_to_the_end() {
    let server = episode_server(1000);
    let response = range_get(&server, "bytes=990-");
    assert_eq!(response.status, 206);
    assert_eq!(response.header("Content-Range"), Some("bytes 990-999/1000"));
    assert_eq!(response.body, pattern_bytes(990, 1000));
}

#[test]
fn suffix_range_serves_the_final_bytes() {
    let server = episode_server(1000);
    let response = range_get(&server, "bytes=-5");
    assert_eq!(response.header("Content-Range"), Some("bytes 995-999/1000"));
    assert_eq!(response.body, pattern_bytes(995, 1000));
    let longer_than_body = range_get(&server, "bytes=-5000");
    assert_eq!(longer_than_body.status, 206);
    assert_eq!(
        longer_than_body.header("Content-Range"),
        Some("bytes 0-999/1000")
    );
}

#[test]
fn range_past_the_end_is_clamped() {
    let server = episode_server(1000);
    let response = range_get(&server, "bytes=900-5000");
    assert_eq!(response.header("Content-Range"), Some("bytes 900-999/1000"));
    assert_eq!(response.body, pattern_bytes(900, 1000));
}

#[test]
fn unsatisfiable_range_gets_416_and_keeps_the_connection() {
    let server = episode_server(1000);
    let mut connection = RawConnection::open(server.addr());
    for range in ["bytes=1000-", "bytes=2000-3000", "bytes=-0"] {
        let response = connection.get("/ep.mp3", &[("Range", range)]);
        assert_eq!(response.status, 416, "{range}");
        assert_eq!(response.header("Content-Range"), Some("bytes */1000"));
        assert!(response.body.is_empty());
    }
    assert_eq!(connection.get("/ep.mp3", &[]).status, 200);
}

#[test]
fn multiple_or_invalid_ranges_get_the_full_body() {
    let server = episode_server(1000);
    for range in [
        "bytes=0-1,5-6",
        "bytes=abc",
        "items=0-1",
        "bytes=5-2",
        "bytes=-",
    ] {
        let response = range_get(&server, range);
        assert_eq!(response.status, 200, "{range}");
        assert_eq!(response.body.len(), 1000);
        assert_eq!(response.header("Content-Range"), None);
    }
}

#[test]
fn head_ignores_range() {
    let server = episode_server(1000);
    let mut connection = RawConnection::open(server.addr());
    let response = connection.request("HEAD", "/ep.mp3", &[("Range", "bytes=0-9")]);
    assert_eq!(
        (response.status, response.content_length()),
        (200, Some(1000))
    );
}

#[test]
fn resource_without_range_support_ignores_range() {
    let server = TestServer::start();
    server.route("/plain.mp3", Resource::pattern(100).no_ranges());
    let response = get(server.addr(), "/plain.mp3", &[("Range", "bytes=0-9")]);
    assert_eq!(response.status, 200);
    assert_eq!(response.header("Accept-Ranges"), None);
    assert_eq!(response.body.len(), 100);
}

#[test]
fn file_body_is_read_from_disk_at_request_time() {
    let path = std::env::temp_dir().join(format!("netstack-selftest-{}.bin", std::process::id()));
    std::fs::write(&path, pattern_bytes(0, 300_000)).unwrap();
    let server = TestServer::start();
    server.route("/file.mp3", Resource::file(&path).mime("audio/mpeg"));
    let part = get(
        server.addr(),
        "/file.mp3",
        &[("Range", "bytes=100000-100099")],
    );
    assert_eq!(part.body, pattern_bytes(100_000, 100_100));
    assert_eq!(
        get(server.addr(), "/file.mp3", &[]).body,
        pattern_bytes(0, 300_000)
    );

    std::fs::write(&path, b"shorter").unwrap();
    assert_eq!(get(server.addr(), "/file.mp3", &[]).body, b"shorter");
    std::fs::remove_file(&path).unwrap();
    assert_eq!(get(server.addr(), "/file.mp3", &[]).status, 500);
}

#[test]
fn generated_body_can_be_larger_than_memory() {
    let len = 3 << 30;
    let server = TestServer::start();
    server.route(
        "/huge.bin",
        Resource::generated(len, |offset| (offset >> 20) as u8),
    );
    let mut connection = RawConnection::open(server.addr());
    let head = connection.request("HEAD", "/huge.bin", &[]);
    assert_eq!(head.content_length(), Some(len));
    let tail = connection.get("/huge.bin", &[("Range", "bytes=-3")]);
    assert_eq!(
        tail.header("Content-Range"),
        Some("bytes 3221225469-3221225471/3221225472")
    );
    assert_eq!(tail.body, [0xff; 3]);
}
