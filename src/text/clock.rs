//! Clock times as podcasts write them: `SS`, `SSSS`, `M:SS`, `MM:SS`, `H:MM:SS`, `HH:MM:SS`,
//! with optional fractions (`01:02:03.400`), and the reverse for display.

/// Parses a clock time or plain seconds into seconds.
///
/// Accepts one to three `:`-separated fields; the last may carry a fraction. Minutes and seconds
/// after the first field must be below 60. Surrounding white space is ignored. Returns `None` for
/// anything else (negative, empty fields, letters, overflow).
pub fn parse_clock(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let fields: Vec<&str> = text.split(':').collect();
    if fields.len() > 3 {
        return None;
    }
    let last = fields.len() - 1;
    let mut total = 0.0f64;
    for (i, field) in fields.iter().enumerate() {
        let value = if i == last {
            parse_seconds_field(field)?
        } else {
            parse_whole(field)? as f64
        };
        if i > 0 && value >= 60.0 {
            return None;
        }
        total = total * 60.0 + value;
    }
    total.is_finite().then_some(total)
}

/// Parses a Normal Play Time as Podlove Simple Chapters use it: `0`, `01`, `01:02`,
/// `01:02:03.400`, and the `npt:` prefix some publishers keep.
pub fn parse_npt(text: &str) -> Option<f64> {
    let text = text.trim();
    parse_clock(text.strip_prefix("npt:").unwrap_or(text))
}

fn parse_whole(field: &str) -> Option<u64> {
    if field.is_empty() || field.len() > 12 || !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    field.parse().ok()
}

fn parse_seconds_field(field: &str) -> Option<f64> {
    let (whole, fraction) = match field.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (field, None),
    };
    let mut value = parse_whole(whole)? as f64;
    if let Some(fraction) = fraction {
        let digits = parse_whole(fraction)? as f64;
        value += digits / 10f64.powi(fraction.len() as i32);
    }
    Some(value)
}

/// Formats seconds as `M:SS` below an hour and `H:MM:SS` from an hour on (fractions dropped).
pub fn format_clock(seconds: f64) -> String {
    let total = if seconds.is_finite() && seconds > 0.0 {
        seconds as u64
    } else {
        0
    };
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_duration_form() {
        assert_eq!(parse_clock("42"), Some(42.0));
        assert_eq!(parse_clock("3723"), Some(3723.0));
        assert_eq!(parse_clock("5:07"), Some(307.0));
        assert_eq!(parse_clock("05:07"), Some(307.0));
        assert_eq!(parse_clock("1:02:03"), Some(3723.0));
        assert_eq!(parse_clock("01:02:03"), Some(3723.0));
        assert_eq!(parse_clock(" 01:02:03.400 "), Some(3723.4));
    }

    #[test]
    fn rejects_what_is_not_a_time() {
        for bad in [
            "",
            ":",
            "1:",
            ":30",
            "1:60",
            "1:2:3:4",
            "-5",
            "abc",
            "1.2.3",
            "99999999999999",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn npt_forms_from_podlove() {
        assert_eq!(parse_npt("0"), Some(0.0));
        assert_eq!(parse_npt("01"), Some(1.0));
        assert_eq!(parse_npt("01:02"), Some(62.0));
        assert_eq!(parse_npt("01:02:03.400"), Some(3723.4));
        assert_eq!(parse_npt("npt:12.5"), Some(12.5));
    }

    #[test]
    fn formats_for_display() {
        assert_eq!(format_clock(0.0), "0:00");
        assert_eq!(format_clock(307.9), "5:07");
        assert_eq!(format_clock(3723.0), "1:02:03");
        assert_eq!(format_clock(f64::NAN), "0:00");
    }
}
