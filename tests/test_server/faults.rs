//! The loopback server's faults.

#![allow(unused_imports)]

use super::*;

#[test]
fn close_mid_body_sends_exactly_the_given_bytes_once() {
    let server = episode_server(10_000);
    server.fault_once("/ep.mp3", Fault::CloseMidBody { after_bytes: 1000 });
    let mut connection = RawConnection::open(server.addr());
    let cut = connection.get("/ep.mp3", &[]);
    assert_eq!((cut.status, cut.content_length()), (200, Some(10_000)));
    assert_eq!(cut.body, pattern_bytes(0, 1000));
    assert!(!cut.complete);
    assert!(connection.is_closed());
    assert_eq!(server.bytes_sent("/ep.mp3"), 1000);

    let retry = get(server.addr(), "/ep.mp3", &[]);
    assert!(retry.complete);
    assert_eq!(server.bytes_sent("/ep.mp3"), 11_000);
}

#[test]
fn close_mid_body_past_the_end_sends_everything_then_closes() {
    let server = episode_server(1000);
    server.fault_once("/ep.mp3", Fault::CloseMidBody { after_bytes: 5000 });
    let mut connection = RawConnection::open(server.addr());
    let response = connection.get("/ep.mp3", &[]);
    assert_eq!(response.body, pattern_bytes(0, 1000));
    assert_eq!(response.header("Connection"), None);
    assert!(connection.is_closed());
}

#[test]
fn close_mid_body_counts_from_the_start_of_the_range() {
    let server = episode_server(10_000);
    server.fault_once("/ep.mp3", Fault::CloseMidBody { after_bytes: 100 });
    let cut = range_get(&server, "bytes=5000-");
    assert_eq!(cut.status, 206);
    assert_eq!(cut.body, pattern_bytes(5000, 5100));
    assert!(!cut.complete);
}

#[test]
fn short_body_omits_the_final_bytes() {
    let server = episode_server(10_000);
    server.fault_once("/ep.mp3", Fault::ShortBody { missing_bytes: 10 });
    let mut connection = RawConnection::open(server.addr());
    let short = connection.get("/ep.mp3", &[]);
    assert_eq!(short.content_length(), Some(10_000));
    assert_eq!(short.body, pattern_bytes(0, 9990));
    assert!(connection.is_closed());
    assert_eq!(server.bytes_sent("/ep.mp3"), 9990);
}

#[test]
fn status_fault_replaces_the_response() {
    let server = feed_server();
    server.fault_once("/feed.xml", Fault::Status(503));
    let failed = get(server.addr(), "/feed.xml", &[]);
    assert_eq!(failed.status, 503);
    assert_eq!(failed.body, b"503 Service Unavailable\n");
    assert_eq!(get(server.addr(), "/feed.xml", &[]).status, 200);

    server.fault_once("/nowhere", Fault::Status(500));
    assert_eq!(get(server.addr(), "/nowhere", &[]).status, 500);
}

#[test]
fn persistent_fault_applies_until_cleared() {
    let server = feed_server();
    server.fault("/feed.xml", Fault::Status(404));
    let mut connection = RawConnection::open(server.addr());
    for _ in 0..3 {
        assert_eq!(connection.get("/feed.xml", &[]).status, 404);
    }
    server.clear_faults("/feed.xml");
    assert_eq!(connection.get("/feed.xml", &[]).status, 200);
}

#[test]
fn one_shot_faults_queue_up_and_arrays_combine() {
    let server = episode_server(1000);
    server.fault_once("/ep.mp3", Fault::Status(503));
    server.fault_once(
        "/ep.mp3",
        [Fault::ChangeEtag, Fault::CloseMidBody { after_bytes: 10 }],
    );
    server.fault_times("/ep.mp3", Fault::Status(500), 2);
    let first = get(server.addr(), "/ep.mp3", &[]);
    let second = get(server.addr(), "/ep.mp3", &[]);
    let statuses = [first.status, second.status];
    let later: Vec<u16> = (0..3)
        .map(|_| get(server.addr(), "/ep.mp3", &[]).status)
        .collect();
    assert_eq!(statuses, [503, 200]);
    assert_ne!(second.header("ETag"), Some("\"e1\""));
    assert_eq!(second.body.len(), 10);
    assert_eq!(later, [500, 500, 200]);
}

#[test]
fn stall_pauses_after_the_given_bytes_then_resumes() {
    let server = episode_server(5000);
    server.fault_once(
        "/ep.mp3",
        Fault::Stall {
            after_bytes: 1000,
            duration: Duration::from_millis(300),
        },
    );
    let started = Instant::now();
    let response = get(server.addr(), "/ep.mp3", &[]);
    assert_eq!(response.body, pattern_bytes(0, 5000));
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[test]
fn stall_holds_until_the_server_is_dropped() {
    let server = episode_server(5000);
    server.fault(
        "/ep.mp3",
        Fault::Stall {
            after_bytes: 1000,
            duration: Duration::from_secs(600),
        },
    );
    let mut connection = RawConnection::open(server.addr());
    connection.send("GET", "/ep.mp3", &[]);
    assert_eq!(connection.read_head().unwrap().content_length(), Some(5000));
    assert_eq!(connection.read_exact(1000).unwrap(), pattern_bytes(0, 1000));
    connection
        .stream()
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut byte = [0u8; 1];
    let waited = connection.stream().read(&mut byte).unwrap_err();
    assert!(
        matches!(waited.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        "{waited}"
    );
    assert_eq!(server.bytes_sent("/ep.mp3"), 1000);

    let started = Instant::now();
    drop(server);
    assert!(started.elapsed() < Duration::from_secs(10));
    connection
        .stream()
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    assert!(
        connection
            .read_to_end()
            .map_or(true, |rest| rest.is_empty())
    );
}

#[test]
fn ignore_range_answers_with_the_full_body() {
    let server = episode_server(1000);
    server.fault_once("/ep.mp3", Fault::IgnoreRange);
    let ignored = range_get(&server, "bytes=100-199");
    assert_eq!((ignored.status, ignored.body.len()), (200, 1000));
    assert_eq!(ignored.header("Accept-Ranges"), Some("bytes"));
    assert_eq!(range_get(&server, "bytes=100-199").status, 206);
}

#[test]
fn change_etag_defeats_if_range_and_if_none_match() {
    let server = episode_server(1000);
    server.fault("/ep.mp3", Fault::ChangeEtag);
    let first = get(server.addr(), "/ep.mp3", &[]);
    let second = get(server.addr(), "/ep.mp3", &[]);
    let tags = [
        first.header("ETag").unwrap(),
        second.header("ETag").unwrap(),
    ];
    assert!(
        tags[0] != "\"e1\"" && tags[1] != "\"e1\"" && tags[0] != tags[1],
        "{tags:?}"
    );

    let resumed = get(
        server.addr(),
        "/ep.mp3",
        &[("Range", "bytes=500-"), ("If-Range", "\"e1\"")],
    );
    assert_eq!((resumed.status, resumed.body.len()), (200, 1000));
    assert_eq!(
        get(server.addr(), "/ep.mp3", &[("If-None-Match", "\"e1\"")]).status,
        200
    );
}

#[test]
fn delay_holds_back_the_response_head() {
    let server = feed_server();
    server.fault_once("/feed.xml", Fault::Delay(Duration::from_millis(300)));
    let started = Instant::now();
    assert_eq!(get(server.addr(), "/feed.xml", &[]).status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[test]
fn no_response_closes_without_a_byte() {
    let server = feed_server();
    server.fault_once("/feed.xml", Fault::NoResponse);
    let mut connection = RawConnection::open(server.addr());
    connection.send("GET", "/feed.xml", &[]);
    assert_eq!(connection.read_to_end().unwrap(), b"");
    assert_eq!(server.requests()[0].status, 0);
    assert_eq!(get(server.addr(), "/feed.xml", &[]).status, 200);
}
