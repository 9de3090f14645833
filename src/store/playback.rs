//! Where the listener is in each episode, and what they have finished.

use rusqlite::params;

use super::Store;
use super::error::{Doing, StoreError};

impl Store {
    /// Remembers the resume position of an episode (seconds; negative or NaN read as 0) and that
    /// it was played at `now` (unix seconds).
    pub fn set_position(&mut self, episode_id: i64, secs: f64, now: i64) -> Result<(), StoreError> {
        let doing = || format!("saving the position of episode {episode_id}");
        let secs = if secs.is_finite() { secs.max(0.0) } else { 0.0 };
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE episodes SET position_s = ?2, last_played_at = ?3 WHERE id = ?1",
            )
            .and_then(|mut s| s.execute(params![episode_id, secs, now]))
            .doing(doing)?;
        require_changed(changed, episode_id, doing)
    }

    /// Marks an episode played or unplayed. The resume position is left as it is: whether
    /// finishing an episode rewinds it is the player's decision.
    pub fn set_played(&mut self, episode_id: i64, played: bool) -> Result<(), StoreError> {
        let doing = || format!("marking episode {episode_id} played={played}");
        let changed = self
            .conn
            .prepare_cached("UPDATE episodes SET played = ?2 WHERE id = ?1")
            .and_then(|mut s| s.execute(params![episode_id, played]))
            .doing(doing)?;
        require_changed(changed, episode_id, doing)
    }

    /// Marks every episode of a podcast played or unplayed; returns how many changed.
    pub fn set_podcast_played(
        &mut self,
        podcast_id: i64,
        played: bool,
    ) -> Result<usize, StoreError> {
        let doing = || format!("marking podcast {podcast_id} played={played}");
        super::podcasts::require_podcast(&self.conn, podcast_id, doing)?;
        self.conn
            .execute(
                "UPDATE episodes SET played = ?2 WHERE podcast_id = ?1 AND played IS NOT ?2",
                params![podcast_id, played],
            )
            .doing(doing)
    }
}

/// `Ok` when an `UPDATE … WHERE id = ?` found its episode.
pub(super) fn require_changed(
    changed: usize,
    episode_id: i64,
    doing: impl FnOnce() -> String,
) -> Result<(), StoreError> {
    if changed == 0 {
        Err(StoreError::NotFound {
            doing: doing(),
            what: "episode",
            id: episode_id,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::two_episodes;

    fn one_episode() -> (Store, i64, i64) {
        let (store, podcast, ids) = two_episodes();
        (store, podcast, ids[0])
    }

    #[test]
    fn position_and_played_are_remembered() {
        let (mut store, _, id) = one_episode();
        store.set_position(id, 123.5, 1_000).unwrap();
        store.set_played(id, true).unwrap();
        let state = store.episode_row(id).unwrap().unwrap().state;
        assert_eq!(state.position_s, 123.5);
        assert_eq!(state.last_played_at, Some(1_000));
        assert!(state.played);
        store.set_played(id, false).unwrap();
        store.set_position(id, f64::NAN, 2_000).unwrap();
        let state = store.episode_row(id).unwrap().unwrap().state;
        assert!(!state.played);
        assert_eq!(state.position_s, 0.0);
    }

    #[test]
    fn mark_a_whole_podcast() {
        let (mut store, podcast, id) = one_episode();
        store.set_played(id, true).unwrap();
        assert_eq!(store.set_podcast_played(podcast, true).unwrap(), 1);
        assert_eq!(store.podcasts().unwrap()[0].unplayed, 0);
        assert_eq!(store.set_podcast_played(podcast, false).unwrap(), 2);
        assert_eq!(store.podcasts().unwrap()[0].unplayed, 2);
    }

    #[test]
    fn unknown_episode_is_an_error() {
        let (mut store, _, _) = one_episode();
        let err = store.set_position(999, 1.0, 1).unwrap_err();
        assert!(
            matches!(err, StoreError::NotFound { id: 999, .. }),
            "{err:?}"
        );
        assert!(store.set_played(999, true).is_err());
        assert!(store.set_podcast_played(999, true).is_err());
    }
}
