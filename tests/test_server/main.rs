//! Tests of the loopback HTTP server in `tests/support`, which every network
//! test of the player relies on. Clients are plain TcpStreams (and curl), so
//! the server's wire behaviour is checked byte for byte.
//!
//! Timing is only ever checked with loose lower bounds (sleeps never end
//! early) or generous upper bounds that only a hang would exceed.

#[path = "../support/mod.rs"]
mod support;

mod basics;
mod faults;
mod log_robustness;
mod ranges;
mod redirects_throttling;
mod validators;

use std::io::{ErrorKind, Read};
use std::process::Command;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant, UNIX_EPOCH};

use support::raw_client::{RawConnection, get};
use support::server::{Fault, Resource, TestServer, http_date, pattern_bytes};

pub const FEED: &str = "<?xml version=\"1.0\"?><rss><channel><title>Show</title></channel></rss>";
pub const MODIFIED: &str = "Wed, 21 Oct 2015 07:28:00 GMT";

pub fn feed_server() -> TestServer {
    let server = TestServer::start();
    server.route(
        "/feed.xml",
        Resource::bytes(FEED)
            .mime("application/rss+xml")
            .etag("\"v1\"")
            .last_modified(MODIFIED),
    );
    server
}

/// A server with a 1000-byte pattern body at /ep.mp3.
pub fn episode_server(len: u64) -> TestServer {
    let server = TestServer::start();
    server.route(
        "/ep.mp3",
        Resource::pattern(len)
            .mime("audio/mpeg")
            .etag("\"e1\"")
            .last_modified(MODIFIED),
    );
    server
}

pub fn range_get(server: &TestServer, range: &str) -> support::raw_client::RawResponse {
    get(server.addr(), "/ep.mp3", &[("Range", range)])
}
