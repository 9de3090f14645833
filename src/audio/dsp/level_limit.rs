//! The fast half of voice levelling: a look-ahead peak limiter, so a raised voice or a burst
//! after a quiet passage never goes over the ceiling (−1 dBFS, a margin for the peaks between
//! samples that a true-peak meter would see).
//!
//! Each frame needs a gain `r` that keeps its loudest channel under the ceiling. The gain
//! applied to a frame is the mean, over the `L` frames up to it, of the smallest need within
//! the `L` frames ahead of each (a sliding minimum, then a moving average, both of length `L` =
//! 5 ms): every frame averaged sees the frame itself among those ahead, so the gain is never
//! above the frame's need, and it reaches it smoothly over `L` frames instead of in a step.
//! After a peak the gain comes back with a 0.1 s time constant. The audio comes out `L − 1`
//! frames late; [`Limiter::flush`] lets go of those at the end. Cost: O(1) per frame (a
//! monotonic queue for the minimum, a running sum for the mean).

use std::collections::VecDeque;

#[derive(Debug)]
pub(super) struct Limiter {
    channels: usize,
    ceiling: f32,
    /// Look-ahead, frames (at least 1).
    look: usize,
    /// Share of the way back to 1 the gain goes each frame after a peak.
    release: f64,
    /// Frames waiting for their gain, interleaved.
    delay: VecDeque<f32>,
    /// Needs counted from the reset, the first `look − 1` of them made up (no audio).
    needs: u64,
    /// (index, need) with needs rising from front to back: the sliding minimum.
    mins: VecDeque<(u64, f32)>,
    /// Last released minimum.
    held: f64,
    /// The last `look` released minima and their sum.
    ring: Vec<f64>,
    at: usize,
    sum: f64,
}

impl Limiter {
    pub(super) fn new(
        channels: usize,
        rate: f64,
        ceiling_db: f64,
        look_s: f64,
        rel_s: f64,
    ) -> Self {
        let look = ((look_s * rate).round() as usize).max(1);
        let mut limiter = Limiter {
            channels: channels.max(1),
            ceiling: 10f64.powf(ceiling_db / 20.0) as f32,
            look,
            release: 1.0 - (-1.0 / (rel_s * rate).max(1.0)).exp(),
            delay: VecDeque::new(),
            needs: 0,
            mins: VecDeque::new(),
            held: 1.0,
            ring: vec![1.0; look],
            at: 0,
            sum: look as f64,
        };
        limiter.reset();
        limiter
    }

    /// Frames held, waiting for their gain.
    pub(super) fn held_frames(&self) -> usize {
        self.delay.len() / self.channels
    }

    /// One frame in; the frame `look − 1` frames earlier comes out into `out` (once there).
    pub(super) fn push(&mut self, frame: &[f32], out: &mut Vec<f32>) {
        let peak = frame.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        let need = if peak > self.ceiling {
            self.ceiling / peak
        } else {
            1.0
        };
        self.delay.extend(frame);
        self.need(need, out);
    }

    /// The end: every frame held comes out (nothing louder follows them), and the limiter
    /// starts afresh.
    pub(super) fn flush(&mut self, out: &mut Vec<f32>) {
        while !self.delay.is_empty() {
            self.need(1.0, out);
        }
        self.reset();
    }

    /// Drops the frames held and the peaks seen.
    pub(super) fn reset(&mut self) {
        self.delay.clear();
        self.needs = 0;
        self.mins.clear();
        self.held = 1.0;
        self.ring.fill(1.0);
        self.at = 0;
        self.sum = self.look as f64;
        // Made-up quiet frames before the first, so the first real frames are looked ahead of
        // like any other.
        let mut none = Vec::new();
        for _ in 1..self.look {
            self.need(1.0, &mut none);
        }
    }

    fn need(&mut self, need: f32, out: &mut Vec<f32>) {
        let n = self.needs;
        self.needs += 1;
        while self.mins.back().is_some_and(|&(_, v)| v >= need) {
            self.mins.pop_back();
        }
        self.mins.push_back((n, need));
        let look = self.look as u64;
        if n + 1 < look {
            return;
        }
        // Frame `k` has seen all `look` needs ahead of it.
        let k = n + 1 - look;
        while self.mins.front().is_some_and(|&(i, _)| i < k) {
            self.mins.pop_front();
        }
        let least = self.mins.front().map_or(1.0, |&(_, v)| f64::from(v));
        self.held = least.min(self.held + (1.0 - self.held) * self.release);
        self.sum += self.held - self.ring[self.at];
        self.ring[self.at] = self.held;
        self.at = (self.at + 1) % self.look;
        if k + 1 < look {
            // A made-up frame.
            return;
        }
        let gain = (self.sum / self.look as f64).min(1.0) as f32;
        for _ in 0..self.channels {
            if let Some(s) = self.delay.pop_front() {
                out.push(s * gain);
            }
        }
    }
}
