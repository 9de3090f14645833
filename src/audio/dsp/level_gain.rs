//! The slow half of voice levelling: how loud each 10 ms window is (K-weighted, as ITU-R
//! BS.1770 measures loudness) and the gain the voice's loudness asks for, moved slowly.
//!
//! Loudness is the K-weighted mean square averaged over the channels and counted as a stereo
//! pair (a mono stream plays on both speakers), so −16 LUFS is the loudness podcasts are
//! mastered to in stereo and −19 LUFS in mono alike. The voice's loudness is a running
//! average of the window powers over 0.4 s (BS.1770's momentary loudness), fed only by windows
//! the gate lets through: louder than −50 LUFS and no more than 20 dB under the voice. Pauses,
//! breaths and room noise hold the gain where it was, so they are never raised. The gain is
//! moved in decibels toward `target − loudness`, within −6…+15 dB, with a time constant of
//! 0.3 s when it falls and 2 s when it rises (0.3 s for the first second of voice heard, so an
//! episode does not swell in slowly), so syllables are not pumped. From one 10 ms window to the
//! next the gain moves by at most 0.7 dB, and inside a window it is interpolated frame by frame.

/// How the voice is levelled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelRule {
    /// Loudness aimed at, LUFS.
    pub target_lufs: f64,
    /// Analysis window, seconds.
    pub window_s: f64,
    /// Time constant of the voice's loudness, seconds.
    pub loudness_s: f64,
    /// A window quieter than this (LUFS) holds the gain.
    pub gate_lufs: f64,
    /// A window this much under the voice's loudness (dB, negative) holds the gain.
    pub relative_gate_db: f64,
    /// The gain stays within these, dB.
    pub min_gain_db: f64,
    pub max_gain_db: f64,
    /// Time constants of the gain falling and rising, seconds.
    pub attack_s: f64,
    pub release_s: f64,
    /// For the first `warm_up_s` of voice the gain rises with `attack_s`.
    pub warm_up_s: f64,
    /// No sample goes above this, dBFS (the limiter's ceiling).
    pub ceiling_db: f64,
    /// How far the limiter looks ahead, seconds.
    pub look_ahead_s: f64,
    /// Time constant of the limiter letting go, seconds.
    pub limiter_release_s: f64,
}

impl Default for LevelRule {
    fn default() -> Self {
        LevelRule {
            target_lufs: -16.0,
            window_s: 0.010,
            loudness_s: 0.4,
            gate_lufs: -50.0,
            relative_gate_db: -20.0,
            min_gain_db: -6.0,
            max_gain_db: 15.0,
            attack_s: 0.3,
            release_s: 2.0,
            warm_up_s: 1.0,
            ceiling_db: -1.0,
            look_ahead_s: 0.005,
            limiter_release_s: 0.1,
        }
    }
}

/// A window's loudness in LUFS from its mean square (channels averaged), counted as stereo.
pub fn lufs(mean_square: f64) -> f64 {
    -0.691 + 10.0 * (2.0 * mean_square).max(1e-20).log10()
}

/// One biquad section, transposed direct form II, on one channel.
#[derive(Debug, Clone, Copy)]
struct Biquad {
    b: [f64; 3],
    a: [f64; 2],
    z: [f64; 2],
}

impl Biquad {
    fn run(&mut self, x: f64) -> f64 {
        let y = self.b[0] * x + self.z[0];
        self.z[0] = self.b[1] * x - self.a[0] * y + self.z[1];
        self.z[1] = self.b[2] * x - self.a[1] * y;
        y
    }
}

/// BS.1770's K-weighting (a high shelf of +4 dB above ~1.7 kHz, then a high-pass at 38 Hz),
/// for any sample rate, with the coefficients derived as libebur128 derives them.
fn k_weighting(rate: f64) -> [Biquad; 2] {
    let (f0, gain_db, q) = (1681.974450955533, 3.999843853973347, 0.7071752369554196);
    let k = (std::f64::consts::PI * f0 / rate).tan();
    let vh = 10f64.powf(gain_db / 20.0);
    let vb = vh.powf(0.4996667741545416);
    let a0 = 1.0 + k / q + k * k;
    let shelf = Biquad {
        b: [
            (vh + vb * k / q + k * k) / a0,
            2.0 * (k * k - vh) / a0,
            (vh - vb * k / q + k * k) / a0,
        ],
        a: [2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0],
        z: [0.0; 2],
    };
    let (f0, q) = (38.13547087602444, 0.5003270373238773);
    let k = (std::f64::consts::PI * f0 / rate).tan();
    let a0 = 1.0 + k / q + k * k;
    let high_pass = Biquad {
        b: [1.0, -2.0, 1.0],
        a: [2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0],
        z: [0.0; 2],
    };
    [shelf, high_pass]
}

/// K-weighting filters, one pair per channel.
#[derive(Debug)]
pub(super) struct KWeight {
    filters: Vec<[Biquad; 2]>,
    fresh: [Biquad; 2],
}

impl KWeight {
    pub(super) fn new(channels: usize, rate: f64) -> KWeight {
        let fresh = k_weighting(rate.max(1000.0));
        KWeight {
            filters: vec![fresh; channels.max(1)],
            fresh,
        }
    }

    /// The K-weighted mean square of interleaved `window`, averaged over the channels.
    pub(super) fn mean_square(&mut self, window: &[f32]) -> f64 {
        let channels = self.filters.len();
        let mut sum = 0.0;
        for frame in window.chunks_exact(channels) {
            for (x, [shelf, high_pass]) in frame.iter().zip(self.filters.iter_mut()) {
                let y = high_pass.run(shelf.run(f64::from(*x)));
                sum += y * y;
            }
        }
        sum / window.len().max(1) as f64
    }

    /// Forgets the filters' memory (the audio that follows does not continue what came before).
    pub(super) fn reset(&mut self) {
        self.filters.fill(self.fresh);
    }
}

/// The voice's loudness and the gain applied, window by window.
#[derive(Debug, Clone)]
pub(super) struct GainRider {
    rule: LevelRule,
    /// Running mean square of the windows let through; `None` before the first.
    loudness: Option<f64>,
    /// Gain at the end of the last window, dB.
    gain_db: f64,
    /// Seconds of voice heard (windows let through).
    voice_s: f64,
}

impl GainRider {
    pub(super) fn new(rule: LevelRule) -> GainRider {
        GainRider {
            rule,
            loudness: None,
            gain_db: 0.0,
            voice_s: 0.0,
        }
    }

    /// The gain now, dB.
    pub(super) fn gain_db(&self) -> f64 {
        self.gain_db
    }

    /// The voice's loudness, LUFS, once some voice was heard.
    pub(super) fn loudness_lufs(&self) -> Option<f64> {
        self.loudness.map(lufs)
    }

    /// A window of `seconds` with K-weighted mean square `mean_square` went by: returns the
    /// gain (dB) at its end.
    pub(super) fn window(&mut self, mean_square: f64, seconds: f64) -> f64 {
        let rule = &self.rule;
        let level = lufs(mean_square);
        let gated = level < rule.gate_lufs
            || self
                .loudness
                .is_some_and(|l| level < lufs(l) + rule.relative_gate_db);
        if !gated {
            let share = 1.0 - (-seconds / rule.loudness_s).exp();
            let loudness = self.loudness.get_or_insert(mean_square);
            *loudness += (mean_square - *loudness) * share;
            self.voice_s += seconds;
        }
        if let Some(loudness) = self.loudness {
            let wanted =
                (rule.target_lufs - lufs(loudness)).clamp(rule.min_gain_db, rule.max_gain_db);
            let tau = if wanted < self.gain_db || self.voice_s < rule.warm_up_s {
                rule.attack_s
            } else {
                rule.release_s
            };
            self.gain_db += (wanted - self.gain_db) * (1.0 - (-seconds / tau).exp());
        }
        self.gain_db
    }
}

/// Decibels to a factor of amplitude.
pub(super) fn amplitude(db: f64) -> f64 {
    10f64.powf(db / 20.0)
}
