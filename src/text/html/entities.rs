//! HTML character references in show notes and feed attributes: named (`&amp;`, `&nbsp;`,
//! `&rsquo;` …) and numeric (`&#39;`, `&#x27;`). Anything unknown or malformed stays as written.

use std::borrow::Cow;

/// The longest reference looked at, `&` and `;` included (`&#x10FFFF;` and the named ones fit).
const MAX_REFERENCE: usize = 12;

/// Decodes the character references in `text`. `&nbsp;` becomes a plain space.
pub fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match reference(after) {
            Some((decoded, used)) => {
                out.push(decoded);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Reads the reference that follows an `&`: the character and the bytes used, `;` included.
pub fn reference(after: &str) -> Option<(char, usize)> {
    let window = after
        .char_indices()
        .take(MAX_REFERENCE)
        .find(|&(_, c)| c == ';' || c == '&' || c.is_whitespace())?;
    if window.1 != ';' {
        return None;
    }
    let body = &after[..window.0];
    let decoded = match body.strip_prefix('#') {
        Some(number) => numeric(number)?,
        None => named(body)?,
    };
    Some((decoded, window.0 + 1))
}

fn numeric(number: &str) -> Option<char> {
    let value = match number.strip_prefix(['x', 'X']) {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u32::from_str_radix(hex, 16).ok()?
        }
        Some(_) => return None,
        None if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
            number.parse().ok()?
        }
        None => return None,
    };
    if value == 0 {
        return None;
    }
    char::from_u32(value)
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "shy" => '\u{AD}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "sect" => '§',
        "para" => '¶',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "iexcl" => '¡',
        "iquest" => '¿',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "hearts" => '♥',
        "aacute" => 'á',
        "agrave" => 'à',
        "acirc" => 'â',
        "auml" => 'ä',
        "aring" => 'å',
        "atilde" => 'ã',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "iacute" => 'í',
        "igrave" => 'ì',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "oacute" => 'ó',
        "ograve" => 'ò',
        "ocirc" => 'ô',
        "ouml" => 'ö',
        "otilde" => 'õ',
        "oslash" => 'ø',
        "uacute" => 'ú',
        "ugrave" => 'ù',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "yuml" => 'ÿ',
        "szlig" => 'ß',
        "Aacute" => 'Á',
        "Agrave" => 'À',
        "Auml" => 'Ä',
        "Aring" => 'Å',
        "AElig" => 'Æ',
        "Ccedil" => 'Ç',
        "Eacute" => 'É',
        "Egrave" => 'È',
        "Ntilde" => 'Ñ',
        "Oacute" => 'Ó',
        "Ouml" => 'Ö',
        "Oslash" => 'Ø',
        "Uacute" => 'Ú',
        "Uuml" => 'Ü',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_and_numeric_references() {
        assert_eq!(decode("Tom &amp; Jerry"), "Tom & Jerry");
        assert_eq!(decode("a&nbsp;b"), "a b");
        assert_eq!(decode("it&#39;s it&#x27;s it&#X2019;s"), "it's it's it’s");
        assert_eq!(decode("&lt;p&gt; &quot;x&quot; &hellip;"), "<p> \"x\" …");
        assert_eq!(decode("Houl&eacute;"), "Houlé");
    }

    #[test]
    fn unknown_or_malformed_references_stay() {
        for text in [
            "&bogus;",
            "a & b",
            "&amp",
            "&#;",
            "&#x;",
            "&#0;",
            "&#xD800;",
            "&#99999999999;",
        ] {
            assert_eq!(decode(text), text);
        }
        assert_eq!(decode("&&amp;"), "&&");
        assert_eq!(decode("&averyveryverylongname;"), "&averyveryverylongname;");
    }

    #[test]
    fn borrows_when_nothing_to_decode() {
        assert!(matches!(decode("plain"), Cow::Borrowed("plain")));
    }
}
