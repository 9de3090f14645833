//! Publication dates as feeds really write them: RFC 2822 with the usual mistakes, and ISO 8601.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Parses a feed date leniently; `None` when nothing sensible can be read.
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Some(t.with_timezone(&Utc));
    }
    rfc2822_lenient(text).or_else(|| iso_lenient(text))
}

/// RFC 2822 with a missing or misspelt weekday, a missing seconds field, full month names,
/// zone names chrono does not know, or no zone (taken as UTC).
fn rfc2822_lenient(text: &str) -> Option<DateTime<Utc>> {
    let without_weekday = match text.split_once(',') {
        Some((_, rest)) => rest.trim(),
        None => text,
    };
    let mut parts: Vec<String> = without_weekday
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    if parts.len() < 4 {
        return None;
    }
    if let Some(month) = parts.get_mut(1) {
        *month = month.chars().take(3).collect();
    }
    if parts.get(3).is_some_and(|t| t.matches(':').count() == 1) {
        parts[3].push_str(":00");
    }
    let offset = match parts.get(4) {
        Some(zone) => zone_offset(zone)?,
        None => FixedOffset::east_opt(0)?,
    };
    let stamp = format!("{} {} {} {}", parts[0], parts[1], parts[2], parts[3]);
    let year_digits = parts[2].len();
    let format = if year_digits == 2 {
        "%d %b %y %H:%M:%S"
    } else {
        "%d %b %Y %H:%M:%S"
    };
    let naive = NaiveDateTime::parse_from_str(&stamp, format).ok()?;
    offset
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

fn zone_offset(zone: &str) -> Option<FixedOffset> {
    let hours = match zone.to_ascii_uppercase().as_str() {
        "UT" | "UTC" | "GMT" | "Z" => 0,
        "EST" => -5,
        "EDT" => -4,
        "CST" => -6,
        "CDT" => -5,
        "MST" => -7,
        "MDT" => -6,
        "PST" => -8,
        "PDT" => -7,
        "CET" => 1,
        "CEST" => 2,
        "BST" => 1,
        _ => return numeric_offset(zone),
    };
    FixedOffset::east_opt(hours * 3600)
}

fn numeric_offset(zone: &str) -> Option<FixedOffset> {
    let (sign, digits) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// ISO 8601 without a zone, with a space instead of `T`, or a bare date.
fn iso_lenient(text: &str) -> Option<DateTime<Utc>> {
    let text = text.replacen(' ', "T", 1);
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(&text, format) {
            return Some(Utc.from_utc_datetime(&naive));
        }
    }
    if let Ok(t) = DateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|naive| Utc.from_utc_datetime(&naive))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unix(text: &str) -> Option<i64> {
        parse_date(text).map(|t| t.timestamp())
    }

    #[test]
    fn standard_forms() {
        assert_eq!(unix("Sat, 13 Dec 2003 18:30:02 GMT"), Some(1071340202));
        assert_eq!(unix("2003-12-13T18:30:02Z"), Some(1071340202));
        assert_eq!(unix("2003-12-13T19:30:02+01:00"), Some(1071340202));
    }

    #[test]
    fn real_world_mistakes() {
        assert_eq!(unix("13 Dec 2003 18:30:02 GMT"), Some(1071340202));
        assert_eq!(unix("Sun, 13 Dec 2003 18:30:02 GMT"), Some(1071340202));
        assert_eq!(unix("Sat, 13 December 2003 18:30:02 GMT"), Some(1071340202));
        assert_eq!(unix("Sat, 13 Dec 2003 18:30 GMT"), Some(1071340200));
        assert_eq!(unix("Sat, 13 Dec 2003 13:30:02 EST"), Some(1071340202));
        assert_eq!(unix("Sat, 13 Dec 2003 18:30:02"), Some(1071340202));
        assert_eq!(unix("2003-12-13 18:30:02"), Some(1071340202));
        assert_eq!(unix("2003-12-13"), Some(1071273600));
    }

    #[test]
    fn garbage_is_none() {
        for bad in ["", "yesterday", "Sat, 99 Foo 2003", "2003-13-45"] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }
}
