//! Which of an episode's transcripts to read first: the feed's language before others, then
//! JSON, WebVTT, SRT, HTML, plain text (the most structured first), then feed order.
//!
//! A transcript without a `language` is in the feed's `<language>` (as the namespace says); a
//! feed without one takes the first transcript's language as its own. Languages match on their
//! primary tag (`en-US` is `en`).

use super::TranscriptFormat;
use crate::model::Transcript;

/// The transcripts in the order to try them, best first.
pub fn preferred<'a>(
    transcripts: &'a [Transcript],
    feed_language: Option<&str>,
) -> Vec<&'a Transcript> {
    let reference = feed_language
        .or_else(|| transcripts.first().and_then(|t| t.language.as_deref()))
        .map(primary);
    let mut ranked: Vec<(bool, usize, usize, &Transcript)> = transcripts
        .iter()
        .enumerate()
        .map(|(index, t)| {
            let language = t.language.as_deref().or(feed_language).map(primary);
            let other_language = matches!((&reference, &language), (Some(r), Some(l)) if r != l);
            (other_language, format_rank(t), index, t)
        })
        .collect();
    ranked.sort_by_key(|&(other, format, index, _)| (other, format, index));
    ranked.into_iter().map(|(.., t)| t).collect()
}

/// The format's place in [`TranscriptFormat::PREFERENCE`]; unknown formats last.
fn format_rank(transcript: &Transcript) -> usize {
    let format = transcript
        .kind
        .as_deref()
        .and_then(TranscriptFormat::from_mime)
        .or_else(|| TranscriptFormat::from_url(&transcript.url));
    format
        .and_then(|f| TranscriptFormat::PREFERENCE.iter().position(|p| *p == f))
        .unwrap_or(TranscriptFormat::PREFERENCE.len())
}

/// The primary language subtag, lower case (`en-US` → `en`).
fn primary(language: &str) -> String {
    language
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(url: &str, kind: Option<&str>, language: Option<&str>) -> Transcript {
        Transcript {
            url: url.into(),
            kind: kind.map(str::to_owned),
            language: language.map(str::to_owned),
        }
    }

    fn urls(list: Vec<&Transcript>) -> Vec<&str> {
        list.into_iter().map(|t| t.url.as_str()).collect()
    }

    #[test]
    fn json_then_vtt_srt_html_text() {
        let list = [
            t("a.txt", Some("text/plain"), None),
            t("b", Some("text/html"), None),
            t("c", Some("application/srt"), None),
            t("d", None, None),
            t("e.vtt", None, None),
            t("f", Some("application/json"), None),
            t("g", Some("application/x-subrip"), None),
        ];
        assert_eq!(
            urls(preferred(&list, Some("en"))),
            ["f", "e.vtt", "c", "g", "b", "a.txt", "d"]
        );
    }

    #[test]
    fn the_feed_language_first() {
        let list = [
            t("es.json", Some("application/json"), Some("es")),
            t("en.vtt", Some("text/vtt"), Some("en-US")),
            t("feed.srt", Some("application/srt"), None),
        ];
        assert_eq!(
            urls(preferred(&list, Some("en-us"))),
            ["en.vtt", "feed.srt", "es.json"]
        );
        // No feed language: the first transcript's language is the reference.
        assert_eq!(
            urls(preferred(&list, None)),
            ["es.json", "feed.srt", "en.vtt"]
        );
        assert!(preferred(&[], Some("en")).is_empty());
    }
}
