//! The listening flow's settings: continuous play, the refresh schedule, and per podcast what
//! happens to new episodes (queued, downloaded) and to downloads (kept, deleted once played).
//!
//! Per-podcast settings are `[podcast."FEED-URL"]` tables over the top-level defaults, keyed by
//! the feed URL as the library keeps it (titles change and repeat); a key a table does not set
//! keeps the default. An unknown key, a bad value or a key that is not a feed address is an
//! error naming its line, like every other mistake in the file.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::fields;

/// Where new episodes of a podcast go in Up Next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase", expecting = "\"off\", \"end\" or \"front\"")]
pub enum AutoQueue {
    /// Not queued.
    #[default]
    Off,
    /// After everything queued.
    End,
    /// Before everything queued.
    Front,
}

impl AutoQueue {
    pub fn name(self) -> &'static str {
        match self {
            AutoQueue::Off => "off",
            AutoQueue::End => "end",
            AutoQueue::Front => "front",
        }
    }
}

/// What happens to one podcast's new episodes and downloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PodcastSettings {
    /// New episodes go to Up Next (end or front), or not.
    pub auto_queue: AutoQueue,
    /// Automatic queueing stops while Up Next holds this many episodes (0: no limit).
    pub auto_queue_max: u32,
    /// How many of the new episodes each refresh brings are downloaded (0: none).
    pub auto_download_new: u32,
    /// Downloads of played episodes are deleted this many days after they were played
    /// (0: once played; -1: never).
    pub delete_played_after_days: i32,
    /// Only the newest this many downloads are kept (0: all).
    pub keep_downloads: u32,
}

impl Default for PodcastSettings {
    fn default() -> PodcastSettings {
        PodcastSettings {
            auto_queue: AutoQueue::Off,
            auto_queue_max: 50,
            auto_download_new: 0,
            delete_played_after_days: -1,
            keep_downloads: 0,
        }
    }
}

impl PodcastSettings {
    /// Whether cleanup may delete anything of this podcast.
    pub fn cleans_up(&self) -> bool {
        self.delete_played_after_days >= 0 || self.keep_downloads > 0
    }
}

/// The listening flow's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listening {
    /// When an episode ends, the next one in Up Next starts.
    pub continuous_play: bool,
    /// Minutes between refreshes of every feed while the player runs (0: never).
    pub refresh_every_min: u32,
    /// Every podcast's settings unless its own table says otherwise.
    pub defaults: PodcastSettings,
    /// Per feed URL, the settings its table sets.
    pub podcasts: BTreeMap<String, PodcastOverrides>,
}

impl Default for Listening {
    fn default() -> Listening {
        Listening {
            continuous_play: true,
            refresh_every_min: 60,
            defaults: PodcastSettings::default(),
            podcasts: BTreeMap::new(),
        }
    }
}

impl Listening {
    /// The settings of the podcast whose feed is `feed_url`.
    pub fn podcast(&self, feed_url: Option<&str>) -> PodcastSettings {
        let d = self.defaults;
        let Some(o) = feed_url.and_then(|url| self.podcasts.get(url)) else {
            return d;
        };
        PodcastSettings {
            auto_queue: o.auto_queue.unwrap_or(d.auto_queue),
            auto_queue_max: o.auto_queue_max.unwrap_or(d.auto_queue_max),
            auto_download_new: o.auto_download_new.unwrap_or(d.auto_download_new),
            delete_played_after_days: o
                .delete_played_after_days
                .unwrap_or(d.delete_played_after_days),
            keep_downloads: o.keep_downloads.unwrap_or(d.keep_downloads),
        }
    }

    /// Whether cleanup may delete anything at all.
    pub fn cleans_up(&self) -> bool {
        self.defaults.cleans_up()
            || self
                .podcasts
                .keys()
                .any(|url| self.podcast(Some(url)).cleans_up())
    }

    /// Milliseconds between scheduled refreshes, if they are on.
    pub fn refresh_every_ms(&self) -> Option<u64> {
        (self.refresh_every_min > 0).then(|| u64::from(self.refresh_every_min) * 60_000)
    }
}

/// One `[podcast."FEED-URL"]` table: the settings it sets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(
    deny_unknown_fields,
    default,
    expecting = "a table of podcast settings"
)]
pub struct PodcastOverrides {
    pub auto_queue: Option<AutoQueue>,
    #[serde(deserialize_with = "some_queue_length")]
    pub auto_queue_max: Option<u32>,
    #[serde(deserialize_with = "some_count")]
    pub auto_download_new: Option<u32>,
    #[serde(deserialize_with = "some_days")]
    pub delete_played_after_days: Option<i32>,
    #[serde(deserialize_with = "some_downloads")]
    pub keep_downloads: Option<u32>,
}

/// Longest refresh interval, in minutes (a week).
pub const MAX_REFRESH_MIN: u32 = 7 * 24 * 60;
/// Most new episodes downloaded per podcast and refresh.
pub const MAX_AUTO_DOWNLOAD: u32 = 100;
/// Longest Up Next automatic queueing fills, and most downloads kept.
pub const MAX_KEPT: u32 = 10_000;
/// Longest wait before a played download is deleted, in days (a century).
pub const MAX_DAYS: i32 = 36_500;

pub(super) fn refresh_minutes<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    fields::integer_in(d, 0, MAX_REFRESH_MIN, "a number of minutes")
}

pub(super) fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    fields::integer_in(d, 0, MAX_AUTO_DOWNLOAD, "a number of episodes")
}

pub(super) fn queue_length<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    fields::integer_in(d, 0, MAX_KEPT, "a number of episodes")
}

pub(super) fn downloads<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    fields::integer_in(d, 0, MAX_KEPT, "a number of downloads")
}

pub(super) fn days<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    fields::signed_in(d, -1, MAX_DAYS, "a number of days (-1: never)")
}

fn some_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    count(d).map(Some)
}

fn some_queue_length<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    queue_length(d).map(Some)
}

fn some_downloads<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    downloads(d).map(Some)
}

fn some_days<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    days(d).map(Some)
}

/// The `[podcast]` table as written: feed URL to its settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct PodcastTables(pub(super) BTreeMap<String, PodcastOverrides>);

/// Reads one feed URL of the `[podcast]` table: an `http://` or `https://` address.
struct FeedKey;

impl<'de> DeserializeSeed<'de> for FeedKey {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        fields::url(deserializer).map_err(|e: D::Error| {
            de::Error::custom(format!(
                "{e} (a podcast's table is named by its feed URL, as `list` shows it)"
            ))
        })
    }
}

impl<'de> Deserialize<'de> for PodcastTables {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PodcastTables, D::Error> {
        struct TablesVisitor;
        impl<'de> Visitor<'de> for TablesVisitor {
            type Value = PodcastTables;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("tables of podcast settings, each named by a feed URL")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PodcastTables, A::Error> {
                let mut tables = BTreeMap::new();
                while let Some(url) = map.next_key_seed(FeedKey)? {
                    let overrides: PodcastOverrides = map.next_value()?;
                    tables.insert(url, overrides);
                }
                Ok(PodcastTables(tables))
            }
        }
        deserializer.deserialize_map(TablesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_podcast_table_overrides_only_what_it_sets() {
        let mut listening = Listening::default();
        listening.defaults.auto_download_new = 2;
        listening.podcasts.insert(
            "https://a.example/feed".into(),
            PodcastOverrides {
                auto_queue: Some(AutoQueue::Front),
                keep_downloads: Some(3),
                ..PodcastOverrides::default()
            },
        );
        let a = listening.podcast(Some("https://a.example/feed"));
        assert_eq!(a.auto_queue, AutoQueue::Front);
        assert_eq!(a.keep_downloads, 3);
        assert_eq!(
            a.auto_download_new, 2,
            "the default where the table is silent"
        );
        assert_eq!(
            listening.podcast(Some("https://b.example/")),
            listening.defaults
        );
        assert_eq!(listening.podcast(None), listening.defaults);
        assert!(listening.cleans_up());
        assert!(
            !Listening::default().cleans_up(),
            "nothing is deleted by default"
        );
        assert_eq!(listening.refresh_every_ms(), Some(3_600_000));
    }
}
