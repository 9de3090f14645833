//! The loopback server's redirects.

#![allow(unused_imports)]

use super::*;

#[test]
fn redirect_sends_status_and_location_verbatim() {
    let server = feed_server();
    let absolute = server.url("/feed.xml");
    for (status, location) in [
        (301, "/feed.xml"),
        (302, absolute.as_str()),
        (307, "feed.xml"),
        (308, "/feed.xml"),
    ] {
        server.redirect("/old.xml", location, status);
        let response = get(server.addr(), "/old.xml", &[]);
        assert_eq!(response.status, status);
        assert_eq!(response.header("Location"), Some(location));
    }
}

#[test]
fn curl_follows_redirects_over_one_kept_alive_connection() {
    let server = feed_server();
    server.redirect("/old.xml", "/feed.xml", 301);
    let output = Command::new("curl")
        .args(["--silent", "--show-error", "--location", "--max-time", "30"])
        .args([server.url("/old.xml"), server.url("/feed.xml")])
        .output()
        .expect("run curl");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.stdout, [FEED.as_bytes(), FEED.as_bytes()].concat());
    let statuses: Vec<u16> = server.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [301, 200, 200]);
    assert_eq!(server.connection_count(), 1);
    assert!(
        server.requests()[0]
            .header("User-Agent")
            .is_some_and(|ua| ua.starts_with("curl/"))
    );
}

// ---- throttling -----------------------------------------------------------

#[test]
fn server_throttle_paces_every_body() {
    let server = episode_server(40_000);
    server.throttle(100_000);
    let started = Instant::now();
    let response = get(server.addr(), "/ep.mp3", &[]);
    let elapsed = started.elapsed();
    assert_eq!(response.body, pattern_bytes(0, 40_000));
    assert_eq!(server.bytes_sent("/ep.mp3"), 40_000);
    // 40 kB at 100 kB/s, first 5 kB chunk free: at least 350 ms.
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
}

#[test]
fn resource_throttle_overrides_the_server_throttle() {
    let server = TestServer::start();
    server.throttle(1_000); // 40 s for 40 kB, which would time the test out
    server.route("/fast.mp3", Resource::pattern(40_000).throttle(0));
    server.route("/slow.mp3", Resource::pattern(40_000).throttle(100_000));
    let started = Instant::now();
    assert_eq!(get(server.addr(), "/fast.mp3", &[]).body.len(), 40_000);
    assert!(started.elapsed() < Duration::from_secs(20));
    let started = Instant::now();
    assert_eq!(get(server.addr(), "/slow.mp3", &[]).body.len(), 40_000);
    let elapsed = started.elapsed();
    assert!(
        (Duration::from_millis(300)..Duration::from_secs(20)).contains(&elapsed),
        "{elapsed:?}"
    );
}
