//! Timestamps as show notes write them (`MM:SS`, `H:MM:SS`, `HH:MM:SS`, optionally in brackets),
//! found anywhere in a text, also where a listing glued them to the words around them
//! ("Intro00:50"). A digit glued before a timestamp is ambiguous ("WebRTC 10130:05" is "30:05"
//! after "WebRTC 101", or "0:05" after "WebRTC 1013"), so every reading is returned and the
//! caller chooses by context. One pass over the text; no backtracking.

/// One reading of a timestamp in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Stamp {
    /// Byte range in the text, brackets around the time included.
    pub start: usize,
    pub end: usize,
    pub seconds: f64,
    /// Readings of the same written time share a group (the offset of its first colon).
    pub group: usize,
}

/// Characters that, right before a time's digits, make it part of something else (a longer
/// time, a path, a `t=` parameter).
const NOT_BEFORE: &[u8] = b":/=#";

/// Every reading of every timestamp in `text`, in text order, at most `limit` of them.
/// Times inside URLs and clock times of day ("10:30am") are left out.
pub fn find(text: &str, limit: usize) -> Vec<Stamp> {
    let b = text.as_bytes();
    let mut urls = Urls { text, end: 0 };
    // At most two readings per `:`.
    let colons = memchr::memchr_iter(b':', b).count();
    let mut stamps = Vec::with_capacity((2 * colons).min(limit));
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let value = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    for colon in memchr::memchr2_iter(b':', b'.', b) {
        if stamps.len() >= limit {
            break;
        }
        // URLs are told by their `://` or `www.`, both before any time inside them.
        if urls.passing(colon) || b[colon] == b'.' {
            continue;
        }
        if !(colon >= 1 && digit(colon - 1) && digit(colon + 1) && digit(colon + 2)) {
            continue;
        }
        if colon < urls.end {
            continue;
        }
        let run = (1..=3)
            .take_while(|&n| colon >= n && digit(colon - n))
            .count();
        if run < 3 && !allowed_before(b, colon - run) {
            continue;
        }
        let three = b.get(colon + 3) == Some(&b':') && digit(colon + 4) && digit(colon + 5);
        let mut end = if three { colon + 6 } else { colon + 3 };
        if digit(end) || (b.get(end) == Some(&b':') && digit(end + 1)) {
            continue;
        }
        let mut fraction = 0.0;
        if b.get(end) == Some(&b'.') && digit(end + 1) {
            let digits = (end + 1..b.len()).take_while(|&i| digit(i)).count();
            let shown = &text[end + 1..end + 1 + digits.min(3)];
            fraction = shown.parse::<f64>().unwrap_or(0.0) / 10f64.powi(shown.len() as i32);
            end += 1 + digits;
        }
        if clock_of_day(&b[end..]) {
            continue;
        }
        let (second_field, third_field) = (value(colon + 1), three.then(|| value(colon + 4)));
        if second_field >= 60 || third_field.is_some_and(|s| s >= 60) {
            continue;
        }
        for width in [2, 1] {
            if width > run {
                continue;
            }
            let first = if width == 2 {
                value(colon - 2)
            } else {
                u32::from(b[colon - 1] - b'0')
            };
            let seconds = match third_field {
                Some(s) => f64::from(first * 3600 + second_field * 60 + s),
                None => f64::from(first * 60 + second_field),
            } + fraction;
            let start = colon - width;
            let bracketed = start > 0
                && matches!(
                    (b[start - 1], b.get(end)),
                    (b'(', Some(b')')) | (b'[', Some(b']'))
                );
            let (start, stop) = if bracketed {
                (start - 1, end + 1)
            } else {
                (start, end)
            };
            stamps.push(Stamp {
                start,
                end: stop,
                seconds,
                group: colon,
            });
        }
    }
    stamps.truncate(limit);
    stamps
}

/// Whether the byte before a time's digits (at `first`) lets it stand as a time.
fn allowed_before(b: &[u8], first: usize) -> bool {
    let Some(&before) = first.checked_sub(1).and_then(|i| b.get(i)) else {
        return true;
    };
    if NOT_BEFORE.contains(&before) {
        return false;
    }
    // "1.10:30", "2,5:00": a number, not a time.
    let number_before = first >= 2 && b[first - 2].is_ascii_digit();
    !((before == b'.' || before == b',') && number_before)
}

/// "10:30am", "10:30 p.m.", "10:30h": a time of day, not a position in the episode.
fn clock_of_day(after: &[u8]) -> bool {
    let ends_word = |rest: &[u8], n: usize| rest.get(n).is_none_or(|c| !c.is_ascii_alphabetic());
    if after.first() == Some(&b'h') && ends_word(after, 1) {
        return true;
    }
    let after = after.strip_prefix(b" ").unwrap_or(after);
    let mut lower = [0; 3];
    let shown = after.len().min(3);
    lower[..shown].copy_from_slice(&after[..shown]);
    lower.make_ascii_lowercase();
    let lower = &lower[..shown];
    lower.starts_with(b"a.m")
        || lower.starts_with(b"p.m")
        || ((lower.starts_with(b"am") || lower.starts_with(b"pm")) && ends_word(after, 2))
}

/// The URLs in a text (`http://`, `https://`, `www.` up to the next space), met in text order.
struct Urls<'a> {
    text: &'a str,
    /// Where the last URL met ends.
    end: usize,
}

impl Urls<'_> {
    /// Notes the URL whose `://` or `www.` has its `:` or `.` at `at`, if any; whether there is.
    fn passing(&mut self, at: usize) -> bool {
        let b = self.text.as_bytes();
        let is = |start: Option<usize>, p: &[u8]| {
            start.filter(|&s| {
                b.get(s..s + p.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(p))
            })
        };
        let start = if b[at] == b'.' {
            is(at.checked_sub(3), b"www")
        } else if b.get(at..at + 3) == Some(b"://") {
            is(at.checked_sub(4), b"http").or_else(|| is(at.checked_sub(5), b"https"))
        } else {
            None
        };
        let Some(start) = start else { return false };
        // A URL starting inside the last one is part of it.
        if start >= self.end {
            self.end = url_end(self.text, start);
        }
        true
    }
}

/// Where the URL starting at `start` ends: at white space, `<` or `"`.
fn url_end(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let mut at = start;
    loop {
        // ASCII white space, `<`, `"`, or the first byte of a character to look at.
        let stop = |c: &u8| matches!(c, b'\t'..=b'\r' | b' ' | b'<' | b'"') || !c.is_ascii();
        at += b[at..].iter().position(stop).unwrap_or(b.len() - at);
        match text[at..].chars().next() {
            Some(c) if !c.is_ascii() && !c.is_whitespace() => at += c.len_utf8(),
            _ => return at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readings(text: &str) -> Vec<(&str, f64)> {
        find(text, 100)
            .into_iter()
            .map(|s| (&text[s.start..s.end], s.seconds))
            .collect()
    }

    #[test]
    fn forms() {
        assert_eq!(
            readings(" 05:35 x"),
            vec![("05:35", 335.0), ("5:35", 335.0)]
        );
        assert_eq!(readings("1:02:03"), vec![("1:02:03", 3723.0)]);
        assert_eq!(readings("(00:50) [12:00.5]")[0], ("(00:50)", 50.0));
        assert_eq!(readings("[12:00.5]")[0], ("[12:00.5]", 720.5));
    }

    #[test]
    fn glued_readings() {
        assert_eq!(
            readings("WebRTC 10130:05 P"),
            vec![("30:05", 1805.0), ("0:05", 5.0)]
        );
        assert_eq!(
            readings("words01:14:07 Outro"),
            vec![("01:14:07", 4447.0), ("1:14:07", 4447.0)]
        );
        assert_eq!(readings("Sans IO?01:06:36")[0], ("01:06:36", 3996.0));
    }

    #[test]
    fn not_times() {
        for text in [
            "12:345",
            "1:60",
            "1:02:60",
            "1:2",
            "1:02:03:04",
            "see https://e.org/a12:30 x",
            "www.x.org/12:30",
            "10:30am",
            "10:30 pm",
            "10:30 p.m.",
            "10:30h",
            "#t=12:34",
            "t=12:34",
            "v1.10:30",
            "a:12:30",
            "a/12:30",
        ] {
            assert_eq!(readings(text), vec![], "{text}");
        }
        assert_eq!(readings("10:30 amsterdam").len(), 2);
    }

    #[test]
    fn limit_bounds_the_work() {
        assert_eq!(find(&"00:00 ".repeat(50), 7).len(), 7);
    }
}
