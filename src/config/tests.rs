//! Tests of loading the configuration file: first run, round trip, merging and every kind of
//! mistake, each reported at its own line.

use super::*;
use crate::core::command::Command;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(
        Path::new("/home/ann/.config/netstack-tui/config.toml"),
        text,
    )
}

fn parse_error(text: &str) -> ParseError {
    match parse(text) {
        Err(ConfigError::Parse(error)) => *error,
        other => panic!("expected a parse error, got {other:?}"),
    }
}

fn key(text: &str) -> Key {
    text.parse().unwrap()
}

/// Asserts the error is on `line` of `key`, its message contains `message`, and it displays as
/// `... config.toml line N, column C: key: message`.
fn assert_error(text: &str, line: usize, key: &str, message: &str) {
    let error = parse_error(text);
    assert_eq!(error.line(), Some(line), "{error}");
    assert_eq!(error.key.as_deref(), Some(key), "{error}");
    assert!(error.message.contains(message), "{error}");
    let shown = error.to_string();
    let expected = format!("config.toml line {line}, column ");
    assert!(shown.contains(&expected), "{shown}");
    assert!(shown.contains(&format!(": {key}: ")), "{shown}");
}

#[test]
fn first_run_writes_the_defaults_and_they_parse_back() {
    let dir = tempfile::tempdir().unwrap();
    let config_dir = dir.path().join("netstack-tui");
    let config = load_or_create(&config_dir).unwrap();
    assert_eq!(config, Config::default());
    let written = std::fs::read_to_string(config_dir.join(FILE_NAME)).unwrap();
    assert_eq!(written, default_file());
    assert_eq!(parse(&written).unwrap(), Config::default());
    assert_eq!(load_or_create(&config_dir).unwrap(), Config::default());
    let names: Vec<_> = std::fs::read_dir(&config_dir).unwrap().collect();
    assert_eq!(names.len(), 1, "only config.toml is left behind");
}

#[test]
fn an_existing_file_is_read_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    std::fs::write(&path, "volume = 40\n").unwrap();
    assert_eq!(load_or_create(dir.path()).unwrap().volume, 40);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "volume = 40\n");
}

#[test]
fn a_bad_file_is_an_error_not_a_default() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE_NAME), "volume = \"loud\"\n").unwrap();
    let error = load_or_create(dir.path()).unwrap_err();
    assert!(matches!(error, ConfigError::Parse(_)), "{error:?}");
}

#[test]
fn an_unreadable_file_names_its_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(FILE_NAME)).unwrap();
    match load_or_create(dir.path()) {
        Err(ConfigError::Read { path, .. }) => assert_eq!(path, dir.path().join(FILE_NAME)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_empty_file_means_defaults() {
    assert_eq!(parse("").unwrap(), Config::default());
}

#[test]
fn settings_are_read() {
    let config = parse(
        "download_dir = \"/srv/podcasts\"\nparallel_downloads = 16\nread_ahead_s = 5\n\
         volume = 0\nrefresh_on_start = false\n[seek]\nshort_s = 5\n\
         [endpoints]\napple_search = \"http://127.0.0.1:8080/search\"\n",
    )
    .unwrap();
    assert_eq!(config.download_dir, Some(PathBuf::from("/srv/podcasts")));
    assert_eq!(config.parallel_downloads, 16);
    assert_eq!(config.read_ahead_s, 5);
    assert_eq!(config.volume, 0);
    assert!(!config.refresh_on_start);
    assert_eq!(
        config.seek,
        SeekSteps {
            short_s: 5,
            long_s: 60
        }
    );
    assert_eq!(
        config.endpoints.apple_search,
        "http://127.0.0.1:8080/search"
    );
    assert_eq!(
        config.endpoints.apple_lookup,
        Endpoints::default().apple_lookup
    );
    assert_eq!(config.keymap.command(&key("Right")), Some(Command::Seek(5)));
    let data = Path::new("/data");
    assert_eq!(config.download_dir_in(data), PathBuf::from("/srv/podcasts"));
    assert_eq!(
        Config::default().download_dir_in(data),
        data.join("downloads")
    );
}

#[test]
fn speed_skip_silence_and_level_voices_are_the_podcasts_defaults() {
    let config = parse("speed = 1.25\nskip_silence = true\nlevel_voices = true\n").unwrap();
    assert_eq!((config.speed, config.skip_silence), (1.25, true));
    assert_eq!(config.default_pace().speed, 1.25);
    assert!(config.level_voices && config.default_pace().level_voices);
    assert_eq!(parse("speed = 2\n").unwrap().speed, 2.0);
    let defaults = Config::default();
    assert_eq!((defaults.speed, defaults.skip_silence), (1.0, false));
    assert!(!defaults.level_voices);
}

#[test]
fn home_in_download_dir_is_expanded() {
    let Some(home) = std::env::home_dir() else {
        return;
    };
    let config = parse("download_dir = \"~/Podcasts\"\n").unwrap();
    assert_eq!(config.download_dir, Some(home.join("Podcasts")));
}

#[test]
fn a_wrong_type_names_line_and_setting() {
    let text = "volume = 80\n\n[seek]\nlong_s = 30\nshort_s = \"ten\"\n";
    assert_error(
        text,
        5,
        "seek.short_s",
        "invalid type: string \"ten\", expected an integer",
    );
    let error = parse_error(text);
    assert_eq!(error.line_column, Some((5, 11)));
    assert!(error.to_string().ends_with(
        "config.toml line 5, column 11: seek.short_s: \
         invalid type: string \"ten\", expected an integer"
    ));
}

#[test]
fn unknown_settings_name_their_line() {
    assert_error(
        "volume = 80\nvolumme = 80\n",
        2,
        "volumme",
        "unknown field `volumme`",
    );
    assert_error(
        "[seek]\nshort_s = 5\nmedium_s = 30\n",
        3,
        "seek.medium_s",
        "unknown field",
    );
    assert_error(
        "\n\n[colours]\nbg = 1\n",
        3,
        "colours",
        "unknown field `colours`",
    );
}

#[test]
fn out_of_range_values_name_their_line() {
    assert_error(
        "\nparallel_downloads = 0\n",
        2,
        "parallel_downloads",
        "1 to 16",
    );
    assert_error(
        "parallel_downloads = 17\n",
        1,
        "parallel_downloads",
        "invalid value 17",
    );
    assert_error(
        "\n\nread_ahead_s = 0\n",
        3,
        "read_ahead_s",
        "invalid value 0",
    );
    assert_error(
        "[seek]\nshort_s = -10\n",
        2,
        "seek.short_s",
        "invalid value -10",
    );
    assert_error(
        "[seek]\n\nlong_s = -1\n",
        3,
        "seek.long_s",
        "invalid value -1",
    );
    assert_error("volume = 101\n", 1, "volume", "0 to 100");
    assert_error("speed = 4\n", 1, "speed", "0.5 to 3 in steps of 0.05");
    assert_error("\nspeed = 1.33\n", 2, "speed", "steps of 0.05");
    assert_error("skip_silence = 1\n", 1, "skip_silence", "bool");
    assert_error("level_voices = \"yes\"\n", 1, "level_voices", "bool");
    assert_error("volume = 1.5\n", 1, "volume", "expected an integer");
    assert_error(
        "\ndownload_dir = \"pods\"\n",
        2,
        "download_dir",
        "absolute path",
    );
    assert_error(
        "[endpoints]\nnetstack_site = \"netstack.fm\"\n",
        2,
        "endpoints.netstack_site",
        "http://",
    );
}

#[test]
fn syntax_errors_name_their_line() {
    let error = parse_error("volume = 80\nseek = [\n");
    assert_eq!(error.line(), Some(2), "{error}");
    let error = parse_error("volume = 80\nrefresh_on_start = yes\n");
    assert_eq!(error.line(), Some(2), "{error}");
}

#[test]
fn remapping_merges_over_the_defaults() {
    let config =
        parse("[keys]\n\"Q\" = \"quit\"\n\"n\" = \"seek 30\"\n\"F5\" = \"refresh\"\n").unwrap();
    let map = &config.keymap;
    assert_eq!(map.command(&key("Q")), Some(Command::Quit));
    assert_eq!(map.command(&key("q")), Some(Command::Quit));
    assert_eq!(map.command(&key("n")), Some(Command::Seek(30)));
    assert_eq!(map.command(&key("F5")), Some(Command::Refresh));
    assert_eq!(map.command(&key("j")), Some(Command::Down));
    assert_eq!(map.keys_for(&Command::NextChapter), Vec::<Key>::new());
}

#[test]
fn volume_lines_of_older_default_files_keep_their_meaning() {
    let config =
        parse("[keys]\n\"+\" = \"volume 5\"\n\"=\" = \"volume 5\"\nv = \"volume 5\"\n").unwrap();
    assert_eq!(config.keymap.command(&key("+")), Some(Command::Volume(5)));
    assert_eq!(config.keymap.command(&key("=")), Some(Command::Volume(5)));
    assert_eq!(
        config.keymap.command(&key("v")),
        Some(Command::SetVolume(5))
    );
}

#[test]
fn none_unbinds_a_key() {
    let config = parse("[keys]\nx = \"none\"\n\"Ctrl-c\" = \"none\"\n").unwrap();
    assert_eq!(config.keymap.command(&key("x")), None);
    assert_eq!(config.keymap.keys_for(&Command::Quit), vec![key("q")]);
    assert_eq!(config.keymap.command(&key("d")), Some(Command::Download));
}

#[test]
fn a_key_bound_in_the_file_keeps_its_step_when_seek_changes() {
    let config = parse("[keys]\nLeft = \"seek -10\"\n[seek]\nshort_s = 3\n").unwrap();
    assert_eq!(
        config.keymap.command(&key("Left")),
        Some(Command::Seek(-10))
    );
    assert_eq!(config.keymap.command(&key("Right")), Some(Command::Seek(3)));
}

#[test]
fn bad_bindings_name_their_line() {
    let text = "[keys]\nq = \"quit\"\n\"Ctrl-\" = \"quit\"\n";
    assert_error(text, 3, "keys.\"Ctrl-\"", "unknown key name \"Ctrl-\"");
    let text = "[keys]\nq = \"quit\"\n\n\"/\" = \"jump\"\n";
    assert_error(text, 4, "keys.\"/\"", "unknown command \"jump\"");
    assert_error(
        "[keys]\nc = \"chapter 0\"\n",
        2,
        "keys.\"c\"",
        "\"0\" is not a chapter number",
    );
    assert_error("[keys]\nc = 3\n", 2, "keys.\"c\"", "invalid type: integer");
    let text = "[keys]\nG = \"top\"\n\"Shift-g\" = \"bottom\"\n";
    assert_error(text, 3, "keys.\"Shift-g\"", "bound more than once");
}

#[test]
fn every_default_key_round_trips_through_text() {
    let map = Config::default().keymap;
    assert!(map.bindings().count() > 40);
    for (k, command) in map.bindings() {
        let text = k.to_string();
        assert_eq!(text.parse::<Key>(), Ok(k), "{text}");
        assert_eq!(map.command(&text.parse().unwrap()).as_ref(), Some(command));
    }
}

#[test]
fn errors_keep_their_cause() {
    use std::error::Error as _;
    let error = parse("volume = []\n").unwrap_err();
    assert!(error.source().is_some());
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(FILE_NAME)).unwrap();
    let error = load_or_create(dir.path()).unwrap_err();
    assert!(error.source().is_some_and(|e| e.is::<io::Error>()));
}

#[test]
fn listening_settings_and_podcast_tables_are_read() {
    let config = parse(
        "continuous_play = false\nrefresh_every_min = 0\nauto_download_new = 2\n\
         delete_played_after_days = 0\nkeep_downloads = 4\nauto_queue = \"end\"\n\
         auto_queue_max = 0\n\
         [podcast.\"https://a.example/feed.xml\"]\nauto_queue = \"front\"\nkeep_downloads = 1\n\
         [podcast.\"http://b.example/rss\"]\ndelete_played_after_days = -1\n",
    )
    .unwrap();
    let l = &config.listening;
    assert!(!l.continuous_play);
    assert_eq!(l.refresh_every_ms(), None);
    let a = l.podcast(Some("https://a.example/feed.xml"));
    assert_eq!(a.auto_queue, AutoQueue::Front);
    assert_eq!(a.keep_downloads, 1);
    assert_eq!(a.auto_download_new, 2);
    assert_eq!(a.delete_played_after_days, 0);
    assert_eq!(a.auto_queue_max, 0);
    let b = l.podcast(Some("http://b.example/rss"));
    assert_eq!(b.delete_played_after_days, -1);
    assert_eq!(b.auto_queue, AutoQueue::End);
    assert_eq!(l.podcast(Some("https://c.example/")), l.defaults);
}

#[test]
fn mistakes_in_podcast_tables_name_their_line() {
    assert_error(
        "[podcast.\"https://a.example/feed\"]\nauto_queue = \"end\"\nauto_qeue = \"end\"\n",
        3,
        "podcast.\"https://a.example/feed\".auto_qeue",
        "unknown field `auto_qeue`",
    );
    assert_error(
        "[podcast.\"https://a.example/feed\"]\n\nauto_queue = \"back\"\n",
        3,
        "podcast.\"https://a.example/feed\".auto_queue",
        "unknown variant",
    );
    assert_error(
        "volume = 80\n[podcast.\"Netstack\"]\nkeep_downloads = 1\n",
        2,
        "podcast.Netstack",
        "feed URL",
    );
    assert_error(
        "delete_played_after_days = -2\n",
        1,
        "delete_played_after_days",
        "-1 to 36500",
    );
    assert_error(
        "\nrefresh_every_min = -5\n",
        2,
        "refresh_every_min",
        "invalid value -5",
    );
    assert_error(
        "[podcast.\"https://a.example/feed\"]\nauto_download_new = 1000\n",
        2,
        "podcast.\"https://a.example/feed\".auto_download_new",
        "0 to 100",
    );
}

#[test]
fn mpris_next_is_one_of_three_words() {
    assert_eq!(parse("").unwrap().mpris_next, MprisNext::Chapter);
    assert_eq!(
        parse("mpris_next = \"episode\"\n").unwrap().mpris_next,
        MprisNext::Episode
    );
    assert_eq!(
        parse("mpris_next = \"seek\"\n").unwrap().mpris_next,
        MprisNext::Seek
    );
    assert_error(
        "volume = 80\nmpris_next = \"track\"\n",
        2,
        "mpris_next",
        "unknown variant `track`",
    );
}
