use proptest::prelude::*;

use super::*;

/// What [`resolve`] does with every link, parsing it first.
fn resolved_by_parsing(base: Option<&Url>, url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    if Url::parse(url).is_ok() || url.contains(char::is_whitespace) {
        return Some(url.to_owned());
    }
    Some(
        base.and_then(|b| b.join(url).ok())
            .map_or_else(|| url.to_owned(), |j| j.to_string()),
    )
}

#[test]
fn links_are_kept_as_published_or_resolved_against_the_feed() {
    let base = Url::parse("https://feeds.example/show/feed.xml").unwrap();
    for (link, expected) in [
        ("https://cdn.example/a b.mp3", "https://cdn.example/a b.mp3"),
        ("HTTP://CDN.example/x?\"q\"", "HTTP://CDN.example/x?\"q\""),
        ("http://host:99999/ep.mp3", "http://host:99999/ep.mp3"),
        ("  https://cdn.example/e.mp3\n", "https://cdn.example/e.mp3"),
        ("../media/e.mp3", "https://feeds.example/media/e.mp3"),
        ("//cdn.example/e.mp3", "https://cdn.example/e.mp3"),
        ("mailto:host@example.org", "mailto:host@example.org"),
    ] {
        assert_eq!(
            resolve(Some(&base), link).as_deref(),
            Some(expected),
            "{link}"
        );
    }
    assert_eq!(resolve(Some(&base), " \t"), None);
}

proptest! {
    #[test]
    fn an_http_address_is_resolved_as_parsing_would(
        scheme in "(?i:https?):/{0,2}",
        rest in "[ -~\\t]{0,40}",
        base in prop::option::of(prop::sample::select(vec![
            "https://feeds.example/show/feed.xml",
            "http://a/b/c",
        ])),
    ) {
        let base = base.map(|b| Url::parse(b).unwrap());
        let link = format!("{scheme}{rest}");
        prop_assert_eq!(resolve(base.as_ref(), &link), resolved_by_parsing(base.as_ref(), &link));
    }
}
