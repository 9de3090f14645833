//! Conditional requests (RFC 9110 §13): If-None-Match, If-Modified-Since and
//! If-Range against a resource's ETag and Last-Modified.

use super::httpdate::parse_http_date;

/// Splits an entity-tag into (weak, opaque-tag-with-quotes).
fn split_weak(tag: &str) -> (bool, &str) {
    match tag.strip_prefix("W/") {
        Some(rest) => (true, rest),
        None => (false, tag),
    }
}

/// `If-None-Match` evaluation with weak comparison: `*` matches any existing
/// resource, otherwise any listed tag equal to the current ETag ignoring `W/`.
pub(crate) fn none_match_hits(header: &str, etag: Option<&str>) -> bool {
    if header.trim() == "*" {
        return true;
    }
    let Some(etag) = etag else {
        return false;
    };
    let current = split_weak(etag.trim()).1;
    header
        .split(',')
        .map(|t| split_weak(t.trim()).1)
        .any(|t| t == current)
}

/// `If-Modified-Since` evaluation: true when the resource has not changed
/// since the given date. Unparseable dates never match (the header is ignored).
pub(crate) fn not_modified_since(header: &str, last_modified: Option<&str>) -> bool {
    let (Some(since), Some(modified)) = (
        parse_http_date(header),
        last_modified.and_then(parse_http_date),
    ) else {
        return false;
    };
    modified <= since
}

/// `If-Range` evaluation. An entity-tag matches only by strong comparison
/// (both strong and identical); a date matches only if it equals Last-Modified.
pub(crate) fn if_range_matches(
    header: &str,
    etag: Option<&str>,
    last_modified: Option<&str>,
) -> bool {
    let header = header.trim();
    if header.starts_with('"') || header.starts_with("W/") {
        let Some(etag) = etag else {
            return false;
        };
        let (header_weak, header_tag) = split_weak(header);
        let (etag_weak, etag_tag) = split_weak(etag.trim());
        return !header_weak && !etag_weak && header_tag == etag_tag;
    }
    match (
        parse_http_date(header),
        last_modified.and_then(parse_http_date),
    ) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}
