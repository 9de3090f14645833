//! Search across the library: episode titles, chapter titles and show notes, ignoring case.
//! A chapter hit plays from that chapter; notes hits come with a snippet around the words.

use super::state::{HitPlace, Library, SearchHit};

/// At most this many results are listed.
pub const MAX_HITS: usize = 200;
/// Characters of context on each side of a notes hit.
const SNIPPET_CONTEXT: usize = 30;

/// Everything in `library` that contains `query` (ignoring case), in library order: per
/// episode the title, then its chapters, then — when neither matched — its notes.
pub fn find(library: &Library, query: &str) -> Vec<SearchHit> {
    let needle = fold(query.trim()).0;
    let mut hits = Vec::new();
    if needle.is_empty() {
        return hits;
    }
    for (p, podcast) in library.podcasts.iter().enumerate() {
        for (e, episode) in podcast.episodes.iter().enumerate() {
            let before = hits.len();
            let hit = |place| SearchHit {
                podcast: p,
                episode: e,
                place,
            };
            if fold(&episode.episode.title).0.contains(&needle) {
                hits.push(hit(HitPlace::Title));
            }
            for (index, chapter) in episode.visible_chapters().iter().enumerate() {
                if fold(&chapter.title).0.contains(&needle) {
                    hits.push(hit(HitPlace::Chapter { index }));
                }
            }
            if hits.len() == before
                && let Some(snippet) = snippet(&episode.episode.description, &needle)
            {
                hits.push(hit(HitPlace::Notes { snippet }));
            }
            if hits.len() >= MAX_HITS {
                hits.truncate(MAX_HITS);
                return hits;
            }
        }
    }
    hits
}

/// `text` in lower case, with the byte offset in `text` of each byte of the folded text.
fn fold(text: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        for lower in c.to_lowercase() {
            folded.push(lower);
            origin.extend(std::iter::repeat_n(i, lower.len_utf8()));
        }
    }
    (folded, origin)
}

/// The words around the first place `needle` (folded) occurs in `text`.
fn snippet(text: &str, needle: &str) -> Option<String> {
    let (folded, origin) = fold(text);
    let at = origin[folded.find(needle)?];
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(SNIPPET_CONTEXT - 1)
        .map_or(0, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .nth(needle.chars().count() + SNIPPET_CONTEXT)
        .map_or(text.len(), |(i, _)| at + i);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(&text[start..end]);
    if end < text.len() {
        out.push('…');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_cut_on_character_boundaries_and_ignore_case() {
        let text = format!("{}İstanbul CAFÉ crème{}", "ü".repeat(40), "é".repeat(40));
        let s = snippet(&text, "café").unwrap();
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("CAFÉ crème"), "{s}");
        assert_eq!(snippet("abc", "x"), None);
    }

    #[test]
    fn an_empty_query_finds_nothing() {
        assert!(find(&Library::default(), "  ").is_empty());
    }
}
