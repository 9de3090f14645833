//! The commented configuration file written on first run: every setting with its default and an
//! explanation above it.
//!
//! The values come from [`Config::default`], so the file and the built-in defaults cannot drift.

use std::fmt::Write;

use super::fields::{MAX_PARALLEL_DOWNLOADS, MAX_SECONDS, MAX_VOLUME};
use super::key::Key;
use super::keymap::{DEFAULT_GROUPS, UNBIND, seek_bindings};
use super::listening::{MAX_AUTO_DOWNLOAD, MAX_DAYS, MAX_KEPT, MAX_REFRESH_MIN};
use super::{Config, FILE_NAME};
use crate::core::command::{COMMANDS, Command};

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

# Refresh every podcast's feed this often while the player runs, in minutes (0: never),
# 0 to {MAX_REFRESH_MIN}.
refresh_every_min = {refresh_every}

# When an episode ends, start the next one in Up Next (true or false).
continuous_play = {continuous}

# What happens to every podcast's new episodes (those a refresh brings after you subscribed)
# and downloads. A [podcast."FEED-URL"] table below sets them for one podcast.
# Put new episodes in Up Next: "off", "end" or "front".
auto_queue = "{auto_queue}"
# Stop putting new episodes in Up Next once it holds this many, 0 to {MAX_KEPT} (0: no limit).
auto_queue_max = {auto_queue_max}
# Download this many of the new episodes each refresh brings, 0 to {MAX_AUTO_DOWNLOAD} (0: none).
auto_download_new = {auto_download}
# Delete the download of a played episode this many days after it was played
# (0: once played; -1: never), -1 to {MAX_DAYS}. Only files netstack-tui downloaded are deleted,
# never one in Up Next, one you are listening to, or one playing.
delete_played_after_days = {delete_after}
# Keep only the newest this many downloads of each podcast, 0 to {MAX_KEPT} (0: keep all).
keep_downloads = {keep}

# What the Next and Previous media keys (MPRIS) do: "chapter" (the next or previous chapter),
# "episode" (the next newer or older episode of the podcast) or "seek" (the long seek step).
mpris_next = "{mpris_next}"

# Speed of a podcast you set none for, {min_speed} to {max_speed} in steps of 0.05 (the voice keeps its
# pitch). The speed keys change the playing podcast's own speed, remembered in the library.
speed = {speed:?}

# Shorten silences longer than 0.4 s to a short pause in a podcast you set nothing for (true or
# false); the skip-silence key switches it per podcast.
skip_silence = {skip_silence}

# Bring quiet or uneven voices to a steady loudness (up to 15 dB louder, never clipping) in a
# podcast you set nothing for (true or false); the level-voices key switches it per podcast.
level_voices = {level_voices}

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
# Commands (`netstack-tui ctl --help` explains each one):
{commands}"#,
        parallel = c.parallel_downloads,
        read_ahead = c.read_ahead_s,
        volume = c.volume,
        refresh = c.refresh_on_start,
        refresh_every = c.listening.refresh_every_min,
        continuous = c.listening.continuous_play,
        auto_queue = c.listening.defaults.auto_queue.name(),
        auto_queue_max = c.listening.defaults.auto_queue_max,
        auto_download = c.listening.defaults.auto_download_new,
        delete_after = c.listening.defaults.delete_played_after_days,
        keep = c.listening.defaults.keep_downloads,
        mpris_next = c.mpris_next.name(),
        speed = c.speed,
        skip_silence = c.skip_silence,
        level_voices = c.level_voices,
        min_speed = crate::model::pace::MIN_SPEED,
        max_speed = crate::model::pace::MAX_SPEED,
        short = c.seek.short_s,
        long = c.seek.long_s,
        lookup = c.endpoints.apple_lookup,
        search = c.endpoints.apple_search,
        site = c.endpoints.netstack_site,
        commands = command_list(),
    );
    for (heading, bindings) in DEFAULT_GROUPS {
        text.push_str(&format!("\n# {heading}\n"));
        push_bindings(&mut text, "", bindings);
    }
    text.push_str(
        "\n# Seeking follows the [seek] steps above. Uncomment a line to pin a key to its own step.\n",
    );
    push_bindings(&mut text, "# ", &seek_bindings(&c.seek));
    text.push_str(PODCAST_TABLE);
    text
}

/// The commented example of one podcast's own settings, at the end of the file.
const PODCAST_TABLE: &str = r#"
# One podcast's own settings, over the top-level ones: a table named by its feed URL as
# `netstack-tui list` shows it. It may set auto_queue, auto_queue_max, auto_download_new,
# delete_played_after_days and keep_downloads.
# [podcast."https://example.com/feed.xml"]
# auto_queue = "end"
# auto_download_new = 1
# keep_downloads = 5
"#;

/// Every command with its arguments, as comment lines of at most 96 characters.
fn command_list() -> String {
    let mut text = String::new();
    let mut line = String::from("#");
    for spec in COMMANDS {
        let usage = if spec.args.is_empty() {
            spec.name.to_owned()
        } else {
            format!("{} {}", spec.name, spec.args)
        };
        if line.len() + usage.len() + 2 > 96 {
            text.push_str(&line);
            text.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(&usage);
        line.push(',');
    }
    line.pop();
    text.push_str(&line);
    text.push_str(".\n");
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
            format!("refresh_every_min = {}", c.listening.refresh_every_min),
            format!("continuous_play = {}", c.listening.continuous_play),
            "auto_queue = \"off\"".to_owned(),
            format!("auto_queue_max = {}", c.listening.defaults.auto_queue_max),
            "auto_download_new = 0".to_owned(),
            "delete_played_after_days = -1".to_owned(),
            "keep_downloads = 0".to_owned(),
            format!("mpris_next = \"{}\"", c.mpris_next.name()),
            format!("speed = {:?}", c.speed),
            format!("skip_silence = {}", c.skip_silence),
            format!("level_voices = {}", c.level_voices),
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
    fn every_command_is_named() {
        let text = default_file();
        for spec in COMMANDS {
            assert!(
                text.contains(
                    &format!(" {} {}", spec.name, spec.args)
                        .trim_end()
                        .to_owned()
                ),
                "{}",
                spec.name
            );
        }
    }

    #[test]
    fn every_active_line_is_a_setting_or_binding() {
        for line in active_lines(&default_file()) {
            assert!(line.contains(" = "), "{line:?}");
        }
    }
}
