//! How an episode is played: its speed (0.5× to 3× in steps of 0.05, keeping the pitch),
//! whether long silences are skipped and whether voices are levelled. Remembered per podcast,
//! with defaults in the config.

/// The slowest speed offered.
pub const MIN_SPEED: f64 = 0.5;
/// The fastest speed offered.
pub const MAX_SPEED: f64 = 3.0;
/// One step of the speed keys.
pub const SPEED_STEP: f64 = 0.05;

/// The speed, skip silence and voice levelling of what plays.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pace {
    /// Episode seconds per second heard.
    pub speed: f64,
    /// Long silences are shortened to a short pause.
    pub skip_silence: bool,
    /// Quiet or uneven voices are brought to a steady loudness.
    pub level_voices: bool,
}

impl Default for Pace {
    fn default() -> Pace {
        Pace {
            speed: 1.0,
            skip_silence: false,
            level_voices: false,
        }
    }
}

impl Pace {
    /// This pace at `speed`, put on the 0.05 grid within [`MIN_SPEED`]..=[`MAX_SPEED`]
    /// (a value that is not a number keeps the speed).
    pub fn at_speed(self, speed: f64) -> Pace {
        Pace {
            speed: on_grid(speed).unwrap_or(self.speed),
            ..self
        }
    }

    /// This pace `steps` speed steps faster (slower when negative).
    pub fn stepped(self, steps: i32) -> Pace {
        self.at_speed(self.speed + f64::from(steps) * SPEED_STEP)
    }

    /// Plays as recorded: 1.0×, nothing skipped, nothing levelled (the audio bypasses every
    /// stage).
    pub fn is_plain(&self) -> bool {
        self.speed == 1.0 && !self.skip_silence && !self.level_voices
    }
}

/// A podcast's remembered pace: each part the listener set for it, `None` where the default
/// (the configuration's) holds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RememberedPace {
    pub speed: Option<f64>,
    pub skip_silence: Option<bool>,
    pub level_voices: Option<bool>,
}

impl RememberedPace {
    /// The pace to play at: each part remembered, else that of `defaults`.
    pub fn or(self, defaults: Pace) -> Pace {
        Pace {
            speed: self.speed.unwrap_or(defaults.speed),
            skip_silence: self.skip_silence.unwrap_or(defaults.skip_silence),
            level_voices: self.level_voices.unwrap_or(defaults.level_voices),
        }
    }
}

impl From<Pace> for RememberedPace {
    /// Every part set.
    fn from(pace: Pace) -> RememberedPace {
        RememberedPace {
            speed: Some(pace.speed),
            skip_silence: Some(pace.skip_silence),
            level_voices: Some(pace.level_voices),
        }
    }
}

/// `speed` rounded to the nearest 0.05 and kept within the range offered; `None` when it is
/// not a finite number.
pub fn on_grid(speed: f64) -> Option<f64> {
    if !speed.is_finite() {
        return None;
    }
    let steps = (speed.clamp(MIN_SPEED, MAX_SPEED) / SPEED_STEP).round();
    Some(steps * 5.0 / 100.0)
}

/// A speed in hundredths (150 for 1.5×), as commands carry it.
pub fn hundredths(speed: f64) -> u16 {
    (speed * 100.0).round().clamp(0.0, f64::from(u16::MAX)) as u16
}

/// "1.5×", "1.25×", "1×".
pub fn format_speed(speed: f64) -> String {
    let text = format!("{speed:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}×")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_part_wins_over_the_default_and_a_forgotten_one_does_not() {
        let defaults = Pace {
            speed: 1.25,
            skip_silence: true,
            level_voices: false,
        };
        assert_eq!(RememberedPace::default().or(defaults), defaults);
        let some = RememberedPace {
            speed: Some(2.0),
            skip_silence: None,
            level_voices: Some(true),
        };
        let expected = Pace {
            speed: 2.0,
            skip_silence: true,
            level_voices: true,
        };
        assert_eq!(some.or(defaults), expected);
        assert_eq!(RememberedPace::from(expected).or(Pace::default()), expected);
    }

    #[test]
    fn speeds_step_by_five_hundredths_within_the_range() {
        let pace = Pace::default();
        assert_eq!(pace.stepped(1).speed, 1.05);
        assert_eq!(pace.stepped(10).speed, 1.5);
        assert_eq!(pace.stepped(-10).speed, 0.5);
        assert_eq!(pace.stepped(-11).speed, 0.5);
        assert_eq!(pace.stepped(40).speed, 3.0);
        assert_eq!(pace.stepped(41).speed, 3.0);
        // Twenty steps up and down come back exactly.
        let mut p = pace;
        for _ in 0..20 {
            p = p.stepped(1);
        }
        for _ in 0..20 {
            p = p.stepped(-1);
        }
        assert_eq!(p.speed, 1.0);
        assert_eq!(pace.at_speed(1.234).speed, 1.25);
        assert_eq!(pace.at_speed(f64::NAN).speed, 1.0);
        assert!(pace.is_plain() && !pace.stepped(1).is_plain());
        let levelled = Pace {
            level_voices: true,
            ..pace
        };
        assert!(!levelled.is_plain());
    }

    #[test]
    fn speeds_are_written_short() {
        assert_eq!(format_speed(1.0), "1×");
        assert_eq!(format_speed(1.5), "1.5×");
        assert_eq!(format_speed(1.25), "1.25×");
        assert_eq!(format_speed(0.55), "0.55×");
        assert_eq!(hundredths(1.05), 105);
    }
}
