//! The configuration file, `$XDG_CONFIG_HOME/netstack-tui/config.toml`.
//!
//! On first run the player writes a commented file listing every setting with its default, so
//! the listener edits rather than writes it. A mistake in the file stops the player with an
//! error naming the line, the column and the setting; nothing falls back to a default silently.
//! The `[keys]` table is merged over the default keymap, so remapping one key is one line.
//! `[podcast."FEED-URL"]` tables set one podcast's listening settings over the top-level ones
//! (`listening`).

mod defaults;
mod error;
mod fields;
mod key;
mod keymap;
mod listening;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use defaults::default_file;
pub use error::{ConfigError, ParseError};
pub use fields::{MAX_PARALLEL_DOWNLOADS, MAX_SECONDS, MAX_VOLUME, expand_home};
pub use key::{Key, KeyCode, KeyParseError};
pub use keymap::{Keymap, UNBIND};
pub use listening::{AutoQueue, Listening, PodcastOverrides, PodcastSettings};

/// The configuration file's name inside the configuration directory.
pub const FILE_NAME: &str = "config.toml";

/// Every setting of the player.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Where downloaded episodes go; `None` means `downloads` in the data directory.
    pub download_dir: Option<PathBuf>,
    /// How many episodes download at once (1 to 16).
    pub parallel_downloads: u32,
    /// How far the seek keys jump.
    pub seek: SeekSteps,
    /// How many seconds of audio streaming playback fetches ahead (1 to 3600).
    pub read_ahead_s: u32,
    /// Volume at start, in percent (0 to 100).
    pub volume: u8,
    /// The servers the player talks to.
    pub endpoints: Endpoints,
    /// Whether feeds are refreshed when the player starts.
    pub refresh_on_start: bool,
    /// What MPRIS's Next and Previous (media keys) do.
    pub mpris_next: MprisNext,
    /// Speed of a podcast the listener set none for (0.5 to 3, in steps of 0.05).
    pub speed: f64,
    /// Whether long silences are skipped in a podcast the listener set nothing for.
    pub skip_silence: bool,
    /// Whether voices are levelled in a podcast the listener set nothing for.
    pub level_voices: bool,
    /// What the keys do.
    pub keymap: Keymap,
    /// Up Next, the refresh schedule, and what happens to new episodes and downloads.
    pub listening: Listening,
}

/// What MPRIS's Next and Previous move to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(
    rename_all = "lowercase",
    expecting = "\"chapter\", \"episode\" or \"seek\""
)]
pub enum MprisNext {
    /// The next or previous chapter.
    #[default]
    Chapter,
    /// The next newer or older episode of the podcast.
    Episode,
    /// Forward or back by the long seek step.
    Seek,
}

impl MprisNext {
    /// The word the configuration file uses.
    pub fn name(self) -> &'static str {
        match self {
            MprisNext::Chapter => "chapter",
            MprisNext::Episode => "episode",
            MprisNext::Seek => "seek",
        }
    }
}

/// Seek steps, in seconds (1 to 3600).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default, expecting = "a table of seek steps")]
pub struct SeekSteps {
    /// Left and Right.
    #[serde(deserialize_with = "fields::seconds")]
    pub short_s: u32,
    /// Shift-Left, Shift-Right, H and L.
    #[serde(deserialize_with = "fields::seconds")]
    pub long_s: u32,
}

/// Addresses of the services the player uses.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default, expecting = "a table of addresses")]
pub struct Endpoints {
    /// Apple Podcasts lookup by id, used to find a podcast's feed.
    #[serde(deserialize_with = "fields::url")]
    pub apple_lookup: String,
    /// Apple Podcasts search, used by the add-podcast prompt.
    #[serde(deserialize_with = "fields::url")]
    pub apple_search: String,
    /// The netstack.fm site, whose episode pages carry chapters.
    #[serde(deserialize_with = "fields::url")]
    pub netstack_site: String,
}

impl Default for SeekSteps {
    fn default() -> SeekSteps {
        SeekSteps {
            short_s: 10,
            long_s: 60,
        }
    }
}

impl Default for Endpoints {
    fn default() -> Endpoints {
        Endpoints {
            apple_lookup: "https://itunes.apple.com/lookup".to_owned(),
            apple_search: "https://itunes.apple.com/search".to_owned(),
            netstack_site: "https://netstack.fm".to_owned(),
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        let seek = SeekSteps::default();
        Config {
            download_dir: None,
            parallel_downloads: 3,
            seek,
            read_ahead_s: 60,
            volume: 100,
            endpoints: Endpoints::default(),
            refresh_on_start: true,
            mpris_next: MprisNext::default(),
            speed: 1.0,
            skip_silence: false,
            level_voices: false,
            keymap: Keymap::defaults(&seek),
            listening: Listening::default(),
        }
    }
}

/// The file as written; turned into a [`Config`] once every value has been checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct FileConfig {
    #[serde(deserialize_with = "fields::directory")]
    download_dir: Option<PathBuf>,
    #[serde(deserialize_with = "fields::parallel_downloads")]
    parallel_downloads: u32,
    seek: SeekSteps,
    #[serde(deserialize_with = "fields::seconds")]
    read_ahead_s: u32,
    #[serde(deserialize_with = "fields::volume")]
    volume: u8,
    endpoints: Endpoints,
    refresh_on_start: bool,
    continuous_play: bool,
    #[serde(deserialize_with = "listening::refresh_minutes")]
    refresh_every_min: u32,
    auto_queue: AutoQueue,
    #[serde(deserialize_with = "listening::queue_length")]
    auto_queue_max: u32,
    #[serde(deserialize_with = "listening::count")]
    auto_download_new: u32,
    #[serde(deserialize_with = "listening::days")]
    delete_played_after_days: i32,
    #[serde(deserialize_with = "listening::downloads")]
    keep_downloads: u32,
    mpris_next: MprisNext,
    #[serde(deserialize_with = "fields::speed")]
    speed: f64,
    skip_silence: bool,
    level_voices: bool,
    keys: keymap::KeyOverrides,
    podcast: listening::PodcastTables,
}

impl Default for FileConfig {
    fn default() -> FileConfig {
        let defaults = Config::default();
        FileConfig {
            download_dir: defaults.download_dir,
            parallel_downloads: defaults.parallel_downloads,
            seek: defaults.seek,
            read_ahead_s: defaults.read_ahead_s,
            volume: defaults.volume,
            endpoints: defaults.endpoints,
            refresh_on_start: defaults.refresh_on_start,
            continuous_play: defaults.listening.continuous_play,
            refresh_every_min: defaults.listening.refresh_every_min,
            auto_queue: defaults.listening.defaults.auto_queue,
            auto_queue_max: defaults.listening.defaults.auto_queue_max,
            auto_download_new: defaults.listening.defaults.auto_download_new,
            delete_played_after_days: defaults.listening.defaults.delete_played_after_days,
            keep_downloads: defaults.listening.defaults.keep_downloads,
            mpris_next: defaults.mpris_next,
            speed: defaults.speed,
            skip_silence: defaults.skip_silence,
            level_voices: defaults.level_voices,
            keys: keymap::KeyOverrides::default(),
            podcast: listening::PodcastTables::default(),
        }
    }
}

impl From<FileConfig> for Config {
    fn from(file: FileConfig) -> Config {
        let mut keymap = Keymap::defaults(&file.seek);
        keymap.apply(file.keys);
        Config {
            download_dir: file.download_dir,
            parallel_downloads: file.parallel_downloads,
            seek: file.seek,
            read_ahead_s: file.read_ahead_s,
            volume: file.volume,
            endpoints: file.endpoints,
            refresh_on_start: file.refresh_on_start,
            mpris_next: file.mpris_next,
            speed: file.speed,
            skip_silence: file.skip_silence,
            level_voices: file.level_voices,
            keymap,
            listening: Listening {
                continuous_play: file.continuous_play,
                refresh_every_min: file.refresh_every_min,
                defaults: PodcastSettings {
                    auto_queue: file.auto_queue,
                    auto_queue_max: file.auto_queue_max,
                    auto_download_new: file.auto_download_new,
                    delete_played_after_days: file.delete_played_after_days,
                    keep_downloads: file.keep_downloads,
                },
                podcasts: file.podcast.0,
            },
        }
    }
}

impl Config {
    /// Parses the text of a configuration file; `path` is only used in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        toml::from_str::<FileConfig>(text)
            .map(Config::from)
            .map_err(|source| ConfigError::parse(path, text, source))
    }

    /// The speed, skip silence and voice levelling of a podcast the listener set none for.
    pub fn default_pace(&self) -> crate::model::Pace {
        crate::model::Pace {
            speed: self.speed,
            skip_silence: self.skip_silence,
            level_voices: self.level_voices,
        }
    }

    /// The download directory: the configured one, or `downloads` in `data_dir`.
    pub fn download_dir_in(&self, data_dir: &Path) -> PathBuf {
        self.download_dir
            .clone()
            .unwrap_or_else(|| data_dir.join("downloads"))
    }
}

/// The configuration file in configuration directory `dir`.
pub fn file_path(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// Reads `config.toml` in `dir`; when there is none, writes the commented defaults there and
/// returns the defaults.
pub fn load_or_create(dir: &Path) -> Result<Config, ConfigError> {
    let path = file_path(dir);
    match std::fs::read_to_string(&path) {
        Ok(text) => Config::parse(&path, &text),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            write_defaults(dir, &path)?;
            Ok(Config::default())
        }
        Err(source) => Err(ConfigError::Read { path, source }),
    }
}

/// Writes the default file next to its final place and renames it, so an interrupted first run
/// never leaves a half-written configuration behind.
fn write_defaults(dir: &Path, path: &Path) -> Result<(), ConfigError> {
    std::fs::create_dir_all(dir).map_err(|source| ConfigError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })?;
    let partial = dir.join(format!(".{FILE_NAME}.new"));
    let written = std::fs::File::create(&partial)
        .and_then(|mut file| {
            file.write_all(default_file().as_bytes())?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&partial, path));
    written.map_err(|source| {
        // Best effort: the write error is what the listener needs to see.
        let _ = std::fs::remove_file(&partial);
        ConfigError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(test)]
mod tests;
