//! The core is pure by construction: `src/core` may name only `crate::core`, `crate::model`,
//! `crate::config` and `crate::text`, and no crate or std module that touches the world
//! (network, disk, terminal, sound, threads, processes, the clock).
//!
//! Every path in the core's product code is read with its `use` groups expanded; code behind
//! `#[cfg(test)]` is skipped (tests may build their fixtures with the real feed parser).

use std::path::{Path, PathBuf};

/// What the core may name in this crate.
const ALLOWED_IN_CRATE: &[&str] = &["core", "model", "config", "text"];

/// Crates that touch the world, or belong to the parts above the core.
const WORLD_CRATES: &[&str] = &[
    "tokio",
    "reqwest",
    "rodio",
    "cpal",
    "symphonia",
    "opus",
    "crossterm",
    "ratatui",
    "rusqlite",
    "directories",
    "libc",
    "tracing_subscriber",
    "indicatif",
    "rustls",
];

/// Parts of std that touch the world.
const WORLD_STD: &[&str] = &["fs", "net", "process", "thread", "env", "io", "os"];

/// Clocks read in place: the runtime stamps every input with the time instead.
const CLOCKS: &[&str] = &["Instant::now", "SystemTime::now", "Utc::now", "Local::now"];

#[test]
fn the_core_names_nothing_above_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core");
    let mut files = Vec::new();
    collect(&root, &mut files);
    assert!(files.len() > 10, "the core's files are found: {files:?}");
    let mut skipped = Vec::new();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            panic!("reading {}", file.display());
        };
        skipped.extend(test_modules(file, &text));
    }
    for file in &files {
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        if name.ends_with("_tests.rs") {
            assert!(skipped.contains(file), "{name} is found to be test code");
        }
    }
    let mut wrong = Vec::new();
    for file in files.iter().filter(|f| !skipped.contains(f)) {
        let text = std::fs::read_to_string(file).unwrap();
        let is_root = file.file_name().is_some_and(|n| n == "mod.rs");
        for (line, path) in paths(&strip_test_code(&strip(&text))) {
            if let Some(why) = refused(&path, is_root) {
                let shown = file
                    .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                    .unwrap_or(file);
                wrong.push(format!("{}:{line}: {path} ({why})", shown.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the core must stay pure (state + input → state + effects):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_finds_what_it_must_refuse() {
    let planted = "use crate::ui::hit::Hit;\nuse crate::{model::Chapter, store::Store};\n\
                   fn f() { let t = std::time::Instant::now(); std::fs::read(\"x\"); }\n\
                   use super::super::runtime;\nfn g() { tokio::spawn(async {}); }\n\
                   // crate::ui in a comment is fine\nconst S: &str = \"crate::ui\";\n";
    let found: Vec<String> = paths(&strip(planted))
        .into_iter()
        .filter(|(_, p)| refused(p, false).is_some())
        .map(|(_, p)| p)
        .collect();
    assert_eq!(
        found,
        [
            "crate::ui::hit::Hit",
            "crate::store::Store",
            "std::time::Instant::now",
            "std::fs::read",
            "super::super::runtime",
            "tokio::spawn",
        ]
    );
    let allowed = "use crate::{model::Chapter, text::clock};\nuse super::state::State;\n\
                   use std::collections::BTreeMap;\n#[cfg(test)]\nmod tests { use crate::ui; }\n";
    let refused_paths: Vec<String> = paths(&strip_test_code(&strip(allowed)))
        .into_iter()
        .filter(|(_, p)| refused(p, false).is_some())
        .map(|(_, p)| p)
        .collect();
    assert!(refused_paths.is_empty(), "{refused_paths:?}");
    assert!(
        refused("super::ui", true).is_some(),
        "from core/mod.rs, super is the crate"
    );
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("reading {}", dir.display());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// Why the core may not name `path`, if it may not.
fn refused(path: &str, is_root: bool) -> Option<&'static str> {
    let parts: Vec<&str> = path.split("::").collect();
    match parts.as_slice() {
        ["crate", module, ..] if !ALLOWED_IN_CRATE.contains(module) => {
            Some("a part above the core")
        }
        ["super", "super", ..] => Some("a part above the core"),
        ["super", ..] if is_root => Some("a part above the core"),
        ["netstack_tui", ..] => Some("a part above the core"),
        ["std" | "core", module, ..] if WORLD_STD.contains(module) => Some("touches the world"),
        [first, ..] if WORLD_CRATES.contains(first) => Some("touches the world"),
        _ if CLOCKS.iter().any(|c| path.contains(c)) => Some("reads a clock"),
        _ => None,
    }
}

/// The source without comments, string and character literals (their text is not code); line
/// breaks are kept so lines still count.
fn strip(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(c) = rest.chars().next() {
        let after_ident = out
            .chars()
            .next_back()
            .is_some_and(|p| p.is_alphanumeric() || p == '_');
        let skipped = if rest.starts_with("//") {
            rest.find('\n').unwrap_or(rest.len())
        } else if rest.starts_with("/*") {
            block_comment_len(rest)
        } else if let Some(len) = string_len(rest, after_ident) {
            out.push_str("\"\"");
            len
        } else if let Some(len) = char_len(rest) {
            out.push_str("' '");
            len
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        };
        out.extend(rest[..skipped].chars().filter(|c| *c == '\n'));
        rest = &rest[skipped..];
    }
    out
}

/// The length of the (nested) block comment `rest` starts with.
fn block_comment_len(rest: &str) -> usize {
    let mut depth = 0;
    let mut i = 0;
    while i < rest.len() {
        if rest[i..].starts_with("/*") {
            depth += 1;
            i += 2;
        } else if rest[i..].starts_with("*/") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += rest[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    rest.len()
}

/// The length of the string literal `rest` starts with (`"…"`, `r"…"`, `r#"…"#`), if it does;
/// a raw string's `r` starts no identifier.
fn string_len(rest: &str, after_ident: bool) -> Option<usize> {
    if rest.starts_with('"') {
        let mut escaped = false;
        for (i, c) in rest.char_indices().skip(1) {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => return Some(i + 1),
                _ => escaped = false,
            }
        }
        return Some(rest.len());
    }
    if after_ident || !rest.starts_with('r') {
        return None;
    }
    let hashes = rest[1..].chars().take_while(|c| *c == '#').count();
    if !rest[1 + hashes..].starts_with('"') {
        return None;
    }
    let close = format!("\"{}", "#".repeat(hashes));
    let body = 2 + hashes;
    Some(
        rest[body..]
            .find(&close)
            .map_or(rest.len(), |at| body + at + close.len()),
    )
}

/// The length of the character literal `rest` starts with, if it is one (not a lifetime).
fn char_len(rest: &str) -> Option<usize> {
    let inner = rest.strip_prefix('\'')?;
    if inner.starts_with('\\') {
        return inner[2..].find('\'').map(|at| at + 4);
    }
    let c = inner.chars().next()?;
    inner[c.len_utf8()..]
        .starts_with('\'')
        .then_some(2 + c.len_utf8())
}

/// Removes the items behind `#[cfg(test)]` (an inline test module, a test helper).
fn strip_test_code(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let end = item_end(item);
        out.extend(item[..end].chars().filter(|c| *c == '\n'));
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// Where the item starting at `item` (its attributes first) ends: after its `;` or its block.
fn item_end(item: &str) -> usize {
    let mut depth = 0usize;
    let mut in_attribute = 0usize;
    for (i, c) in item.char_indices() {
        match c {
            '[' => in_attribute += 1,
            ']' => in_attribute = in_attribute.saturating_sub(1),
            '{' if in_attribute == 0 => depth += 1,
            '}' if in_attribute == 0 => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            ';' if depth == 0 && in_attribute == 0 => return i + 1,
            _ => {}
        }
    }
    item.len()
}

/// The files of the modules declared behind `#[cfg(test)]` in `file`.
fn test_modules(file: &Path, source: &str) -> Vec<PathBuf> {
    let code = strip(source);
    let dir = if file.file_name().is_some_and(|n| n == "mod.rs") {
        file.parent().map(Path::to_path_buf)
    } else {
        file.parent()
            .map(|p| p.join(file.file_stem().unwrap_or_default()))
    };
    let Some(dir) = dir else { return Vec::new() };
    let parent = file.parent().unwrap_or(Path::new("."));
    let mut found = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        let item = &rest[at..at + item_end(&rest[at..])];
        let path_attribute = source_path_attribute(source, item);
        if let Some(name) = declared_module(item) {
            match path_attribute {
                Some(path) => found.push(parent.join(path)),
                None => {
                    found.push(dir.join(format!("{name}.rs")));
                    found.push(dir.join(&name).join("mod.rs"));
                }
            }
        }
        rest = &rest[at + "#[cfg(test)]".len()..];
    }
    found
}

/// `mod NAME;` declared by an item (not an inline module).
fn declared_module(item: &str) -> Option<String> {
    let words: Vec<&str> = item
        .split(|c: char| c.is_whitespace() || c == ';' || c == ']')
        .filter(|w| !w.is_empty())
        .collect();
    let at = words.iter().position(|w| *w == "mod")?;
    let name = words.get(at + 1)?;
    item.trim_end()
        .ends_with(';')
        .then(|| name.trim_end_matches(';').to_owned())
}

/// The `#[path = "…"]` of an item, read from the original source (strings are blanked in
/// `item`): the path of the item's `mod` declaration.
fn source_path_attribute(source: &str, item: &str) -> Option<String> {
    if !item.contains("#[path") {
        return None;
    }
    let name = declared_module(item)?;
    let needle = format!("mod {name};");
    let decl = source.find(&needle)?;
    let before = &source[..decl];
    let attr = before.rfind("#[path")?;
    let value = &before[attr..];
    let start = value.find('"')? + 1;
    let end = start + value[start..].find('"')?;
    Some(value[start..end].to_owned())
}

/// Every path in `code` (`a::b::c`, `use a::{b, c::d}` expanded), with its line.
fn paths(code: &str) -> Vec<(usize, String)> {
    let tokens = tokenize(code);
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let (line, ref token) = tokens[i];
        let starts = is_ident(token)
            && tokens.get(i + 1).is_some_and(|(_, t)| t == "::")
            && (i == 0 || tokens[i - 1].1 != "::");
        if starts {
            i = expand(&tokens, i + 1, vec![token.clone()], line, &mut found);
        } else {
            i += 1;
        }
    }
    found
}

/// Reads `::segment…` (or `::{group}`) after `prefix` from `tokens[i]`, records the paths it
/// names and returns where it ended.
fn expand(
    tokens: &[(usize, String)],
    mut i: usize,
    mut prefix: Vec<String>,
    line: usize,
    found: &mut Vec<(usize, String)>,
) -> usize {
    while tokens.get(i).is_some_and(|(_, t)| t == "::") {
        match tokens.get(i + 1).map(|(_, t)| t.as_str()) {
            Some("{") => {
                i += 2;
                loop {
                    match tokens.get(i).map(|(_, t)| t.as_str()) {
                        None => return i,
                        Some("}") => return i + 1,
                        Some(t) if is_ident(t) || t == "*" => {
                            let mut inner = prefix.clone();
                            inner.push(t.to_owned());
                            i = expand(tokens, i + 1, inner, line, found);
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            Some(t) if is_ident(t) || t == "*" => {
                prefix.push(t.to_owned());
                i += 2;
            }
            _ => break,
        }
    }
    found.push((line, prefix.join("::")));
    // `as alias` names nothing more.
    if tokens.get(i).is_some_and(|(_, t)| t == "as") {
        i += 2;
    }
    i
}

fn is_ident(token: &str) -> bool {
    token
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// Identifiers, `::` and single punctuation, each with its 1-based line.
fn tokenize(code: &str) -> Vec<(usize, String)> {
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let mut word = String::from(c);
            while let Some(&next) = chars.peek() {
                if next.is_alphanumeric() || next == '_' {
                    word.push(next);
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push((line, word));
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            tokens.push((line, "::".to_owned()));
        } else if !c.is_whitespace() {
            tokens.push((line, c.to_string()));
        }
    }
    tokens
}
