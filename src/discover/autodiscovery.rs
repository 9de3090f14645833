//! Feed autodiscovery: the feeds a web page advertises with
//! `<link rel="alternate" type="application/rss+xml" href="…">` (or Atom, or JSON Feed).
//!
//! Podcast sites are real-world HTML, so the page is read with the tolerant tag scanner in
//! [`super::html`] rather than an XML parser; `<base href>` is honoured.

use url::Url;

use super::html::{Tags, is_space};
use super::{DiscoverError, fetch};

/// The most of a page read; feed links sit in its `<head>`, so a cut page still has them.
pub const MAX_PAGE_BYTES: usize = 4 << 20;

const ACCEPT_PAGE: &str = "text/html, application/xhtml+xml, application/rss+xml, \
                           application/atom+xml, application/xml;q=0.9, */*;q=0.8";

/// The formats a feed link can announce, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FeedKind {
    Rss,
    Atom,
    Json,
}

impl FeedKind {
    /// The kind a media type announces (parameters and case ignored).
    pub fn from_mime(mime: &str) -> Option<FeedKind> {
        match super::mime_essence(mime).as_str() {
            "application/rss+xml" => Some(FeedKind::Rss),
            "application/atom+xml" => Some(FeedKind::Atom),
            "application/feed+json" => Some(FeedKind::Json),
            _ => None,
        }
    }
}

/// A feed a page links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedLink {
    /// Absolute (http or https), resolved against the page URL and its `<base href>`.
    pub url: Url,
    pub kind: FeedKind,
    /// The link's `title` attribute, when it has a non-blank one.
    pub title: Option<String>,
}

/// The feeds `html` advertises, RSS first, then Atom, then JSON Feed, each in document order,
/// without duplicates. `page_url` is where the page was fetched from (after redirects).
pub fn feed_links(html: &str, page_url: &Url) -> Vec<FeedLink> {
    let mut base: Option<Url> = None;
    let mut found: Vec<(FeedKind, String, Option<String>)> = Vec::new();
    for tag in Tags::new(html) {
        match tag.name.as_str() {
            // The first <base> with a usable href sets the base for the whole document.
            "base" if base.is_none() => {
                base = tag.attr("href").and_then(|href| page_url.join(href).ok());
            }
            "link" => {
                let alternate = tag.attr("rel").is_some_and(|rel| {
                    rel.split(is_space)
                        .any(|t| t.eq_ignore_ascii_case("alternate"))
                });
                let kind = tag.attr("type").and_then(FeedKind::from_mime);
                let href = tag
                    .attr("href")
                    .map(|h| h.trim_matches(is_space))
                    .unwrap_or_default();
                if let (true, Some(kind), false) = (alternate, kind, href.is_empty()) {
                    let title = tag.attr("title").map(str::trim).filter(|t| !t.is_empty());
                    found.push((kind, href.to_owned(), title.map(str::to_owned)));
                }
            }
            _ => {}
        }
    }
    let base = base.as_ref().unwrap_or(page_url);
    let mut links: Vec<FeedLink> = Vec::new();
    for (kind, href, title) in found {
        let Ok(url) = base.join(&href) else { continue };
        if matches!(url.scheme(), "http" | "https") && !links.iter().any(|l| l.url == url) {
            links.push(FeedLink { url, kind, title });
        }
    }
    links.sort_by_key(|l| l.kind); // stable: document order within each kind
    links
}

/// The feed URL for `page_url`: the URL itself when it serves a feed (moved along permanent
/// redirects), else the first feed the page advertises.
pub async fn discover(client: &reqwest::Client, page_url: &str) -> Result<String, DiscoverError> {
    let page = fetch(client, page_url, ACCEPT_PAGE, MAX_PAGE_BYTES).await?;
    if is_feed(&page.mime, &page.body) {
        return Ok(page.canonical_url.into());
    }
    let html = String::from_utf8_lossy(&page.body);
    let first = feed_links(&html, &page.final_url).into_iter().next();
    first
        .map(|link| link.url.into())
        .ok_or_else(|| DiscoverError::NoFeedLink {
            url: page.final_url.into(),
        })
}

/// Whether a fetched document is a feed itself: by its media type, or by its first element
/// (`<rss>`, `<feed>`, RSS 1.0's `<rdf:RDF>`) or a JSON Feed `version`.
fn is_feed(mime: &str, body: &[u8]) -> bool {
    if FeedKind::from_mime(mime).is_some() || mime == "application/rdf+xml" {
        return true;
    }
    let head = String::from_utf8_lossy(&body[..body.len().min(64 << 10)]);
    let mut rest = head.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        let skip = if rest.starts_with("<!--") {
            rest.find("-->").map(|end| end + 3)
        } else if rest.starts_with("<?") {
            rest.find("?>").map(|end| end + 2)
        } else if rest.starts_with("<!") {
            rest.find('>').map(|end| end + 1)
        } else {
            break;
        };
        let Some(skip) = skip else { return false };
        rest = &rest[skip..];
    }
    if rest.starts_with('{') {
        return rest.contains("jsonfeed.org/version/");
    }
    let Some(element) = rest.strip_prefix('<') else {
        return false;
    };
    let name = element
        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .next();
    let local = name
        .map(|n| n.rsplit(':').next().unwrap_or(n))
        .unwrap_or_default();
    ["rss", "feed", "rdf"]
        .iter()
        .any(|root| local.eq_ignore_ascii_case(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Url {
        Url::parse("https://pod.example/shows/netstack/index.html").unwrap()
    }

    fn urls(html: &str) -> Vec<String> {
        feed_links(html, &page())
            .into_iter()
            .map(|l| l.url.to_string())
            .collect()
    }

    #[test]
    fn any_attribute_order_case_and_quoting() {
        let html = r#"<html><HEAD>
            <LINK HREF='/a.xml' TYPE="Application/RSS+XML; charset=utf-8" REL="Alternate">
            <link type=application/rss+xml rel=alternate href=b.xml />
            <link rel="home  ALTERNATE" href="https://other.example/c.rss" type="application/rss+xml" />
            <link rel="alternate"type="application/rss+xml"href="d.xml">
        </head></html>"#;
        assert_eq!(
            urls(html),
            [
                "https://pod.example/a.xml",
                "https://pod.example/shows/netstack/b.xml",
                "https://other.example/c.rss",
                "https://pod.example/shows/netstack/d.xml",
            ]
        );
    }

    #[test]
    fn rss_before_atom_before_json_each_in_document_order() {
        let html = r#"
            <link rel="alternate" type="application/feed+json" href="/feed.json">
            <link rel="alternate" type="application/atom+xml" href="/atom.xml" title=" Atom ">
            <link rel="alternate" type="application/rss+xml" href="/first.rss" title="Episodes &amp; more">
            <link rel="alternate" type="application/rss+xml" href="/second.rss">"#;
        let links = feed_links(html, &page());
        let summary: Vec<_> = links
            .iter()
            .map(|l| (l.kind, l.url.path(), l.title.as_deref()))
            .collect();
        assert_eq!(
            summary,
            [
                (FeedKind::Rss, "/first.rss", Some("Episodes & more")),
                (FeedKind::Rss, "/second.rss", None),
                (FeedKind::Atom, "/atom.xml", Some("Atom")),
                (FeedKind::Json, "/feed.json", None),
            ]
        );
    }

    #[test]
    fn only_alternate_feed_links_with_an_http_href_count() {
        let html = r#"
            <link rel="stylesheet" type="application/rss+xml" href="/not-alternate.xml">
            <link rel="alternates" type="application/rss+xml" href="/not-a-token.xml">
            <link rel="alternate" type="text/html" href="/fr/">
            <link rel="alternate" type="application/rss+xml">
            <link rel="alternate" type="application/rss+xml" href="  ">
            <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
            <link rel="alternate" type="application/rss+xml" href="http://[broken">
            <a rel="alternate" type="application/rss+xml" href="/anchor.xml">feed</a>
            <link rel="alternate" type="application/rss+xml" href="/x?a=1&amp;b=&#50;&#x33;&bogus;">
            <link rel="alternate" type="application/rss+xml" href="https://pod.example/x?a=1&b=23&bogus;">"#;
        assert_eq!(urls(html), ["https://pod.example/x?a=1&b=23&bogus;"]);
    }

    #[test]
    fn the_first_base_href_applies_to_every_link() {
        let html = r#"<link rel=alternate type=application/rss+xml href=feed.xml>
            <base target="_blank"><base href="/cdn/podcast/"><base href="https://ignored.example/">
            <link rel=alternate type=application/atom+xml href="../atom.xml">"#;
        assert_eq!(
            urls(html),
            [
                "https://pod.example/cdn/podcast/feed.xml",
                "https://pod.example/cdn/atom.xml"
            ]
        );
    }

    #[test]
    fn comments_scripts_and_text_hide_nothing_real_and_show_nothing_fake() {
        let html = r#"<!DOCTYPE html><?php junk ?>
            <!-- <link rel="alternate" type="application/rss+xml" href="/commented.xml"> -->
            <script>let s = '<link rel="alternate" type="application/rss+xml" href="/js.xml">';
              if (a </b) {}</script>
            <STYLE>a[x="<link rel=alternate type=application/rss+xml href=/css.xml>"]{}</Style >
            <title>Feeds <link rel=alternate type=application/rss+xml href=/title.xml></title>
            1 < 2 <<link rel="alternate" type="application/rss+xml" href="/real.xml">
            <p title='>'><link rel="alternate" type="application/rss+xml" href="/after.xml">"#;
        assert_eq!(
            urls(html),
            [
                "https://pod.example/real.xml",
                "https://pod.example/after.xml"
            ]
        );
    }

    #[test]
    fn broken_endings_are_survived() {
        for html in [
            r#"<link rel="alternate" type="application/rss+xml" href="/a.xml"><link rel="alt"#,
            r#"<link rel="alternate" type="application/rss+xml" href="/a.xml"><p class="x>"#,
            r#"<link rel="alternate" type="application/rss+xml" href="/a.xml"><!-- never closed"#,
            r#"<link rel="alternate" type="application/rss+xml" href="/a.xml"><script>unclosed"#,
            r#"<link rel="alternate" type="application/rss+xml" href="/a.xml"><"#,
        ] {
            assert_eq!(urls(html), ["https://pod.example/a.xml"], "{html}");
        }
        assert!(urls("").is_empty());
        assert!(
            urls("<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/a.xml\"").is_empty()
        );
    }

    #[test]
    fn duplicates_collapse_and_non_ascii_is_fine() {
        let html = "<p>café ☕</p><link rel=alternate type=application/rss+xml href=/flux-é.xml>\
                    <link rel=alternate type=application/rss+xml href=https://pod.example/flux-%C3%A9.xml>";
        assert_eq!(urls(html), ["https://pod.example/flux-%C3%A9.xml"]);
    }

    #[test]
    fn pathological_pages_take_linear_time() {
        let started = std::time::Instant::now();
        for unit in [
            "<a ",
            "<!--",
            "<script>",
            "</",
            "<a x=\"",
            "&&&&",
            "<a b=&amp&amp",
        ] {
            let html = unit.repeat(200_000);
            assert!(urls(&html).is_empty());
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn feeds_are_recognised_by_type_or_first_element() {
        assert!(is_feed("application/rss+xml", b"whatever"));
        assert!(is_feed("text/xml", b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- hi --><?xml-stylesheet href=\"s.xsl\"?>\n<rss version=\"2.0\">"));
        assert!(is_feed(
            "application/octet-stream",
            b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"
        ));
        assert!(is_feed("", b"<rdf:RDF xmlns:rdf=\"x\">"));
        assert!(is_feed(
            "application/json",
            br#"{"version": "https://jsonfeed.org/version/1.1"}"#
        ));
        assert!(!is_feed("text/html", b"<!DOCTYPE html><html><head>"));
        assert!(!is_feed("text/xml", b"<rsss>"));
        assert!(!is_feed("text/xml", b"<?xml never closed"));
        assert!(!is_feed("application/json", b"{\"resultCount\": 0}"));
    }
}
