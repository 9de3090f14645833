//! The words of a command's text form: separated by white space, and a word with spaces (or a
//! `"`, or none at all) written in double quotes, where `\"` is a quote and `\\` a backslash.
//!
//! `play "Bar Cast" 1` is the three words `play`, `Bar Cast`, `1`. Written by hand rather than
//! with a shell-words crate: shell rules (`'…'`, `$`, globs, `\` everywhere) would make titles
//! with apostrophes need quoting, and the grammar here is these few lines.

use std::fmt::Write;

/// Why a text could not be split into words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a double quote is not closed")]
pub struct UnclosedQuote;

/// The words of `text`.
pub fn split(text: &str) -> Result<Vec<String>, UnclosedQuote> {
    let mut words = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(first) = chars.next() else {
            return Ok(words);
        };
        let mut word = String::new();
        if first == '"' {
            loop {
                match chars.next() {
                    None => return Err(UnclosedQuote),
                    Some('"') => break,
                    Some('\\') if matches!(chars.peek(), Some('"' | '\\')) => {
                        word.extend(chars.next());
                    }
                    Some(c) => word.push(c),
                }
            }
        } else {
            word.push(first);
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                word.push(c);
            }
        }
        words.push(word);
    }
}

/// The text of `words`, each quoted only when it must be.
pub fn join<S: AsRef<str>>(words: &[S]) -> String {
    let mut text = String::new();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        push_word(&mut text, word.as_ref());
    }
    text
}

fn push_word(text: &mut String, word: &str) {
    let plain = !word.is_empty() && !word.chars().any(|c| c.is_whitespace() || c == '"');
    if plain {
        text.push_str(word);
        return;
    }
    text.push('"');
    for c in word.chars() {
        if matches!(c, '"' | '\\') {
            text.push('\\');
        }
        // Writing to a String cannot fail.
        let _ = text.write_char(c);
    }
    text.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quoted_words_keep_their_spaces() {
        assert_eq!(
            split(r#"play "Bar Cast" 1"#),
            Ok(vec!["play".into(), "Bar Cast".into(), "1".into()])
        );
        assert_eq!(split("  seek\t+30 "), Ok(vec!["seek".into(), "+30".into()]));
        assert_eq!(
            split(r#""say \"hi\"" "a\\b" c\d"#),
            Ok(vec![r#"say "hi""#.into(), r"a\b".into(), r"c\d".into()])
        );
        assert_eq!(split(r#""""#), Ok(vec![String::new()]));
        assert_eq!(split(""), Ok(vec![]));
        assert_eq!(split(r#"play "Bar"#), Err(UnclosedQuote));
    }

    #[test]
    fn only_words_that_need_it_are_quoted() {
        assert_eq!(join(&["play", "Bar Cast", "1"]), r#"play "Bar Cast" 1"#);
        assert_eq!(join(&["x", r#"a"b"#, r"c\d", ""]), r#"x "a\"b" c\d """#);
    }

    proptest! {
        #[test]
        fn any_words_survive_join_then_split(words in prop::collection::vec(".*", 0..5)) {
            prop_assert_eq!(split(&join(&words)), Ok(words));
        }
    }
}
