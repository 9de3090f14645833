//! The commented configuration file written on first run: every setting with its default and an
//! explanation above it.
//!
//! The values come from [`Config::default`], so the file and the built-in defaults cannot drift.

use std::fmt::Write;

use super::fields::{MAX_PARALLEL_DOWNLOADS, MAX_SECONDS, MAX_VOLUME};
use super::key::Key;
use super::keymap::{DEFAULT_GROUPS, UNBIND, seek_bindings};
use super::{Config, FILE_NAME};
use crate::core::command::Command;

/// The text of the default `config.toml`.
pub fn default_file() -> String {
    let c = Config::default();
    let mut text = format!(
        r#"# netstack-tui configuration ({FILE_NAME}).
#
# Every setting is listed with its default value. Change a value in place, or delete a line to
# use the default. A mistake here stops netstack-tui with an error naming the line.

# Where downloaded episodes are kept. Unset means "downloads" in the data directory
# ($XDG_DATA_HOME/netstack-tui/downloads). An absolute path, or one starting with ~/.
# download_dir = "~/Podcasts"

# How many episodes download at the same time, 1 to {MAX_PARALLEL_DOWNLOADS}.
parallel_downloads = {parallel}

# Seconds of audio to fetch ahead of the playing position when streaming, 1 to {MAX_SECONDS}.
read_ahead_s = {read_ahead}

# Volume when netstack-tui starts, in percent, 0 to {MAX_VOLUME}.
volume = {volume}

# Refresh every podcast's feed when netstack-tui starts (true or false).
refresh_on_start = {refresh}

[seek]
# Seconds Left and Right jump back and forward, 1 to {MAX_SECONDS}.
short_s = {short}
# Seconds Shift-Left and Shift-Right (and H and L) jump back and forward, 1 to {MAX_SECONDS}.
long_s = {long}

[endpoints]
# Apple Podcasts lookup, used to find a podcast's feed from its Apple id.
apple_lookup = {lookup:?}
# Apple Podcasts search, used when adding a podcast by name.
apple_search = {search:?}
# The netstack.fm site, whose episode pages carry chapters and show notes.
netstack_site = {site:?}

[keys]
# Key = command. These lines are merged over the built-in keymap: a key not listed here keeps
# its default, and "{UNBIND}" unbinds a key, e.g. "x" = "{UNBIND}".
# Keys: a character ("q", "G", "/"), Space, Enter, Esc, Tab, Shift-Tab, Backspace, Delete,
# Left, Right, Up, Down, Home, End, PageUp, PageDown, F1 to F24, with Ctrl-, Alt- or Shift-
# in front ("Ctrl-c", "Alt-x", "Shift-Left"). Shift with a letter is the capital letter.
# Commands: quit, up, down, top, bottom, focus-next, focus-previous, select, toggle-pause,
# next-chapter, previous-chapter, chapter N, seek SECONDS, volume PERCENT, download,
# delete-download, toggle-played, refresh, add, search, open-link, help, downloads,
# transcript, follow-transcript.
"#,
        parallel = c.parallel_downloads,
        read_ahead = c.read_ahead_s,
        volume = c.volume,
        refresh = c.refresh_on_start,
        short = c.seek.short_s,
        long = c.seek.long_s,
        lookup = c.endpoints.apple_lookup,
        search = c.endpoints.apple_search,
        site = c.endpoints.netstack_site,
    );
    for (heading, bindings) in DEFAULT_GROUPS {
        text.push_str(&format!("\n# {heading}\n"));
        push_bindings(&mut text, "", bindings);
    }
    text.push_str(
        "\n# Seeking follows the [seek] steps above. Uncomment a line to pin a key to its own step.\n",
    );
    push_bindings(&mut text, "# ", &seek_bindings(&c.seek));
    text
}

/// Writes `"key" = "command"` lines, each after `prefix`.
fn push_bindings(text: &mut String, prefix: &str, bindings: &[(Key, Command)]) {
    for (key, command) in bindings {
        let key = key.to_string();
        let command = command.to_string();
        // Writing to a String cannot fail.
        let _ = writeln!(text, "{prefix}{key:?} = {command:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn active_lines(text: &str) -> Vec<&str> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('['))
            .collect()
    }

    #[test]
    fn every_setting_is_documented_with_its_default() {
        let text = default_file();
        let c = Config::default();
        for line in [
            "# download_dir = ".to_owned(),
            format!("parallel_downloads = {}", c.parallel_downloads),
            format!("read_ahead_s = {}", c.read_ahead_s),
            format!("volume = {}", c.volume),
            format!("refresh_on_start = {}", c.refresh_on_start),
            format!("short_s = {}", c.seek.short_s),
            format!("long_s = {}", c.seek.long_s),
            format!("apple_lookup = {:?}", c.endpoints.apple_lookup),
            format!("apple_search = {:?}", c.endpoints.apple_search),
            format!("netstack_site = {:?}", c.endpoints.netstack_site),
        ] {
            let at = text
                .find(&line)
                .unwrap_or_else(|| panic!("missing {line:?}"));
            let above = text[..at].trim_end().lines().last().unwrap_or_default();
            assert!(above.starts_with('#'), "no explanation above {line:?}");
        }
        for table in ["[seek]", "[endpoints]", "[keys]"] {
            assert!(text.contains(&format!("\n{table}\n")), "{table}");
        }
    }

    #[test]
    fn every_default_binding_is_listed() {
        let text = default_file();
        for (key, command) in Config::default().keymap.bindings() {
            let line = format!("{:?} = {:?}", key.to_string(), command.to_string());
            assert!(text.contains(&line), "missing {line}");
        }
    }

    #[test]
    fn every_active_line_is_a_setting_or_binding() {
        for line in active_lines(&default_file()) {
            assert!(line.contains(" = "), "{line:?}");
        }
    }
}
