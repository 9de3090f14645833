//! Voice levelling: brings a quiet or uneven voice to a steady loudness, after skip silence and
//! before the time-stretch, like Overcast's Voice Boost or AntennaPod's volume boost.
//!
//! Two halves: a slow gain rider ([`level_gain`](super::level_gain): K-weighted loudness on
//! 10 ms windows, a gate, −6…+15 dB toward −16 LUFS, moved over 0.3–2 s) and a look-ahead peak
//! limiter ([`level_limit`](super::level_limit): nothing above −1 dBFS). The audio comes out
//! about 15 ms late (a window, then the limiter's 5 ms look-ahead) and otherwise unchanged in
//! length: the output comes in runs stamped with the episode time of their first frame, a run
//! wherever the input's time jumped (a silence cut before this stage).
//!
//! Why our own: the `ebur128` crate measures loudness as BS.1770 defines it (asking it for a
//! 10 ms loudness every 10 ms costs 0.06 % of a core on 44.1 kHz stereo, its 400 ms momentary
//! loudness 0.35 %), but has no gain rider or limiter, which are most of this stage; what it
//! would bring is the K-weighting, two biquads, kept here with libebur128's coefficients and
//! checked against the crate's readings in the tests (to 0.01 dB). The whole stage, limiter
//! included, costs 0.13 % of a core (benches/dsp.rs), less than the crate's 400 ms loudness
//! asked for every 10 ms.
//!
//! A seek or a change of pace ([`reset`](Leveller::reset)) drops the audio held and the
//! filters' memory but keeps the voice's loudness and the gain: the voice a moment later is
//! the same voice, and starting again from 0 dB would make every seek swell in over a second.

use std::collections::VecDeque;

use super::level_gain::{GainRider, KWeight, LevelRule, amplitude};
use super::level_limit::Limiter;

/// Levels a stream of interleaved audio stamped with episode time.
#[derive(Debug)]
pub struct Leveller {
    channels: usize,
    rate: f64,
    /// Frames per analysis window.
    window: usize,
    weight: KWeight,
    rider: GainRider,
    limiter: Limiter,
    /// The window being filled, interleaved, and one frame of it levelled.
    pending: Vec<f32>,
    frame: Vec<f32>,
    /// Frames pushed since the reset, and where runs start in them: (frame, episode time).
    pushed: u64,
    marks: VecDeque<(u64, f64)>,
    /// Output not yet pulled, from `out[taken * channels..]`; `out[0]` is frame `out_from`.
    out: Vec<f32>,
    taken: usize,
    out_from: u64,
}

impl Leveller {
    /// A leveller for `channels` interleaved channels at `rate` Hz.
    pub fn new(channels: u16, rate: u32, rule: LevelRule) -> Leveller {
        let channels = usize::from(channels.max(1));
        let rate = f64::from(rate.max(1000));
        Leveller {
            channels,
            rate,
            window: ((rule.window_s * rate).round() as usize).max(1),
            weight: KWeight::new(channels, rate),
            rider: GainRider::new(rule),
            limiter: Limiter::new(
                channels,
                rate,
                rule.ceiling_db,
                rule.look_ahead_s,
                rule.limiter_release_s,
            ),
            pending: Vec::new(),
            frame: Vec::new(),
            pushed: 0,
            marks: VecDeque::new(),
            out: Vec::new(),
            taken: 0,
            out_from: 0,
        }
    }

    /// The gain applied now, dB (the limiter aside).
    pub fn gain_db(&self) -> f64 {
        self.rider.gain_db()
    }

    /// The voice's loudness as measured, LUFS; `None` before any voice was heard.
    pub fn loudness_lufs(&self) -> Option<f64> {
        self.rider.loudness_lufs()
    }

    /// Seconds of audio pushed but not yet pulled.
    pub fn held_s(&self) -> f64 {
        let waiting = self.out.len() / self.channels - self.taken;
        let held = self.pending.len() / self.channels + self.limiter.held_frames();
        (waiting + held) as f64 / self.rate
    }

    /// Audio whose first frame is at episode time `t`.
    pub fn push(&mut self, t: f64, samples: &[f32]) {
        let frames = samples.len() / self.channels;
        if frames == 0 {
            return;
        }
        let continues = self.marks.back().is_some_and(|&(frame, start)| {
            let expected = start + (self.pushed - frame) as f64 / self.rate;
            (t - expected).abs() <= 0.5 / self.rate
        });
        if !continues {
            self.marks.push_back((self.pushed, t));
        }
        self.pushed += frames as u64;
        let mut rest = &samples[..frames * self.channels];
        while !rest.is_empty() {
            let room = self.window * self.channels - self.pending.len();
            let (now, later) = rest.split_at(room.min(rest.len()));
            self.pending.extend_from_slice(now);
            rest = later;
            if self.pending.len() == self.window * self.channels {
                self.level_window();
            }
        }
    }

    /// Appends up to `max_frames` frames of one run to `out` and returns the episode time of
    /// the first; `None` when nothing is ready.
    pub fn pull(&mut self, out: &mut Vec<f32>, max_frames: usize) -> Option<f64> {
        let total = self.out.len() / self.channels;
        if self.taken >= total || max_frames == 0 {
            return None;
        }
        let at = self.out_from + self.taken as u64;
        while self.marks.get(1).is_some_and(|&(frame, _)| frame <= at) {
            self.marks.pop_front();
        }
        let &(start, t) = self.marks.front()?;
        let run_end = self.marks.get(1).map_or(u64::MAX, |&(frame, _)| frame);
        let end = run_end.min(self.out_from + total as u64);
        let n = ((end - at) as usize).min(max_frames);
        let from = self.taken * self.channels;
        out.extend_from_slice(&self.out[from..from + n * self.channels]);
        self.taken += n;
        if self.taken >= total {
            self.out.clear();
            self.out_from += total as u64;
            self.taken = 0;
        }
        Some(t + (at - start) as f64 / self.rate)
    }

    /// The end of the stream: everything held comes out on the next pulls.
    pub fn finish(&mut self) {
        if !self.pending.is_empty() {
            self.level_window();
        }
        self.limiter.flush(&mut self.out);
    }

    /// A seek: forgets the audio held and the filters' memory; the voice's loudness and the
    /// gain carry on.
    pub fn reset(&mut self) {
        self.pending.clear();
        self.weight.reset();
        self.limiter.reset();
        self.pushed = 0;
        self.marks.clear();
        self.out.clear();
        self.taken = 0;
        self.out_from = 0;
    }

    /// Measures the pending window, moves the gain, and hands the window to the limiter with
    /// the gain going smoothly from where it was to where it is now.
    fn level_window(&mut self) {
        let frames = self.pending.len() / self.channels;
        let before = amplitude(self.rider.gain_db());
        let mean_square = self.weight.mean_square(&self.pending);
        let after = amplitude(self.rider.window(mean_square, frames as f64 / self.rate));
        let step = (after - before) / frames as f64;
        let mut frame = std::mem::take(&mut self.frame);
        frame.resize(self.channels, 0.0);
        for (i, input) in self.pending.chunks_exact(self.channels).enumerate() {
            let gain = (before + step * (i + 1) as f64) as f32;
            for (o, x) in frame.iter_mut().zip(input) {
                *o = x * gain;
            }
            self.limiter.push(&frame, &mut self.out);
        }
        self.frame = frame;
        self.pending.clear();
    }
}
