//! Element names by namespace, whatever prefix a feed chose (or forgot to declare).

use quick_xml::name::ResolveResult;

/// The vocabularies a podcast feed mixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ns {
    /// No namespace: RSS 0.9x/2.0 (and RSS 1.0's own namespace, which means the same here).
    Rss,
    Atom,
    Itunes,
    Podcast,
    Psc,
    Media,
    Content,
    Dc,
    Rdf,
    Other,
}

/// Classifies a resolved namespace. Unbound prefixes (feeds that use `itunes:` without
/// declaring it) are classified by the prefix itself.
pub fn classify(resolved: &ResolveResult<'_>, qname: &str) -> Ns {
    match resolved {
        ResolveResult::Unbound => Ns::Rss,
        ResolveResult::Bound(ns) => by_uri(ns.as_ref()),
        ResolveResult::Unknown(prefix) => by_prefix(prefix).unwrap_or_else(|| {
            let prefix = qname.split(':').next().unwrap_or_default();
            by_prefix(prefix).unwrap_or(Ns::Other)
        }),
    }
}

fn by_uri(uri: &str) -> Ns {
    let uri = uri.to_ascii_lowercase();
    let uri = uri.trim_end_matches('/');
    if uri == "http://www.w3.org/2005/atom" || uri == "http://purl.org/atom/ns#" {
        Ns::Atom
    } else if uri.contains("itunes.com/dtds/podcast") {
        Ns::Itunes
    } else if uri.contains("podcastindex.org/namespace") || uri.contains("podcast-namespace") {
        Ns::Podcast
    } else if uri.contains("podlove.org/simple-chapters") {
        Ns::Psc
    } else if uri.contains("search.yahoo.com/mrss") {
        Ns::Media
    } else if uri.contains("purl.org/rss/1.0/modules/content") {
        Ns::Content
    } else if uri.contains("purl.org/dc/elements") {
        Ns::Dc
    } else if uri.contains("www.w3.org/1999/02/22-rdf-syntax-ns") {
        Ns::Rdf
    } else if uri == "http://purl.org/rss/1.0" || uri.starts_with("http://my.netscape.com/rdf") {
        Ns::Rss
    } else {
        Ns::Other
    }
}

fn by_prefix(prefix: &str) -> Option<Ns> {
    Some(match prefix {
        "itunes" => Ns::Itunes,
        "podcast" => Ns::Podcast,
        "psc" => Ns::Psc,
        "media" => Ns::Media,
        "content" => Ns::Content,
        "atom" => Ns::Atom,
        "dc" => Ns::Dc,
        "rdf" => Ns::Rdf,
        _ => return None,
    })
}
