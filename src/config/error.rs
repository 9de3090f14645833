//! Why the configuration could not be loaded, naming the file, line, column and setting.

use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The configuration could not be read, written or understood.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot create the configuration directory {path}")]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("cannot write the default configuration file {path}")]
    Write { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Parse(Box<ParseError>),
}

/// A mistake in the configuration file: bad syntax, a bad value, an unknown setting, key or
/// command. Displays as `config.toml line 12, column 11: seek.short_s: <what is wrong>`.
#[derive(Debug, thiserror::Error)]
#[error(
    "{}{}{}: {}",
    .path.display(),
    position(*.line_column),
    key_prefix(.key.as_deref()),
    .message
)]
pub struct ParseError {
    /// The file, as given to the loader.
    pub path: PathBuf,
    /// 1-based line and column (in characters) of the mistake, when the parser knows it.
    pub line_column: Option<(usize, usize)>,
    /// The dotted setting the mistake is in, e.g. `seek.short_s` or `keys."/"`.
    pub key: Option<String>,
    /// What is wrong, e.g. `invalid type: string "ten", expected an integer`.
    pub message: String,
    /// The parser's own report, with the offending line quoted.
    pub source: toml::de::Error,
}

fn position(line_column: Option<(usize, usize)>) -> String {
    match line_column {
        Some((line, column)) => format!(" line {line}, column {column}"),
        None => String::new(),
    }
}

fn key_prefix(key: Option<&str>) -> String {
    match key {
        Some(key) => format!(": {key}"),
        None => String::new(),
    }
}

impl ParseError {
    /// The 1-based line of the mistake, when known.
    pub fn line(&self) -> Option<usize> {
        self.line_column.map(|(line, _)| line)
    }
}

impl ConfigError {
    /// Describes a parser error in `text` (the contents of `path`).
    pub(crate) fn parse(path: &Path, text: &str, source: toml::de::Error) -> ConfigError {
        let span = source.span();
        let line_column = span.as_ref().map(|span| line_column(text, span.start));
        let key = span.and_then(|span| key_at(text, &span));
        let message = source.message().trim_end().to_owned();
        ConfigError::Parse(Box::new(ParseError {
            path: path.to_path_buf(),
            line_column,
            key,
            message,
            source,
        }))
    }
}

/// 1-based line and column (counted in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The dotted path of the deepest setting whose key or value covers `span`.
fn key_at(text: &str, span: &Range<usize>) -> Option<String> {
    let root = DeTable::parse(text).ok()?;
    let mut path = Vec::new();
    find_key(root.get_ref(), span, &mut path).then(|| path.join("."))
}

fn covers(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && (inner.end <= outer.end || inner.start < outer.end)
}

/// Pushes onto `path` the keys down to the entry covering `span`; false when none does.
///
/// Tables are searched even when their own span does not cover `span`: a `[table]` header's
/// span is the header, not the entries below it.
fn find_key(table: &DeTable<'_>, span: &Range<usize>, path: &mut Vec<String>) -> bool {
    // Key names in `[keys]` are always quoted, as the default file writes them.
    let in_keymap = path.len() == 1 && path[0] == "keys";
    for (key, value) in table.iter() {
        let key_text: &str = key.get_ref();
        path.push(if in_keymap {
            format!("{key_text:?}")
        } else {
            quote_key(key_text)
        });
        if covers(&key.span(), span) || found_in_value(value, span, path) {
            return true;
        }
        path.pop();
    }
    false
}

fn found_in_value(
    value: &Spanned<DeValue<'_>>,
    span: &Range<usize>,
    path: &mut Vec<String>,
) -> bool {
    if let DeValue::Table(table) = value.get_ref()
        && find_key(table, span, path)
    {
        return true;
    }
    covers(&value.span(), span)
}

/// A key as TOML writes it: bare when it can be, quoted otherwise.
fn quote_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        key.to_owned()
    } else {
        format!("{key:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, text.find('=').unwrap()), (1, 3));
        let second_eq = text.rfind('=').unwrap();
        assert_eq!(line_column(text, second_eq), (2, 4));
        assert_eq!(line_column(text, text.len() + 5).0, 3);
    }

    #[test]
    fn keys_are_quoted_only_when_needed() {
        assert_eq!(quote_key("short_s"), "short_s");
        assert_eq!(quote_key("Ctrl-c"), "Ctrl-c");
        assert_eq!(quote_key("/"), "\"/\"");
        assert_eq!(quote_key(" "), "\" \"");
    }

    #[test]
    fn the_setting_under_an_error_is_found() {
        let text = "a = 1\n[seek]\nshort_s = \"ten\"\n";
        let start = text.find("\"ten\"").unwrap();
        assert_eq!(
            key_at(text, &(start..start + 5)).as_deref(),
            Some("seek.short_s")
        );
    }
}
