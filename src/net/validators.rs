//! HTTP validators (`ETag`, `Last-Modified`): what a server says identifies the copy it sent,
//! read from its answer and given back on the next request — as `If-None-Match` /
//! `If-Modified-Since` on a conditional GET (feeds, transcripts), or as `If-Range` by the
//! streaming cache.

use reqwest::header::{
    ETAG, HeaderMap, HeaderName, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
};

/// The validators a server gave for a copy, sent back when asking for it again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    /// The ETag and Last-Modified of an answer's `headers`.
    pub fn of(headers: &HeaderMap) -> Validators {
        Validators {
            etag: header_text(headers, ETAG),
            last_modified: header_text(headers, LAST_MODIFIED),
        }
    }

    /// If-None-Match and If-Modified-Since for a GET answered 304 while the copy these describe
    /// is current (a value that cannot be a header is left out).
    pub fn conditions(&self) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let conditions = [
            (IF_NONE_MATCH, self.etag.as_deref()),
            (IF_MODIFIED_SINCE, self.last_modified.as_deref()),
        ];
        for (name, value) in conditions {
            if let Some(value) = value.and_then(|v| HeaderValue::from_str(v).ok()) {
                headers.insert(name, value);
            }
        }
        headers
    }
}

/// Header `name` of `headers` as text, `None` when it is missing or not text.
pub fn header_text(headers: &HeaderMap, name: HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators_read_from_an_answer_are_sent_back_as_conditions() {
        let mut answer = HeaderMap::new();
        answer.insert(ETAG, HeaderValue::from_static("\"v1\""));
        answer.insert(
            LAST_MODIFIED,
            HeaderValue::from_static("Tue, 03 Feb 2026 06:00:00 GMT"),
        );
        let validators = Validators::of(&answer);
        assert_eq!(validators.etag.as_deref(), Some("\"v1\""));
        let conditions = validators.conditions();
        assert_eq!(conditions[IF_NONE_MATCH], "\"v1\"");
        assert_eq!(
            conditions[IF_MODIFIED_SINCE],
            "Tue, 03 Feb 2026 06:00:00 GMT"
        );
        assert!(Validators::default().conditions().is_empty());
    }
}
