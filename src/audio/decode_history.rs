//! The audio decoded lately, kept so a change of pace can stretch it anew from the position
//! heard without seeking the stream: no request, no new estimate of a VBR position, the same
//! samples at the same times.
//!
//! It holds one continuous run of decoded audio (in the output's channels) reaching back
//! [`HISTORY_S`] from the decoder's position: more than the output queue can hold at the fastest
//! speed, so the position heard is always inside it while audio flows. A jump (a seek, a gap in
//! the decoded time line) starts it over.

use std::collections::VecDeque;

/// Seconds of decoded audio kept: the output queue holds about 3 s of output, which is up to
/// 9 s of the episode at 3×, plus what the stages hold.
pub const HISTORY_S: f64 = 10.0;

struct Stored {
    /// The listener's sample of the first frame.
    sample: i64,
    exact: bool,
    samples: Vec<f32>,
}

/// Decoded blocks, oldest first.
pub(super) struct History {
    blocks: VecDeque<Stored>,
    channels: usize,
    frames: usize,
    capacity: usize,
    spare: Vec<Vec<f32>>,
}

impl History {
    pub(super) fn new(channels: usize, rate: u32) -> Self {
        Self {
            blocks: VecDeque::new(),
            channels: channels.max(1),
            frames: 0,
            capacity: (HISTORY_S * f64::from(rate)) as usize,
            spare: Vec::new(),
        }
    }

    /// An empty buffer to fill with a block (one let go of earlier, when there is one).
    pub(super) fn buffer(&mut self) -> Vec<f32> {
        let mut buf = self.spare.pop().unwrap_or_default();
        buf.clear();
        buf
    }

    /// Keeps a decoded block, dropping the oldest beyond the capacity. A block that does not
    /// follow the last one starts the history over.
    pub(super) fn push(&mut self, sample: i64, exact: bool, samples: Vec<f32>) {
        if self.end() != Some(sample) {
            self.clear();
        }
        self.frames += samples.len() / self.channels;
        self.blocks.push_back(Stored {
            sample,
            exact,
            samples,
        });
        while self.frames > self.capacity && self.blocks.len() > 1 {
            if let Some(old) = self.blocks.pop_front() {
                self.frames -= old.samples.len() / self.channels;
                self.spare.push(old.samples);
            }
        }
    }

    /// The approximate blocks turned out `shift` samples off: they are moved and exact now.
    pub(super) fn correct(&mut self, shift: i64) {
        for block in self.blocks.iter_mut().filter(|b| !b.exact) {
            block.sample += shift;
            block.exact = true;
        }
    }

    pub(super) fn clear(&mut self) {
        self.frames = 0;
        let spare = &mut self.spare;
        spare.extend(self.blocks.drain(..).map(|b| b.samples));
    }

    /// The sample right after the last block.
    fn end(&self) -> Option<i64> {
        let last = self.blocks.back()?;
        Some(last.sample + (last.samples.len() / self.channels) as i64)
    }

    /// Whether the history holds the listener's sample `sample`.
    pub(super) fn holds(&self, sample: i64) -> bool {
        self.blocks.front().is_some_and(|b| b.sample <= sample) && self.end() > Some(sample)
    }

    /// The kept audio from `sample` on, as (first sample, exact, samples), the first block cut
    /// to start there.
    pub(super) fn from(&self, sample: i64) -> impl Iterator<Item = (i64, bool, &[f32])> {
        let channels = self.channels;
        self.blocks.iter().filter_map(move |b| {
            let frames = (b.samples.len() / channels) as i64;
            if b.sample + frames <= sample {
                return None;
            }
            let skip = (sample - b.sample).max(0);
            let from = usize::try_from(skip).unwrap_or(0) * channels;
            Some((b.sample + skip, b.exact, &b.samples[from..]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(history: &mut History, sample: i64, frames: usize) {
        let mut buf = history.buffer();
        buf.extend((0..frames * 2).map(|i| (sample * 2 + i as i64) as f32));
        history.push(sample, true, buf);
    }

    #[test]
    fn keeps_one_run_and_gives_it_back_from_any_sample() {
        let mut history = History::new(2, 10);
        block(&mut history, 0, 40);
        block(&mut history, 40, 40);
        block(&mut history, 80, 40);
        // 10 s at 10 Hz: 100 frames, so the first block went.
        assert!(!history.holds(39) && history.holds(40) && history.holds(119));
        assert!(!history.holds(120));
        let from: Vec<(i64, usize, f32)> = history
            .from(50)
            .map(|(s, _, x)| (s, x.len(), x[0]))
            .collect();
        assert_eq!(from, [(50, 60, 100.0), (80, 80, 160.0)]);
        // A jump starts over.
        block(&mut history, 500, 10);
        assert!(!history.holds(80) && history.holds(505));
    }

    #[test]
    fn a_correction_moves_the_approximate_blocks() {
        let mut history = History::new(1, 100);
        let buf = vec![0.0; 10];
        history.push(1000, false, buf);
        history.correct(-7);
        assert!(history.holds(993) && history.holds(1002) && !history.holds(1003));
        let mut buf = history.buffer();
        buf.resize(10, 0.0);
        history.push(1003, true, buf);
        assert!(history.holds(993), "continues the corrected run");
    }
}
