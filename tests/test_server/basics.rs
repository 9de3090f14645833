//! The loopback server's basics.

#![allow(unused_imports)]

use super::*;

#[test]
fn get_serves_body_with_describing_headers() {
    let server = feed_server();
    let response = get(server.addr(), "/feed.xml", &[]);
    assert_eq!(response.status, 200);
    assert_eq!(response.body, FEED.as_bytes());
    assert_eq!(response.header("content-type"), Some("application/rss+xml"));
    assert_eq!(response.content_length(), Some(FEED.len() as u64));
    assert_eq!(response.header("Accept-Ranges"), Some("bytes"));
    assert_eq!(response.header("ETag"), Some("\"v1\""));
    assert_eq!(response.header("Last-Modified"), Some(MODIFIED));
    assert!(response.header("Date").is_some_and(|d| d.ends_with(" GMT")));
    assert_eq!(
        server.url("/feed.xml"),
        format!("http://127.0.0.1:{}/feed.xml", server.addr().port())
    );
}

#[test]
fn unknown_path_is_404() {
    let server = feed_server();
    let response = get(server.addr(), "/missing.xml", &[]);
    assert_eq!(response.status, 404);
    assert_eq!(server.requests_to("/missing.xml")[0].status, 404);
}

#[test]
fn head_sends_headers_but_no_body() {
    let server = feed_server();
    let mut connection = RawConnection::open(server.addr());
    let head = connection.request("HEAD", "/feed.xml", &[]);
    assert_eq!(head.status, 200);
    assert_eq!(head.content_length(), Some(FEED.len() as u64));
    // Had HEAD sent a body, this response would be parsed out of it.
    let body = connection.get("/feed.xml", &[]);
    assert_eq!(body.body, FEED.as_bytes());
    let log = server.requests();
    assert_eq!((log[0].method.as_str(), log[0].body_bytes), ("HEAD", 0));
    assert_eq!(log[1].body_bytes, FEED.len() as u64);
}

#[test]
fn other_methods_get_405_and_their_body_is_skipped() {
    let server = feed_server();
    let mut connection = RawConnection::open(server.addr());
    connection.send_raw(b"POST /feed.xml HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
    let response = connection.read_response(false).unwrap();
    assert_eq!(response.status, 405);
    assert_eq!(response.header("Allow"), Some("GET, HEAD"));
    assert_eq!(connection.get("/feed.xml", &[]).status, 200);
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let server = feed_server();
    let mut connection = RawConnection::open(server.addr());
    for _ in 0..3 {
        let response = connection.get("/feed.xml", &[]);
        assert_eq!(response.body, FEED.as_bytes());
        assert_eq!(response.header("Connection"), None);
    }
    assert_eq!(server.request_count("/feed.xml"), 3);
    assert_eq!(server.connection_count(), 1);
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.connection == server.requests()[0].connection)
    );
}

#[test]
fn connection_close_is_honoured() {
    let server = feed_server();
    let mut connection = RawConnection::open(server.addr());
    let response = connection.get("/feed.xml", &[("Connection", "close")]);
    assert_eq!(response.header("Connection"), Some("close"));
    assert!(connection.is_closed());
}

#[test]
fn http10_closes_unless_keep_alive_is_asked_for() {
    let server = feed_server();
    let mut connection = RawConnection::open(server.addr());
    connection.send_raw(b"GET /feed.xml HTTP/1.0\r\n\r\n");
    assert_eq!(connection.read_response(false).unwrap().status, 200);
    assert!(connection.is_closed());

    let mut connection = RawConnection::open(server.addr());
    connection.send_raw(b"GET /feed.xml HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    let kept = connection.read_response(false).unwrap();
    assert_eq!(kept.header("Connection"), Some("keep-alive"));
    assert_eq!(connection.get("/feed.xml", &[]).status, 200);
}

#[test]
fn connections_are_served_in_parallel() {
    let server = Arc::new(episode_server(200_000));
    server.route("/stalled.mp3", Resource::pattern(10));
    server.fault(
        "/stalled.mp3",
        Fault::Stall {
            after_bytes: 0,
            duration: Duration::from_secs(600),
        },
    );
    let mut stalled = RawConnection::open(server.addr());
    stalled.send("GET", "/stalled.mp3", &[]);
    assert_eq!(stalled.read_head().unwrap().status, 200);

    // While one connection is stuck, eight others complete.
    let clients: Vec<_> = (0..8)
        .map(|_| {
            let server = Arc::clone(&server);
            thread::spawn(move || get(server.addr(), "/ep.mp3", &[]).body)
        })
        .collect();
    for client in clients {
        assert_eq!(client.join().unwrap(), pattern_bytes(0, 200_000));
    }
    assert_eq!(server.connection_count(), 9);
    assert_eq!(server.bytes_sent("/ep.mp3"), 8 * 200_000);
}

#[test]
fn query_strings_and_absolute_targets_route_by_path() {
    let server = feed_server();
    server.route("/feed.xml?private=1", Resource::bytes("private"));
    assert_eq!(
        get(server.addr(), "/feed.xml?token=abc", &[]).body,
        FEED.as_bytes()
    );
    assert_eq!(
        get(server.addr(), "/feed.xml?private=1", &[]).body,
        b"private"
    );
    let absolute = server.url("/feed.xml");
    assert_eq!(get(server.addr(), &absolute, &[]).body, FEED.as_bytes());
    assert_eq!(server.request_count("/feed.xml"), 3);
    assert_eq!(server.request_count("/feed.xml?token=abc"), 1);
    assert_eq!(server.requests()[2].target, "/feed.xml");
}
