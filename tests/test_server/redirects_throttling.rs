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

#[test]
fn a_chain_hops_across_both_loopback_hosts_and_every_location_form() {
    let server = feed_server();
    let first = server.redirect_chain("t", &[301, 302, 303, 307], "/feed.xml");
    assert_eq!(first, server.url("/t/0"));
    let output = Command::new("curl")
        .args(["--silent", "--show-error", "--location", "--max-time", "30"])
        .arg(&first)
        .output()
        .expect("run curl");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.stdout, FEED.as_bytes());
    assert_eq!(server.chain_requests("t", 4), [1, 1, 1, 1]);
    let hosts: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("Host").unwrap_or("").to_owned())
        .collect();
    let port = server.addr().port();
    assert_eq!(
        hosts,
        [
            format!("127.0.0.1:{port}"),
            format!("127.0.0.2:{port}"),
            format!("127.0.0.2:{port}"),
            format!("127.0.0.2:{port}"),
            format!("localhost:{port}"),
        ]
    );
    let statuses: Vec<u16> = server.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [301, 302, 303, 307, 200]);
}

#[test]
fn a_loop_leads_back_to_its_first_hop() {
    let server = feed_server();
    let first = server.redirect_loop("l", &[302, 301]);
    let response = get(server.addr(), "/l/1", &[]);
    assert_eq!(response.status, 301);
    assert_eq!(first, server.url("/l/0"));
    assert_eq!(response.header("Location"), Some(first.as_str()));
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
