//! The sleep timer: stop after N minutes of listening (fading out over the last
//! [`FADE_S`] seconds), at the end of the chapter playing, or at the end of the episode.
//!
//! Pure: the minutes count on the clock the caller passes in (the core's virtual clock; `play
//! --sleep` drives the same type with the real one), and only while audio plays, so a pause
//! does not eat the listener's time. Chapter and episode ends are episode times: the engine is
//! asked to pause exactly there.

use super::input::Millis;

/// Seconds over which the sound fades out before a timer in minutes stops it.
pub const FADE_S: u64 = 10;
/// The longest timer, in minutes.
pub const MAX_MINUTES: u32 = 24 * 60;

/// When playback stops by itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SleepTimer {
    /// After `left_ms` more of listening; `until` is when that runs out while audio plays
    /// (`None` while it does not). `fading` once the fade-out was asked for.
    Minutes {
        left_ms: Millis,
        until: Option<Millis>,
        fading: bool,
    },
    /// At the end of the chapter heard when it was set (or jumped to since): episode time
    /// `end_s`; `None` when that chapter runs to the end of the episode.
    Chapter { end_s: Option<f64> },
    /// When the episode ends.
    Episode,
}

/// What a timer in minutes asks for at a given moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Due {
    Nothing,
    /// Start fading out: the sound reaches silence in this many seconds.
    Fade(f64),
    /// Stop now.
    Stop,
}

impl SleepTimer {
    /// A timer of `minutes` of listening, not running yet.
    pub fn minutes(minutes: u32) -> SleepTimer {
        SleepTimer::Minutes {
            left_ms: u64::from(minutes.min(MAX_MINUTES)) * 60_000,
            until: None,
            fading: false,
        }
    }

    /// A timer of `ms` milliseconds of listening, not running yet (`play --sleep 0.5`).
    pub fn after_ms(ms: Millis) -> SleepTimer {
        SleepTimer::Minutes {
            left_ms: ms.min(u64::from(MAX_MINUTES) * 60_000),
            until: None,
            fading: false,
        }
    }

    /// Milliseconds of listening left at `now`, for a timer in minutes.
    pub fn left_ms(&self, now: Millis) -> Option<Millis> {
        match *self {
            SleepTimer::Minutes {
                until: Some(until), ..
            } => Some(until.saturating_sub(now)),
            SleepTimer::Minutes { left_ms, .. } => Some(left_ms),
            _ => None,
        }
    }

    /// The same timer with `minutes` more (a timer of its own when this one is not in minutes).
    /// Adding time undoes a fade that began.
    pub fn extended(self, minutes: u32, now: Millis) -> SleepTimer {
        let more = u64::from(minutes.min(MAX_MINUTES)) * 60_000;
        match self {
            SleepTimer::Minutes { until, .. } => {
                let left = self.left_ms(now).unwrap_or(0).saturating_add(more);
                SleepTimer::Minutes {
                    left_ms: left,
                    until: until.map(|_| now.saturating_add(left)),
                    fading: false,
                }
            }
            _ => SleepTimer::minutes(minutes),
        }
    }

    /// Counts from `now` when `playing`, holds what is left when not.
    pub fn run(&mut self, playing: bool, now: Millis) {
        if let SleepTimer::Minutes { left_ms, until, .. } = self {
            match (*until, playing) {
                (None, true) => *until = Some(now.saturating_add(*left_ms)),
                (Some(end), false) => {
                    *left_ms = end.saturating_sub(now);
                    *until = None;
                }
                _ => {}
            }
        }
    }

    /// What a timer in minutes asks for at `now` (marking the fade as asked for).
    pub fn due(&mut self, now: Millis) -> Due {
        let SleepTimer::Minutes {
            until: Some(until),
            fading,
            ..
        } = self
        else {
            return Due::Nothing;
        };
        if now >= *until {
            return Due::Stop;
        }
        let left = *until - now;
        if !*fading && left <= FADE_S * 1000 {
            *fading = true;
            return Due::Fade(left as f64 / 1000.0);
        }
        Due::Nothing
    }

    /// When to look again: the start of the fade or the end, while counting.
    pub fn next_wake(&self) -> Option<Millis> {
        match *self {
            SleepTimer::Minutes {
                until: Some(until),
                fading,
                ..
            } => Some(if fading {
                until
            } else {
                until.saturating_sub(FADE_S * 1000)
            }),
            _ => None,
        }
    }

    /// Whether a fade-out was asked for and not undone.
    pub fn is_fading(&self) -> bool {
        matches!(self, SleepTimer::Minutes { fading: true, .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_count_only_while_playing_and_fade_before_the_end() {
        let mut timer = SleepTimer::minutes(1);
        timer.run(true, 1_000);
        assert_eq!(timer.left_ms(31_000), Some(30_000));
        timer.run(false, 31_000);
        assert_eq!(
            timer.left_ms(500_000),
            Some(30_000),
            "paused: nothing counts"
        );
        timer.run(true, 500_000);
        assert_eq!(timer.next_wake(), Some(520_000));
        assert_eq!(timer.due(519_999), Due::Nothing);
        assert_eq!(timer.due(520_000), Due::Fade(10.0));
        assert_eq!(
            timer.due(525_000),
            Due::Nothing,
            "the fade is asked for once"
        );
        assert_eq!(timer.next_wake(), Some(530_000));
        assert_eq!(timer.due(530_000), Due::Stop);
    }

    #[test]
    fn extending_adds_time_and_undoes_the_fade() {
        let mut timer = SleepTimer::minutes(1);
        timer.run(true, 0);
        assert_eq!(timer.due(55_000), Due::Fade(5.0));
        let mut longer = timer.extended(5, 55_000);
        assert!(!longer.is_fading());
        assert_eq!(longer.left_ms(55_000), Some(305_000));
        assert_eq!(longer.due(56_000), Due::Nothing);
        assert_eq!(SleepTimer::Episode.extended(15, 0), SleepTimer::minutes(15));
    }
}
