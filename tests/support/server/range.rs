//! Interpreting `Range: bytes=…` headers (RFC 9110 §14).
//!
//! Only single ranges are served as 206. A request for several ranges is
//! answered with the full body (200), which RFC 9110 allows and which every
//! podcast client handles; the server never produces `multipart/byteranges`.

/// An inclusive byte range within a body of known length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ByteRange {
    pub first: u64,
    pub last: u64,
}

impl ByteRange {
    pub fn len(self) -> u64 {
        self.last - self.first + 1
    }

    /// `Content-Range` value for a 206 response.
    pub fn content_range(self, total: u64) -> String {
        format!("bytes {}-{}/{total}", self.first, self.last)
    }
}

/// How a Range header applies to a body of a given length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RangeDecision {
    /// Serve the whole body with 200: invalid syntax, another unit, or several ranges.
    Full,
    /// Serve this part with 206.
    Partial(ByteRange),
    /// Answer 416 with `Content-Range: bytes */len`.
    Unsatisfiable,
}

/// Decides how to answer `Range: <header>` for a body of `len` bytes.
pub(crate) fn decide(header: &str, len: u64) -> RangeDecision {
    let Some((unit, specs)) = header.split_once('=') else {
        return RangeDecision::Full;
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") {
        return RangeDecision::Full;
    }
    let specs: Vec<&str> = specs
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let [spec] = specs[..] else {
        return RangeDecision::Full;
    };
    let Some((first, last)) = spec.split_once('-') else {
        return RangeDecision::Full;
    };
    let number = |s: &str| -> Option<u64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            None
        } else {
            // Absurdly long numbers saturate: they are simply beyond the body.
            Some(s.parse().unwrap_or(u64::MAX))
        }
    };
    match (first.is_empty(), last.is_empty()) {
        // bytes=-n: the final n bytes.
        (true, false) => match number(last) {
            None => RangeDecision::Full,
            Some(0) => RangeDecision::Unsatisfiable,
            Some(_) if len == 0 => RangeDecision::Unsatisfiable,
            Some(n) => RangeDecision::Partial(ByteRange {
                first: len.saturating_sub(n),
                last: len - 1,
            }),
        },
        // bytes=a-: from a to the end.
        (false, true) => match number(first) {
            None => RangeDecision::Full,
            Some(a) if a >= len => RangeDecision::Unsatisfiable,
            Some(a) => RangeDecision::Partial(ByteRange {
                first: a,
                last: len - 1,
            }),
        },
        // bytes=a-b: inclusive, b clamped to the end.
        (false, false) => match (number(first), number(last)) {
            (Some(a), Some(b)) if a <= b => {
                if a >= len {
                    RangeDecision::Unsatisfiable
                } else {
                    RangeDecision::Partial(ByteRange {
                        first: a,
                        last: b.min(len - 1),
                    })
                }
            }
            _ => RangeDecision::Full,
        },
        (true, true) => RangeDecision::Full,
    }
}
