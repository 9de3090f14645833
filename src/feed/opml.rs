//! OPML subscription lists: reading the feeds out of another player's export, and writing ours.
//!
//! Reading is lenient where exporters differ (nested category outlines, `xmlUrl` spelled in any
//! case, `title` or only `text`, OPML 1.0 or 2.0) and strict where a wrong file would otherwise
//! import as "nothing": a document that is not XML, has no `<opml>` root, no `<body>`, or no
//! outline with a feed URL is an error, and an error never comes with a partial list.

use std::collections::HashSet;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// One subscription of an OPML file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpmlFeed {
    /// The outline's `title`, else its `text`; `None` when absent, blank or just the URL.
    pub title: Option<String>,
    /// The feed's URL (`xmlUrl`).
    pub xml_url: String,
    /// The podcast's web site (`htmlUrl`).
    pub html_url: Option<String>,
}

/// Why an OPML file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum OpmlError {
    /// The bytes are not well-formed XML. The message includes the parser's cause.
    #[error("not valid XML (at byte {position}): {cause}")]
    Xml {
        position: u64,
        cause: quick_xml::Error,
    },
    /// The document stops before closing its elements.
    #[error("not valid XML: the document ends inside <{element}>")]
    Truncated { element: String },
    /// A second element follows the root element.
    #[error("not valid XML (at byte {position}): <{element}> follows the root element")]
    ExtraRoot { position: u64, element: String },
    /// There is no element at all.
    #[error("not an OPML file: the document is empty")]
    Empty,
    /// The root element is something else (an RSS feed given by mistake, HTML…).
    #[error("not an OPML file: the root element is <{found}>, expected <opml>")]
    NotOpml { found: String },
    /// `<opml>` without `<body>`.
    #[error("the OPML file has no <body>")]
    NoBody,
    /// A body without any outline carrying a feed URL.
    #[error("the OPML file lists no feeds (no <outline> with an xmlUrl attribute)")]
    NoFeeds,
}

/// Reads the feeds listed in an OPML document, in document order, each URL once.
pub fn parse(xml: &[u8]) -> Result<Vec<OpmlFeed>, OpmlError> {
    let mut reader = Reader::from_reader(xml);
    let mut open: Vec<String> = Vec::new();
    let mut root_seen = false;
    let mut body_seen = false;
    let mut body_depth: Option<usize> = None;
    let mut feeds = Vec::new();
    let mut urls = HashSet::new();
    loop {
        let event = reader.read_event().map_err(|cause| OpmlError::Xml {
            position: reader.error_position(),
            cause,
        })?;
        let (element, empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                open.pop();
                if body_depth.is_some_and(|d| open.len() < d) {
                    body_depth = None;
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = element.name().as_ref().to_owned();
        if open.is_empty() {
            if root_seen {
                return Err(OpmlError::ExtraRoot {
                    position: reader.buffer_position(),
                    element: name,
                });
            }
            root_seen = true;
            if !name.eq_ignore_ascii_case("opml") {
                return Err(OpmlError::NotOpml { found: name });
            }
        } else if open.len() == 1 && name.eq_ignore_ascii_case("body") {
            body_seen = true;
            if !empty {
                body_depth = Some(open.len() + 1);
            }
        } else if body_depth.is_some() && name.eq_ignore_ascii_case("outline") {
            let feed = outline(element).map_err(|cause| OpmlError::Xml {
                position: reader.buffer_position(),
                cause,
            })?;
            if let Some(feed) = feed
                && urls.insert(feed.xml_url.clone())
            {
                feeds.push(feed);
            }
        }
        if !empty {
            open.push(name);
        }
    }
    if let Some(element) = open.pop() {
        return Err(OpmlError::Truncated { element });
    }
    if !root_seen {
        return Err(OpmlError::Empty);
    }
    if !body_seen {
        return Err(OpmlError::NoBody);
    }
    if feeds.is_empty() {
        return Err(OpmlError::NoFeeds);
    }
    Ok(feeds)
}

/// The feed an `<outline>` describes, if it has a feed URL.
fn outline(element: &BytesStart<'_>) -> Result<Option<OpmlFeed>, quick_xml::Error> {
    let (mut xml_url, mut html_url, mut title, mut text) = (None, None, None, None);
    for attr in element.attributes() {
        let attr = attr.map_err(quick_xml::Error::InvalidAttr)?;
        let key = attr.key.as_ref();
        let slot = if key.eq_ignore_ascii_case("xmlUrl") {
            &mut xml_url
        } else if key.eq_ignore_ascii_case("htmlUrl") {
            &mut html_url
        } else if key.eq_ignore_ascii_case("title") {
            &mut title
        } else if key.eq_ignore_ascii_case("text") {
            &mut text
        } else {
            continue;
        };
        let value = attr.normalized_value(XmlVersion::Implicit1_0)?;
        *slot = Some(value.trim().to_owned()).filter(|v| !v.is_empty());
    }
    let Some(xml_url) = xml_url else {
        return Ok(None);
    };
    // A "title" that only repeats the URL says nothing (our writer puts the URL in `text` when
    // there is no title, as OPML 2.0 requires a `text`).
    let title = title.or(text).filter(|t| *t != xml_url);
    Ok(Some(OpmlFeed {
        title,
        xml_url,
        html_url,
    }))
}

/// Writes an OPML 2.0 document listing `feeds` under the document title `title`.
///
/// Characters XML cannot carry (most ASCII control characters) are left out; line breaks and
/// tabs in attributes are written as character references so they survive.
pub fn write(feeds: &[OpmlFeed], title: &str) -> String {
    let mut out = String::with_capacity(160 + feeds.len() * 160);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n");
    out.push_str("  <head>\n    <title>");
    escape_into(&mut out, title, false);
    out.push_str("</title>\n  </head>\n  <body>\n");
    for feed in feeds {
        out.push_str("    <outline type=\"rss\" text=\"");
        escape_into(
            &mut out,
            feed.title.as_deref().unwrap_or(&feed.xml_url),
            true,
        );
        if let Some(title) = &feed.title {
            out.push_str("\" title=\"");
            escape_into(&mut out, title, true);
        }
        out.push_str("\" xmlUrl=\"");
        escape_into(&mut out, &feed.xml_url, true);
        if let Some(html_url) = &feed.html_url {
            out.push_str("\" htmlUrl=\"");
            escape_into(&mut out, html_url, true);
        }
        out.push_str("\"/>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

/// Appends `text` escaped for element content, or for a double-quoted attribute when
/// `attribute` (where white space other than spaces must be a reference to survive).
fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\t' | '\n' if attribute => out.push_str(if c == '\t' { "&#9;" } else { "&#10;" }),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Characters allowed in an XML 1.0 document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    macro_rules! castero {
        ($name:literal) => {
            include_bytes!(concat!(
                "../../tests/fixtures/castero/subscriptions/",
                $name
            ))
        };
    }

    fn feed(title: &str, url: &str) -> OpmlFeed {
        OpmlFeed {
            title: Some(title.into()),
            xml_url: url.into(),
            html_url: None,
        }
    }

    #[test]
    fn castero_valid_files_import_their_feeds() {
        let two = vec![feed("feed1", "http://feed1"), feed("feed2", "http://feed2")];
        assert_eq!(parse(castero!("valid_base.xml")).unwrap(), two);
        assert_eq!(parse(castero!("valid_complete.xml")).unwrap(), two);
        assert_eq!(parse(castero!("valid_no_head.xml")).unwrap(), two);
        // castero insisted on a category outline; OPML does not.
        assert_eq!(parse(castero!("broken_no_container.xml")).unwrap(), two);
    }

    #[test]
    fn castero_broken_files_give_clear_errors() {
        let err = parse(castero!("broken_no_body.xml")).unwrap_err();
        assert!(matches!(err, OpmlError::NoBody), "{err:?}");
        assert_eq!(err.to_string(), "the OPML file has no <body>");
        for file in [
            &castero!("broken_no_outline.xml")[..],
            castero!("valid_minimal.xml"),
        ] {
            let err = parse(file).unwrap_err();
            assert!(matches!(err, OpmlError::NoFeeds), "{err:?}");
        }
        let err = parse(castero!("broken_parse.xml")).unwrap_err();
        assert!(matches!(err, OpmlError::Xml { .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.starts_with("not valid XML (at byte"), "{message}");
        assert!(message.contains("bad"), "{message}");
    }

    #[test]
    fn other_documents_are_refused() {
        type Check = fn(&OpmlError) -> bool;
        let cases: [(&str, Check); 6] = [
            ("", |e| matches!(e, OpmlError::Empty)),
            ("<?xml version='1.0'?><!-- nothing -->", |e| {
                matches!(e, OpmlError::Empty)
            }),
            (
                "<rss><channel/></rss>",
                |e| matches!(e, OpmlError::NotOpml { found } if found == "rss"),
            ),
            (
                "<opml><body><outline xmlUrl='http://a'/>",
                |e| matches!(e, OpmlError::Truncated { element } if element == "body"),
            ),
            (
                "<opml><body><outline xmlUrl='http://a'/></body></opml><opml/>",
                |e| matches!(e, OpmlError::ExtraRoot { .. }),
            ),
            (
                "<opml><body><outline xmlUrl='http://a&nbsp;b'/></body></opml>",
                |e| matches!(e, OpmlError::Xml { .. }),
            ),
        ];
        for (xml, expected) in cases {
            let err = parse(xml.as_bytes()).unwrap_err();
            println!("{err}");
            assert!(expected(&err), "{xml}: {err:?}");
        }
    }

    #[test]
    fn exporters_variations_are_read() {
        let xml = r#"<?xml version="1.0" encoding="utf-8"?>
            <OPML version="2.0"><head><title>Podcasts</title></head><body>
              <outline text="Tech">
                <outline text="Rust &amp; Networking" type="rss" XMLURL=" https://a.example/feed?x=1&amp;y=2 " htmlurl="https://a.example/"/>
                <outline text="Category"><outline title="Caf&#233; &lt;3" text="ignored" xmlurl="https://b.example/rss"></outline></outline>
              </outline>
              <outline type="rss" text="https://c.example/rss" xmlUrl="https://c.example/rss"/>
              <outline text="no url here"/>
              <outline text="duplicate" xmlUrl="https://b.example/rss"/>
              <outline text="blank" xmlUrl="  "/>
            </body></OPML>"#;
        let feeds = parse(xml.as_bytes()).unwrap();
        assert_eq!(
            feeds,
            vec![
                OpmlFeed {
                    title: Some("Rust & Networking".into()),
                    xml_url: "https://a.example/feed?x=1&y=2".into(),
                    html_url: Some("https://a.example/".into()),
                },
                feed("Café <3", "https://b.example/rss"),
                OpmlFeed {
                    title: None,
                    xml_url: "https://c.example/rss".into(),
                    html_url: None,
                },
            ]
        );
        // Outlines outside <body> are not subscriptions.
        for outside in [
            "<opml><head><outline xmlUrl='http://a'/></head><body/></opml>",
            "<opml><body/><head><outline xmlUrl='http://a'/></head></opml>",
        ] {
            let result = parse(outside.as_bytes());
            assert!(
                matches!(result, Err(OpmlError::NoFeeds)),
                "{outside}: {result:?}"
            );
        }
    }

    #[test]
    fn written_documents_are_opml_2_and_drop_impossible_characters() {
        let feeds = [
            OpmlFeed {
                title: Some("A \"quoted\" <title> & 'more'\u{1}".into()),
                xml_url: "https://a.example/?a=1&b=2".into(),
                html_url: Some("https://a.example/".into()),
            },
            OpmlFeed {
                title: None,
                xml_url: "https://b.example/".into(),
                html_url: None,
            },
        ];
        let xml = write(&feeds, "My <feeds>");
        assert!(
            xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">")
        );
        assert!(xml.contains("<title>My &lt;feeds&gt;</title>"), "{xml}");
        assert!(
            xml.contains("xmlUrl=\"https://a.example/?a=1&amp;b=2\""),
            "{xml}"
        );
        assert!(xml.contains("text=\"https://b.example/\""), "{xml}");
        assert!(!xml.contains('\u{1}'));
        let back = parse(xml.as_bytes()).unwrap();
        assert_eq!(
            back[0].title.as_deref(),
            Some("A \"quoted\" <title> & 'more'")
        );
        assert_eq!(back[1], feeds[1]);
    }

    /// Titles as an importer leaves them: trimmed, not empty.
    fn title() -> impl Strategy<Value = Option<String>> {
        let chars = prop::sample::select(vec![
            'a', 'Z', '0', ' ', '\t', '\n', '\r', '&', '<', '>', '"', '\'', ';', '#', 'é', 'ß',
            '中', '😀', '\u{a0}', '\u{2028}',
        ]);
        prop::option::of(
            prop::collection::vec(chars, 1..20)
                .prop_map(|c| c.into_iter().collect::<String>().trim().to_owned())
                .prop_filter("non-empty", |t| !t.is_empty()),
        )
    }

    fn url() -> impl Strategy<Value = String> {
        "[a-z0-9&<>\"'=?/%#;é中-]{1,16}".prop_map(|path| format!("https://example.com/{path}"))
    }

    proptest! {
        #[test]
        fn import_write_import_is_lossless(
            items in prop::collection::vec((title(), url(), prop::option::of(url())), 1..12)
        ) {
            let mut seen = HashSet::new();
            let feeds: Vec<OpmlFeed> = items
                .into_iter()
                .filter(|(_, u, _)| seen.insert(u.clone()))
                .map(|(title, xml_url, html_url)| OpmlFeed { title, xml_url, html_url })
                .collect();
            let xml = write(&feeds, "Subscriptions & <more>");
            let imported = parse(xml.as_bytes()).unwrap();
            prop_assert_eq!(&imported, &feeds);
            prop_assert_eq!(write(&imported, "Subscriptions & <more>"), xml);
        }
    }
}
