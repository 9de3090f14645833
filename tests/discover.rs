//! Finding feed URLs over HTTP against a loopback server: Apple's lookup and search, page
//! autodiscovery with redirects, and the netstack.fm default falling back from Apple to its site.

mod support;

use netstack_tui::discover::netstack::{NETSTACK_APPLE_ID, resolve_netstack};
use netstack_tui::discover::{DiscoverError, apple, autodiscovery};
use support::server::{Fault, Resource, TestServer};

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>netstack.fm</title></channel></rss>"#;

fn client() -> reqwest::Client {
    netstack_tui::net::client().expect("the HTTP client builds")
}

fn json(body: &str) -> Resource {
    Resource::bytes(body).mime("text/javascript; charset=utf-8")
}

fn html(body: &str) -> Resource {
    Resource::bytes(body).mime("text/html; charset=utf-8")
}

fn lookup_answer(feed_url: &str) -> String {
    format!(
        r#"{{"resultCount":1,"results":[{{"wrapperType":"track","kind":"podcast",
        "collectionName":"netstack.fm","artistName":"Plabayo","feedUrl":"{feed_url}",
        "trackCount":42,"primaryGenreName":"Technology","genres":["Technology","Podcasts"]}}]}}"#
    )
}

const NO_RESULTS: &str = r#"{"resultCount":0,"results":[]}"#;

/// A loopback URL nothing listens on.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let addr = listener.local_addr().expect("its address");
    drop(listener);
    format!("http://{addr}/lookup")
}

#[tokio::test]
async fn lookup_returns_the_feed_url_apple_lists() {
    let server = TestServer::start();
    server.route(
        "/lookup",
        json(&lookup_answer("https://feeds.example/netstack.xml")),
    );
    let url = apple::lookup_feed_url(&client(), &server.url("/lookup"), NETSTACK_APPLE_ID).await;
    assert_eq!(
        url.ok().as_deref(),
        Some("https://feeds.example/netstack.xml")
    );
    let requests = server.requests_to("/lookup");
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].target, "/lookup?id=1829783579&entity=podcast");
}

#[tokio::test]
async fn lookup_without_results_or_feed_url_names_the_id() {
    let server = TestServer::start();
    server.route("/lookup", json(NO_RESULTS));
    let err = apple::lookup_feed_url(&client(), &server.url("/lookup"), 123456)
        .await
        .unwrap_err();
    assert!(
        matches!(err, DiscoverError::NoSuchPodcast { id: 123456 }),
        "{err:?}"
    );
    assert!(err.to_string().contains("123456"), "{err}");

    server.route(
        "/lookup",
        json(r#"{"resultCount":1,"results":[{"collectionName":"x"}]}"#),
    );
    let err = apple::lookup_feed_url(&client(), &server.url("/lookup"), 77)
        .await
        .unwrap_err();
    assert!(
        matches!(err, DiscoverError::NoFeedUrl { id: 77 }),
        "{err:?}"
    );
    assert!(err.to_string().contains("77"), "{err}");

    server.route("/lookup", json("<html>rate limited</html>"));
    let err = apple::lookup_feed_url(&client(), &server.url("/lookup"), 77)
        .await
        .unwrap_err();
    assert!(matches!(err, DiscoverError::Json { .. }), "{err:?}");
    assert!(err.to_string().contains(&server.url("/lookup")), "{err}");
}

#[tokio::test]
async fn search_lists_podcasts_with_feeds_and_encodes_the_terms() {
    let server = TestServer::start();
    server.route(
        "/search",
        json(
            r#"{"resultCount":3,"results":[
            {"collectionName":"netstack.fm","artistName":"Plabayo","feedUrl":"https://a.example/rss",
             "trackCount":42,"primaryGenreName":"Technology","unknown":{"nested":true}},
            {"collectionName":"No feed here","artistName":"Someone"},
            {"collectionName":"Rust in Production","feedUrl":"https://b.example/feed.xml"}]}"#,
        ),
    );
    let found = apple::search(&client(), &server.url("/search"), "rust & async/await", 5)
        .await
        .expect("the search succeeds");
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].title, "netstack.fm");
    assert_eq!(found[0].author.as_deref(), Some("Plabayo"));
    assert_eq!(found[0].feed_url, "https://a.example/rss");
    assert_eq!(found[0].episodes, Some(42));
    assert_eq!(found[0].genre.as_deref(), Some("Technology"));
    assert_eq!(found[1].title, "Rust in Production");
    assert_eq!(
        (found[1].author.as_deref(), found[1].episodes),
        (None, None)
    );

    let target = &server.requests_to("/search")[0].target;
    assert_eq!(
        target,
        "/search?media=podcast&entity=podcast&term=rust+%26+async%2Fawait&limit=5"
    );

    let as_json = serde_json::to_value(&found[0]).expect("Found serializes");
    assert_eq!(as_json["feed_url"], "https://a.example/rss");
    assert_eq!(as_json["episodes"], 42);
}

#[tokio::test]
async fn search_refuses_oversized_answers_and_reports_statuses() {
    let server = TestServer::start();
    let huge = format!(r#"{{"results":[],"padding":"{}"}}"#, "x".repeat(3 << 20));
    server.route("/search", json(&huge));
    let err = apple::search(&client(), &server.url("/search"), "x", 5)
        .await
        .unwrap_err();
    assert!(matches!(err, DiscoverError::TooLarge { .. }), "{err:?}");

    server.fault("/search", Fault::Status(503));
    let err = apple::search(&client(), &server.url("/search"), "x", 5)
        .await
        .unwrap_err();
    assert!(
        matches!(err, DiscoverError::Status { status: 503, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("503"), "{err}");
}

#[tokio::test]
async fn netstack_comes_from_apple_when_apple_knows_it() {
    let server = TestServer::start();
    server.route(
        "/lookup",
        json(&lookup_answer("https://feeds.example/netstack.xml")),
    );
    server.route(
        "/",
        html(r#"<link rel="alternate" type="application/rss+xml" href="/rss">"#),
    );
    let url = resolve_netstack(&client(), &server.url("/lookup"), &server.url("/")).await;
    assert_eq!(
        url.ok().as_deref(),
        Some("https://feeds.example/netstack.xml")
    );
    assert_eq!(server.request_count("/"), 0, "the site is not asked");
}

#[tokio::test]
async fn netstack_falls_back_to_the_site_when_apple_fails() {
    let server = TestServer::start();
    server.route(
        "/",
        html(r#"<head><link rel="alternate" type="application/rss+xml" href="/rss"></head>"#),
    );
    let site = server.url("/");

    server.fault("/lookup", Fault::Status(500));
    let url = resolve_netstack(&client(), &server.url("/lookup"), &site).await;
    assert_eq!(url.ok(), Some(server.url("/rss")));
    assert_eq!(server.request_count("/lookup"), 1);

    server.clear_faults("/lookup");
    server.route("/lookup", json(NO_RESULTS));
    let url = resolve_netstack(&client(), &server.url("/lookup"), &site).await;
    assert_eq!(url.ok(), Some(server.url("/rss")));

    let url = resolve_netstack(&client(), &closed_port_url(), &site).await;
    assert_eq!(url.ok(), Some(server.url("/rss")));
}

#[tokio::test]
async fn netstack_failing_both_ways_names_both_causes() {
    let server = TestServer::start();
    server.fault("/lookup", Fault::Status(500));
    server.route(
        "/",
        html("<html><head><title>netstack.fm</title></head></html>"),
    );
    let err = resolve_netstack(&client(), &server.url("/lookup"), &server.url("/"))
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with("Apple lookup: "), "{message}");
    assert!(message.contains("500"), "{message}");
    assert!(message.contains("; netstack.fm page: "), "{message}");
    assert!(message.contains("advertises no feed"), "{message}");
    assert!(!err.is_unreachable());

    let err = resolve_netstack(&client(), &closed_port_url(), &closed_port_url())
        .await
        .unwrap_err();
    assert!(err.is_unreachable(), "{err:?}");
}

#[tokio::test]
async fn autodiscovery_resolves_relative_hrefs_against_the_page() {
    let server = TestServer::start();
    server.route(
        "/shows/netstack/",
        html(r#"<link rel="alternate" type="application/rss+xml" href="feed.xml?x=1&amp;y=2">"#),
    );
    let url = autodiscovery::discover(&client(), &server.url("/shows/netstack/")).await;
    assert_eq!(
        url.ok(),
        Some(server.url("/shows/netstack/feed.xml?x=1&y=2"))
    );
}

#[tokio::test]
async fn autodiscovery_honours_base_href() {
    let server = TestServer::start();
    server.route(
        "/page",
        html(r#"<head><base href="/static/pod/"><link href=rss.xml rel=alternate type=application/rss+xml></head>"#),
    );
    let url = autodiscovery::discover(&client(), &server.url("/page")).await;
    assert_eq!(url.ok(), Some(server.url("/static/pod/rss.xml")));
}

#[tokio::test]
async fn autodiscovery_takes_atom_when_that_is_all_there_is_and_prefers_rss() {
    let server = TestServer::start();
    server.route(
        "/atom-only",
        html(r#"<link rel="alternate" type="application/atom+xml" href="/atom">"#),
    );
    let url = autodiscovery::discover(&client(), &server.url("/atom-only")).await;
    assert_eq!(url.ok(), Some(server.url("/atom")));

    server.route(
        "/both",
        html(
            r#"<link rel="alternate" type="application/atom+xml" href="/atom">
               <link rel="alternate" type="application/rss+xml" href="/rss">"#,
        ),
    );
    let url = autodiscovery::discover(&client(), &server.url("/both")).await;
    assert_eq!(url.ok(), Some(server.url("/rss")));
}

#[tokio::test]
async fn autodiscovery_without_a_feed_link_says_so() {
    let server = TestServer::start();
    server.route(
        "/plain",
        html("<html><head><link rel=stylesheet href=/s.css></head></html>"),
    );
    let err = autodiscovery::discover(&client(), &server.url("/plain"))
        .await
        .unwrap_err();
    assert!(matches!(err, DiscoverError::NoFeedLink { .. }), "{err:?}");
    assert!(err.to_string().contains(&server.url("/plain")), "{err}");

    let err = autodiscovery::discover(&client(), &server.url("/missing"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, DiscoverError::Status { status: 404, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_page_that_is_a_feed_is_its_own_feed_url() {
    let server = TestServer::start();
    server.route("/rss", Resource::bytes(RSS).mime("application/rss+xml"));
    server.route("/sniffed", Resource::bytes(RSS).mime("text/xml"));
    server.route(
        "/untyped",
        Resource::bytes(RSS).mime("application/octet-stream"),
    );
    for path in ["/rss", "/sniffed", "/untyped"] {
        let url = autodiscovery::discover(&client(), &server.url(path)).await;
        assert_eq!(url.ok(), Some(server.url(path)));
    }
}

#[tokio::test]
async fn redirects_are_followed_and_only_permanent_ones_move_a_feed() {
    let server = TestServer::start();
    server.redirect("/old-page", "/new/page.html", 301);
    server.route(
        "/new/page.html",
        html(r#"<link rel=alternate type=application/rss+xml href=feed.xml>"#),
    );
    let url = autodiscovery::discover(&client(), &server.url("/old-page")).await;
    assert_eq!(
        url.ok(),
        Some(server.url("/new/feed.xml")),
        "relative to where the page is"
    );

    server.route(
        "/feed.xml",
        Resource::bytes(RSS).mime("application/rss+xml"),
    );
    server.redirect("/moved.xml", &server.url("/feed.xml"), 308);
    server.redirect("/tracked.xml", "/feed.xml", 302);
    let url = autodiscovery::discover(&client(), &server.url("/moved.xml")).await;
    assert_eq!(url.ok(), Some(server.url("/feed.xml")));
    let url = autodiscovery::discover(&client(), &server.url("/tracked.xml")).await;
    assert_eq!(url.ok(), Some(server.url("/tracked.xml")));

    server.redirect("/loop", "/loop", 302);
    let err = autodiscovery::discover(&client(), &server.url("/loop"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, DiscoverError::TooManyRedirects { .. }),
        "{err:?}"
    );
}
