//! Downloads behind tracking redirects (1–4 hops mixing 301/302/303/307/308 across two
//! loopback hosts): the chain is followed by the opening request, every later request goes
//! straight to the media, a resume after a drop carries `Range` and `If-Range`, and when the
//! media's address expires the chain is followed again with both headers at every hop.

use crate::common::{Item, feed, sha256};
use crate::env::Env;
use crate::support::server::{Fault, FaultSet, Resource, TestServer, pattern_bytes};

const LEN: u64 = 1_500_000;

/// A library subscribed to one episode whose enclosure is the chain `statuses` in front of
/// `/m/e.mp3`, with `faults` queued for the media's requests (the first is the opening probe).
fn behind(statuses: &[u16], faults: Vec<FaultSet>) -> Env {
    let env = Env::bare();
    env.server.route(
        "/m/e.mp3",
        Resource::pattern(LEN).mime("audio/mpeg").etag("\"v1\""),
    );
    let items = [Item {
        guid: "e1",
        title: "Episode one",
        url: env.server.redirect_chain("t", statuses, "/m/e.mp3"),
    }];
    env.server.route(
        "/feed.xml",
        Resource::bytes(feed("Tracked", &items)).mime("application/rss+xml"),
    );
    env.subscribe("/feed.xml");
    for set in faults {
        env.server.fault_once("/m/e.mp3", set);
    }
    env
}

fn download(env: &Env) {
    let out = env.run(&["download", "Tracked", "1"]);
    assert!(
        out.status.success(),
        "download: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(env.downloaded("Episode one")).expect("the downloaded file");
    assert_eq!(sha256(&bytes), sha256(&pattern_bytes(0, LEN)));
}

/// (Range, If-Range, status) of each request to `path`.
fn seen(server: &TestServer, path: &str) -> Vec<(Option<String>, Option<String>, u16)> {
    server
        .requests_to(path)
        .iter()
        .map(|r| {
            (
                r.header("Range").map(str::to_owned),
                r.header("If-Range").map(str::to_owned),
                r.status,
            )
        })
        .collect()
}

fn request(
    range: &str,
    if_range: Option<&str>,
    status: u16,
) -> (Option<String>, Option<String>, u16) {
    (Some(range.to_owned()), if_range.map(str::to_owned), status)
}

#[test]
fn a_drop_behind_three_redirects_resumes_straight_at_the_media() {
    let drop = Fault::CloseMidBody {
        after_bytes: 600_000,
    };
    let env = behind(&[307, 301, 302], vec![FaultSet::default(), drop.into()]);
    download(&env);
    assert_eq!(env.server.chain_requests("t", 3), [1, 1, 1]);
    assert_eq!(
        seen(&env.server, "/m/e.mp3"),
        [
            request("bytes=0-0", None, 206),
            request("bytes=0-", Some("\"v1\""), 206),
            request("bytes=600000-", Some("\"v1\""), 206),
        ]
    );
    assert_eq!(env.server.bytes_sent("/m/e.mp3"), 1 + LEN);
}

#[test]
fn an_expired_target_is_reached_again_through_four_redirects_with_if_range() {
    let drop = Fault::CloseMidBody {
        after_bytes: 600_000,
    };
    let env = behind(
        &[302, 308, 303, 301],
        vec![FaultSet::default(), drop.into(), Fault::Status(410).into()],
    );
    download(&env);
    for (hop, status) in TestServer::chain_paths("t", 4)
        .iter()
        .zip([302, 308, 303, 301])
    {
        assert_eq!(
            seen(&env.server, hop),
            [
                request("bytes=0-0", None, status),
                request("bytes=600000-", Some("\"v1\""), status),
            ],
            "{hop}: the probe, then the resume through the chain with Range and If-Range"
        );
    }
    assert_eq!(
        seen(&env.server, "/m/e.mp3"),
        [
            request("bytes=0-0", None, 206),
            request("bytes=0-", Some("\"v1\""), 206),
            request("bytes=600000-", Some("\"v1\""), 410),
            request("bytes=600000-", Some("\"v1\""), 206),
        ]
    );
}

#[test]
fn a_redirect_loop_fails_the_download_after_one_pass() {
    let env = Env::bare();
    let looping = env.server.redirect_loop("loop", &[302, 301, 307, 308]);
    let items = [Item {
        guid: "e1",
        title: "Episode one",
        url: looping,
    }];
    env.server.route(
        "/feed.xml",
        Resource::bytes(feed("Tracked", &items)).mime("application/rss+xml"),
    );
    env.subscribe("/feed.xml");
    let out = env.run(&["download", "Tracked", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("too many redirects") && stdout.contains("loop"),
        "{stdout}"
    );
    assert_eq!(env.server.chain_requests("loop", 4), [1, 1, 1, 1]);
}
