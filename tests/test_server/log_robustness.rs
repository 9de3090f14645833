//! The loopback server's request log.

#![allow(unused_imports)]

use super::*;

#[test]
fn requests_are_logged_with_headers_status_and_bytes() {
    let server = episode_server(1000);
    server.route("/feed.xml", Resource::bytes(FEED));
    let mut connection = RawConnection::open(server.addr());
    connection.get(
        "/ep.mp3",
        &[("Range", "bytes=0-99"), ("User-Agent", "netstack-tui/0.1")],
    );
    connection.get("/ep.mp3", &[("If-None-Match", "\"e1\"")]);
    get(
        server.addr(),
        "/feed.xml?x=1",
        &[("If-Modified-Since", MODIFIED)],
    );

    let log = server.requests();
    assert_eq!(log.len(), 3);
    assert_eq!(
        (
            log[0].method.as_str(),
            log[0].path.as_str(),
            log[0].version.as_str()
        ),
        ("GET", "/ep.mp3", "HTTP/1.1")
    );
    assert_eq!(log[0].header("range"), Some("bytes=0-99"));
    assert_eq!(log[0].header("USER-AGENT"), Some("netstack-tui/0.1"));
    assert_eq!((log[0].status, log[0].body_bytes), (206, 100));
    assert_eq!((log[1].status, log[1].body_bytes), (304, 0));
    assert_eq!(log[1].header("If-None-Match"), Some("\"e1\""));
    assert_eq!(
        (log[2].target.as_str(), log[2].path.as_str()),
        ("/feed.xml?x=1", "/feed.xml")
    );
    assert_eq!(log[0].connection, log[1].connection);
    assert_ne!(log[1].connection, log[2].connection);

    assert_eq!(server.request_count("/ep.mp3"), 2);
    assert_eq!(server.bytes_sent("/ep.mp3"), 100);
    assert_eq!(server.total_bytes_sent(), 100 + FEED.len() as u64);
    assert_eq!(server.connection_count(), 2);
    server.reset_counters();
    assert_eq!((server.requests().len(), server.total_bytes_sent()), (0, 0));
    assert_eq!(server.request_count("/ep.mp3"), 0);
}

#[test]
fn wait_for_requests_sees_requests_made_in_the_background() {
    let server = Arc::new(feed_server());
    let client = {
        let server = Arc::clone(&server);
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(50));
            get(server.addr(), "/feed.xml", &[]).status
        })
    };
    assert!(server.wait_for_requests("/feed.xml", 1, Duration::from_secs(30)));
    assert_eq!(client.join().unwrap(), 200);
    assert!(!server.wait_for_requests("/feed.xml", 2, Duration::from_millis(50)));
}

// ---- robustness -----------------------------------------------------------

#[test]
fn malformed_requests_get_400_and_the_server_keeps_serving() {
    let server = feed_server();
    let malformed: [&[u8]; 7] = [
        b"GARBAGE\r\n\r\n",
        b"GET /feed.xml\r\n\r\n",
        b"GET feed.xml HTTP/1.1\r\n\r\n",
        b"GET /feed.xml HTTP/2.0\r\n\r\n",
        b"GET /feed.xml HTTP/1.1\r\nNo colon here\r\n\r\n",
        b"GET /feed.xml HTTP/1.1\r\nBad Name: x\r\n\r\n",
        b"GET /feed.xml HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",
    ];
    for request in malformed {
        let mut connection = RawConnection::open(server.addr());
        connection.send_raw(request);
        let response = connection.read_response(false).unwrap();
        assert_eq!(response.status, 400, "{}", String::from_utf8_lossy(request));
        assert_eq!(response.header("Connection"), Some("close"));
        assert!(connection.is_closed());
    }
    assert!(server.requests().iter().all(|r| r.status == 400));
    assert_eq!(get(server.addr(), "/feed.xml", &[]).status, 200);
}

#[test]
fn oversized_request_head_gets_431() {
    let server = feed_server();
    let mut connection = RawConnection::open(server.addr());
    let huge = "x".repeat(70_000);
    connection.send_raw(format!("GET /feed.xml HTTP/1.1\r\nX-Big: {huge}\r\n\r\n").as_bytes());
    assert_eq!(connection.read_response(false).unwrap().status, 431);
    assert_eq!(get(server.addr(), "/feed.xml", &[]).status, 200);
}

#[test]
fn chunked_request_body_is_refused_with_501() {
    let server = feed_server();
    let mut connection = RawConnection::open(server.addr());
    connection.send_raw(
        b"POST /feed.xml HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    );
    assert_eq!(connection.read_response(false).unwrap().status, 501);
    assert!(connection.is_closed());
}

#[test]
fn client_leaving_mid_body_is_logged_with_bytes_written() {
    let len = 64 << 20;
    let server = episode_server(len);
    let mut connection = RawConnection::open(server.addr());
    connection.send("GET", "/ep.mp3", &[]);
    connection.read_head().unwrap();
    connection.read_exact(1000).unwrap();
    drop(connection);
    assert!(server.wait_idle(Duration::from_secs(30)));
    let sent = server.bytes_sent("/ep.mp3");
    assert!((1000..len).contains(&sent), "{sent}");
    assert_eq!(get(server.addr(), "/feed.xml", &[]).status, 404);
}

#[test]
fn dropping_the_server_closes_idle_and_busy_connections() {
    let server = episode_server(256 << 20);
    let mut idle = RawConnection::open(server.addr());
    assert_eq!(idle.get("/ep.mp3", &[("Range", "bytes=0-9")]).status, 206);
    let mut busy = RawConnection::open(server.addr());
    busy.send("GET", "/ep.mp3", &[]);
    assert_eq!(busy.read_head().unwrap().status, 200);

    let started = Instant::now();
    drop(server);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(idle.is_closed());
    // The busy client gets what was already in flight, then the connection ends.
    let rest = busy.read_to_end().map(|rest| rest.len()).unwrap_or(0);
    assert!(rest < 256 << 20);
}
