//! What the listener's comfort settings leave in the library: each podcast's remembered speed,
//! skip silence and voice levelling, each episode's measured length, and the time skipped
//! silences saved.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::error::{Doing, StoreError};
use super::playback::require_changed;
use super::{Store, read_rows};
use crate::model::{Pace, RememberedPace};

impl Store {
    /// Remembers the speed, skip silence and voice levelling of a podcast.
    pub fn set_podcast_pace(&mut self, podcast_id: i64, pace: Pace) -> Result<(), StoreError> {
        let doing = || format!("remembering the speed of podcast {podcast_id}");
        let speed = Some(pace.speed).filter(|s| s.is_finite() && *s > 0.0);
        let sql = "UPDATE podcasts SET speed = ?2, skip_silence = ?3, level_voices = ?4
                   WHERE id = ?1";
        let changed = self
            .conn
            .prepare_cached(sql)
            .and_then(|mut s| {
                s.execute(params![
                    podcast_id,
                    speed,
                    pace.skip_silence,
                    pace.level_voices
                ])
            })
            .doing(doing)?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                doing: doing(),
                what: "podcast",
                id: podcast_id,
            });
        }
        Ok(())
    }

    /// The remembered pace of a podcast (all `None` for an unknown one).
    pub fn podcast_pace(&self, podcast_id: i64) -> Result<RememberedPace, StoreError> {
        let doing = || format!("reading the speed of podcast {podcast_id}");
        let pace = self
            .conn
            .prepare_cached("SELECT speed, skip_silence, level_voices FROM podcasts WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([podcast_id], |r| {
                    Ok(RememberedPace {
                        speed: r.get(0)?,
                        skip_silence: r.get(1)?,
                        level_voices: r.get(2)?,
                    })
                })
                .optional()
            })
            .doing(doing)?;
        Ok(pace.unwrap_or_default())
    }

    /// The remembered pace of every podcast that has one, by podcast.
    pub fn podcast_paces(&self) -> Result<HashMap<i64, RememberedPace>, StoreError> {
        let sql = "SELECT id, speed, skip_silence, level_voices FROM podcasts
                   WHERE speed IS NOT NULL OR skip_silence IS NOT NULL
                      OR level_voices IS NOT NULL";
        read_rows(&self.conn, sql, |r| {
            Ok((
                r.get(0)?,
                RememberedPace {
                    speed: r.get(1)?,
                    skip_silence: r.get(2)?,
                    level_voices: r.get(3)?,
                },
            ))
        })
        .doing(|| "reading the podcasts' speeds".to_owned())
    }

    /// Remembers how long an episode's media lasts, as measured from it.
    pub fn set_media_length(&mut self, episode_id: i64, seconds: f64) -> Result<(), StoreError> {
        let doing = || format!("saving the length of episode {episode_id}");
        let seconds = Some(seconds).filter(|s| s.is_finite() && *s > 0.0);
        let changed = self
            .conn
            .prepare_cached("UPDATE episodes SET media_length_s = ?2 WHERE id = ?1")
            .and_then(|mut s| s.execute(params![episode_id, seconds]))
            .doing(doing)?;
        require_changed(changed, episode_id, doing)
    }

    /// Remembers how much silence was skipped in an episode, in all.
    pub fn set_time_saved(&mut self, episode_id: i64, seconds: f64) -> Result<(), StoreError> {
        let doing = || format!("saving the time saved in episode {episode_id}");
        let seconds = if seconds.is_finite() {
            seconds.max(0.0)
        } else {
            0.0
        };
        let changed = self
            .conn
            .prepare_cached("UPDATE episodes SET time_saved_s = ?2 WHERE id = ?1")
            .and_then(|mut s| s.execute(params![episode_id, seconds]))
            .doing(doing)?;
        require_changed(changed, episode_id, doing)
    }

    /// Seconds of silence skipped in every episode of the library.
    pub fn time_saved_total(&self) -> Result<f64, StoreError> {
        self.conn
            .prepare_cached("SELECT coalesce(sum(time_saved_s), 0) FROM episodes")
            .and_then(|mut s| s.query_row([], |r| r.get(0)))
            .doing(|| "adding up the time saved".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::two_episodes;

    #[test]
    fn pace_length_and_time_saved_are_remembered() {
        let (mut store, podcast, ids) = two_episodes();
        assert_eq!(
            store.podcast_pace(podcast).unwrap(),
            RememberedPace::default()
        );
        assert!(store.podcast_paces().unwrap().is_empty());
        let set = Pace {
            speed: 1.5,
            skip_silence: true,
            level_voices: false,
        };
        store.set_podcast_pace(podcast, set).unwrap();
        let pace = RememberedPace {
            speed: Some(1.5),
            skip_silence: Some(true),
            level_voices: Some(false),
        };
        assert_eq!(store.podcast_pace(podcast).unwrap(), pace);
        assert_eq!(store.podcast_paces().unwrap()[&podcast], pace);
        assert!(store.set_podcast_pace(999, set).is_err());

        store.set_media_length(ids[0], 1801.5).unwrap();
        store.set_time_saved(ids[0], 12.25).unwrap();
        store.set_time_saved(ids[1], 2.75).unwrap();
        let state = store.episode_row(ids[0]).unwrap().unwrap().state;
        assert_eq!((state.length_s, state.time_saved_s), (Some(1801.5), 12.25));
        assert_eq!(store.time_saved_total().unwrap(), 15.0);
        let headers = store.episode_headers(podcast, None).unwrap();
        assert!(headers.iter().any(|h| h.state.length_s == Some(1801.5)));
        assert!(store.set_media_length(999, 1.0).is_err());
    }

    #[test]
    fn voice_levelling_is_remembered_per_podcast() {
        let (mut store, podcast, _) = two_episodes();
        assert_eq!(store.podcast_pace(podcast).unwrap().level_voices, None);
        let plain = Pace {
            speed: 1.0,
            skip_silence: false,
            level_voices: false,
        };
        let levelled = Pace {
            level_voices: true,
            ..plain
        };
        store.set_podcast_pace(podcast, levelled).unwrap();
        let stored = store.podcast_pace(podcast).unwrap();
        assert_eq!(stored.level_voices, Some(true));
        assert_eq!(stored.skip_silence, Some(false));
        assert_eq!(
            store.podcast_paces().unwrap()[&podcast].level_voices,
            Some(true)
        );
        store.set_podcast_pace(podcast, plain).unwrap();
        assert_eq!(
            store.podcast_pace(podcast).unwrap().level_voices,
            Some(false)
        );
    }

    #[test]
    fn a_new_enclosure_forgets_the_length_measured() {
        let (mut store, podcast, ids) = two_episodes();
        store.set_media_length(ids[0], 1801.5).unwrap();
        let row = store.episode_row(ids[0]).unwrap().unwrap();
        let mut episodes: Vec<_> = store
            .episode_rows(podcast)
            .unwrap()
            .into_iter()
            .map(|r| r.episode)
            .collect();
        // The same feed again: the length stays.
        let feed = crate::store::test_support::feed(episodes.clone());
        store
            .save_feed(podcast, &feed, &Default::default(), 2)
            .unwrap();
        let kept = store.episode_row(ids[0]).unwrap().unwrap().state.length_s;
        assert_eq!(kept, Some(1801.5));
        for e in &mut episodes {
            if e.guid == row.episode.guid
                && let Some(enclosure) = e.enclosure.as_mut()
            {
                enclosure.url.push_str("?v=2");
            }
        }
        let feed = crate::store::test_support::feed(episodes);
        store
            .save_feed(podcast, &feed, &Default::default(), 3)
            .unwrap();
        let gone = store.episode_row(ids[0]).unwrap().unwrap().state.length_s;
        assert_eq!(gone, None);
    }
}
