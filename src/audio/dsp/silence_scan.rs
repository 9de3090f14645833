//! The silence trimmer's measures: how loud a 10 ms window is, how much of a silence to keep,
//! and the cross-fade at a cut.

use super::silence::SilenceRule;

/// The rule in frames at one sample rate.
#[derive(Debug, Clone, Copy)]
pub(super) struct Frames {
    /// Analysis window.
    pub window: usize,
    /// Quiet windows must add up to at least this to be shortened.
    pub min_silence: usize,
    /// Kept from the start of a shortened silence (half the shortest pause kept).
    pub head: usize,
    /// Cross-fade at the cut.
    pub fade: usize,
    /// Most frames kept from the end of a silence (see [`Frames::tail`]).
    pub max_tail: usize,
    /// Mean square of a window (all channels) below which it is quiet.
    pub quiet_power: f64,
    keep_min: usize,
    keep_max: usize,
    keep_ratio: f64,
}

impl Frames {
    pub(super) fn new(rule: &SilenceRule, rate: u32) -> Frames {
        let rate = f64::from(rate.max(1000));
        let frames = |s: f64| (s.max(0.0) * rate).round() as usize;
        let window = frames(rule.window_s).max(1);
        let fade = frames(rule.fade_s);
        let keep_min = frames(rule.keep_min_s).max(2 * fade + 2);
        let keep_max = frames(rule.keep_max_s).max(keep_min);
        // A cut needs the pause kept and the cross-fade to fit inside the silence.
        let min_silence = frames(rule.min_silence_s).max(keep_min + fade + window);
        let head = keep_min / 2;
        Frames {
            window,
            min_silence,
            head,
            fade,
            max_tail: keep_max - head + fade,
            quiet_power: 10f64.powf(rule.threshold_db / 10.0),
            keep_min,
            keep_max,
            keep_ratio: rule.keep_ratio.clamp(0.0, 1.0),
        }
    }

    /// Frames kept from the end of a silence of `len` frames, the cross-fade included, so
    /// that the pause heard is `head + tail − fade` = the pause the rule keeps.
    pub(super) fn tail(&self, len: usize) -> usize {
        let keep = ((len as f64 * self.keep_ratio).round() as usize)
            .clamp(self.keep_min, self.keep_max)
            // Never more than the silence leaves after the head.
            .min(len.saturating_sub(self.fade));
        keep - self.head + self.fade
    }
}

/// True when the interleaved window's mean square is under `quiet_power`.
pub(super) fn is_quiet(window: &[f32], quiet_power: f64) -> bool {
    if window.is_empty() {
        return true;
    }
    let energy: f64 = window.iter().map(|&s| f64::from(s) * f64::from(s)).sum();
    energy / window.len() as f64 <= quiet_power
}

/// Cross-fades `from` (fading out) into `to` (fading in) over their common length, with raised
/// cosine gains that sum to 1 at every frame. Both interleaved with `channels` channels.
pub(super) fn cross_fade(from: &[f32], to: &[f32], channels: usize, out: &mut Vec<f32>) {
    let frames = from.len().min(to.len()) / channels.max(1);
    for i in 0..frames {
        let x = std::f64::consts::PI * (i as f64 + 0.5) / frames as f64;
        let fade_in = (0.5 - 0.5 * x.cos()) as f32;
        for c in 0..channels {
            let k = i * channels + c;
            out.push(from[k] * (1.0 - fade_in) + to[k] * fade_in);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rule_in_frames() {
        let f = Frames::new(&SilenceRule::default(), 44_100);
        assert_eq!((f.window, f.fade, f.head), (441, 221, 5512));
        assert_eq!(f.min_silence, 17_640);
        // A 0.4 s silence keeps 0.25 s, a 2 s one 20 % of it, a 20 s one 0.5 s.
        let pause = |len: usize| f.head + f.tail(len) - f.fade;
        assert_eq!(pause(17_640), 11_025);
        assert_eq!(pause(88_200), 17_640);
        assert_eq!(pause(882_000), 22_050);
        // −45 dBFS: a tone at −40 dB (RMS −43) is sound, noise at RMS −50 dB is quiet.
        let tone: Vec<f32> = (0..441).map(|i| 0.01 * (i as f32 * 0.3).sin()).collect();
        assert!(!is_quiet(&tone, f.quiet_power));
        let hiss: Vec<f32> = (0..441)
            .map(|i| if i % 2 == 0 { 0.00316 } else { -0.00316 })
            .collect();
        assert!(is_quiet(&hiss, f.quiet_power));
    }

    #[test]
    fn cross_fade_sums_to_one() {
        let mut out = Vec::new();
        cross_fade(&[1.0; 8], &[1.0; 8], 2, &mut out);
        assert_eq!(out.len(), 8);
        assert!(out.iter().all(|&v| (v - 1.0).abs() < 1e-6), "{out:?}");
        out.clear();
        cross_fade(&[1.0; 4], &[0.0; 4], 1, &mut out);
        assert!(out.windows(2).all(|w| w[1] < w[0]) && out[0] > 0.5 && out[3] < 0.5);
    }
}
