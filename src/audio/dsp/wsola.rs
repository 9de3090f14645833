//! Our time-stretch engine: WSOLA (waveform-similarity overlap-add) after mpv's scaletempo2,
//! the reference for speech at 1.5–3×.
//!
//! Each step lays one Hann-windowed block of the input (12 ms) onto the output, half a block
//! after the last one, so the output advances 6 ms while the input advances `6 ms × tempo`.
//! The block is not cut at the ideal input position but at the nearby one (within ±20 ms) whose
//! waveform best continues what was just played ([`wsola_search`](super::wsola_search)), so
//! overlapping blocks add in phase and the voice keeps its pitch without clicks. Like
//! scaletempo2, the natural continuation is kept as long as it stays within the search range
//! (at 1.0× that is every block, and the input comes out unchanged), blocks that would repeat
//! the last one are not chosen (they buzz when slowing down), and the chosen block is faded in
//! from the natural continuation over its length.
//!
//! Why our own rather than the `wsola` crate (0.3), measured by `benches/dsp.rs` at 2× on
//! 44.1 kHz stereo: the crate tries every candidate at full resolution, 3.9 % of a core at its
//! default ±12 ms search and 1.3 % at ±4 ms, against 0.3 % here for a ±20 ms search; it uses
//! 30 ms blocks where scaletempo2, the reference for speech, uses 12 ms; it fades in the first
//! 15 ms after every reset (every seek); and it does not say which input position its output
//! stands for, which positions in episode time need ([`Account`]). On a steady voiced tone the
//! output strays from the tone's harmonics by −47/−40/−34 dB at 1.5/2/3× here and
//! −43/−38/−46 dB with the crate: longer blocks splice a steady tone less often, so at 3× they
//! measure cleaner there (20 ms blocks, Chromium's choice, give −45/−44/−42 dB through
//! [`WsolaConfig`]); short blocks smear consonants and other transients less, and 12 ms is
//! mpv's default for speech, so it is ours.

use super::stretch::{Account, MAX_TEMPO, MIN_TEMPO, TimeStretch};
use super::wsola_search::{Region, Searcher};

/// The engine's tuning. The default is scaletempo2's (mpv's default filter).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WsolaConfig {
    /// Block (overlap-add window) length in milliseconds; blocks overlap by half.
    pub window_ms: f64,
    /// How far either side of the ideal position a block may be cut, in milliseconds.
    pub search_ms: f64,
}

impl Default for WsolaConfig {
    fn default() -> Self {
        WsolaConfig {
            window_ms: 12.0,
            search_ms: 20.0,
        }
    }
}

/// Input kept before the earliest frame still needed, before the buffers are compacted.
const COMPACT_AFTER: usize = 1 << 14;

/// The WSOLA engine over interleaved `f32` audio.
#[derive(Debug)]
pub struct Wsola {
    channels: usize,
    /// Block length `W` (even) and hop `H = W / 2`, in frames.
    window: usize,
    hop: usize,
    /// Candidates lie within ±`search` frames of the ideal position.
    search: usize,
    /// Candidates within this many frames of the last block are not chosen.
    exclude: usize,
    /// Periodic Hann windows of `W` (overlap-add) and `2W` (fading to the chosen block).
    ola: Vec<f32>,
    transition: Vec<f32>,
    tempo: f64,

    /// Input, one buffer per channel; `input[c][0]` is input frame `origin`.
    input: Vec<Vec<f32>>,
    origin: usize,
    /// Frames pushed since the reset, not counting the silence added by `finish`.
    pushed: usize,
    finished: bool,

    started: bool,
    /// Input position the next block ideally starts at.
    ideal: f64,
    /// Start of the natural continuation of the output: the last block's start + `H`.
    target: usize,
    /// The last block's second half, not yet windowed, one buffer per channel.
    tail: Vec<Vec<f32>>,
    block: Vec<Vec<f32>>,
    searcher: Searcher,

    /// The last step's output (interleaved, `H` frames), `taken` of them handed out.
    ready: Vec<f32>,
    taken: usize,
    /// Input position of the first frame not yet handed out, and the tempo of `ready`.
    ready_at: f64,
    ready_tempo: f64,
}

impl Wsola {
    /// An engine for `channels` interleaved channels at `rate` Hz with scaletempo2's tuning.
    pub fn new(channels: u16, rate: u32) -> Wsola {
        Wsola::with_config(channels, rate, WsolaConfig::default())
    }

    pub fn with_config(channels: u16, rate: u32, config: WsolaConfig) -> Wsola {
        let channels = usize::from(channels.max(1));
        let rate = f64::from(rate.max(8000));
        let ms = |ms: f64| (rate * ms.max(0.5) / 1000.0).round() as usize;
        let window = (ms(config.window_ms).max(16) + 1) & !1;
        let hop = window / 2;
        Wsola {
            channels,
            window,
            hop,
            search: ms(config.search_ms).max(1),
            // scaletempo2 excludes 160 frames (at 44.1/48 kHz) around the last block.
            exclude: ms(1.75),
            ola: hann(window),
            transition: hann(2 * window),
            tempo: 1.0,
            input: vec![Vec::new(); channels],
            origin: 0,
            pushed: 0,
            finished: false,
            started: false,
            ideal: 0.0,
            target: 0,
            tail: vec![vec![0.0; hop]; channels],
            block: vec![vec![0.0; window]; channels],
            searcher: Searcher::default(),
            ready: Vec::with_capacity(hop * channels),
            taken: 0,
            ready_at: 0.0,
            ready_tempo: 1.0,
        }
    }

    /// Block length in frames.
    pub fn window_frames(&self) -> usize {
        self.window
    }

    /// Search range either side of the ideal position, in frames.
    pub fn search_frames(&self) -> usize {
        self.search
    }

    /// One past the last input frame held (the added silence included).
    fn end(&self) -> usize {
        self.origin + self.input[0].len()
    }

    /// Makes one step's output into `ready`; false when the input does not reach far enough.
    fn step(&mut self) -> bool {
        if !self.started {
            return self.first_step();
        }
        if self.finished && self.ideal >= self.pushed as f64 {
            return false;
        }
        let ideal = self.ideal.round().max(0.0) as usize;
        let lo = ideal.saturating_sub(self.search).max(self.origin);
        let hi = ideal + self.search;
        let needed = (hi + self.window).max(self.target + self.window);
        if needed > self.end() && !self.pad_final(needed) {
            return false;
        }
        let start = if (lo..=hi).contains(&self.target) {
            self.copy_block(self.target);
            self.target
        } else {
            self.search_block(lo, hi)
        };
        self.overlap_add();
        self.target = start + self.hop;
        self.ideal += self.hop as f64 * self.tempo;
        self.compact(lo.min(self.target));
        true
    }

    fn first_step(&mut self) -> bool {
        if self.end() < self.window && !(self.finished && self.pad_final(self.window)) {
            return false;
        }
        if self.finished && self.pushed == 0 {
            return false;
        }
        self.copy_block(self.origin);
        // No block before this one: its first half goes out as it is.
        self.ready.clear();
        self.taken = 0;
        for i in 0..self.hop {
            for c in 0..self.channels {
                self.ready.push(self.block[c][i]);
            }
        }
        for c in 0..self.channels {
            self.tail[c].copy_from_slice(&self.block[c][self.hop..]);
        }
        self.ready_at = self.ideal;
        self.ready_tempo = self.tempo;
        self.started = true;
        self.target = self.origin + self.hop;
        self.ideal += self.hop as f64 * self.tempo;
        true
    }

    /// After `finish`, silence stands in for the input past the end; false before.
    fn pad_final(&mut self, needed: usize) -> bool {
        if !self.finished {
            return false;
        }
        let missing = needed.saturating_sub(self.end());
        for buffer in &mut self.input {
            buffer.resize(buffer.len() + missing, 0.0);
        }
        true
    }

    fn copy_block(&mut self, start: usize) {
        let at = start - self.origin;
        for (block, input) in self.block.iter_mut().zip(&self.input) {
            block.copy_from_slice(&input[at..at + self.window]);
        }
    }

    /// Searches candidates `lo..=hi` for the block most like the natural continuation, and
    /// puts it, faded in from the continuation, in `block`. Returns where it starts.
    fn search_block(&mut self, lo: usize, hi: usize) -> usize {
        let last = self.target - self.hop;
        let exclude = (last + self.exclude >= lo && last <= hi + self.exclude).then(|| {
            (
                (last.saturating_sub(self.exclude)).saturating_sub(lo),
                (last + self.exclude).saturating_sub(lo),
            )
        });
        let region = Region {
            target_at: self.target - self.origin,
            first_at: lo - self.origin,
            candidates: hi - lo + 1,
            block: self.window,
            exclude,
        };
        let best = lo + self.searcher.best(&self.input, &region);
        let (at, target_at) = (best - self.origin, region.target_at);
        let w = self.window;
        for (block, input) in self.block.iter_mut().zip(&self.input) {
            let chosen = &input[at..at + w];
            let natural = &input[target_at..target_at + w];
            for (i, out) in block.iter_mut().enumerate() {
                *out = chosen[i] * self.transition[i] + natural[i] * self.transition[w + i];
            }
        }
        best
    }

    /// Adds the first half of `block` to the last block's tail into `ready`, and keeps the
    /// second half as the new tail.
    fn overlap_add(&mut self) {
        self.ready.clear();
        self.taken = 0;
        let h = self.hop;
        for i in 0..h {
            for c in 0..self.channels {
                let v = self.tail[c][i] * self.ola[h + i] + self.block[c][i] * self.ola[i];
                self.ready.push(v);
            }
        }
        for c in 0..self.channels {
            self.tail[c].copy_from_slice(&self.block[c][h..]);
        }
        self.ready_at = self.ideal;
        self.ready_tempo = self.tempo;
    }

    /// Drops input before `keep_from` once enough has piled up.
    fn compact(&mut self, keep_from: usize) {
        let drop = keep_from.saturating_sub(self.origin);
        if drop > COMPACT_AFTER {
            for buffer in &mut self.input {
                buffer.drain(..drop);
            }
            self.origin += drop;
        }
    }

    fn ready_frames(&self) -> usize {
        self.ready.len() / self.channels - self.taken
    }
}

impl TimeStretch for Wsola {
    fn set_tempo(&mut self, tempo: f64) {
        if tempo.is_finite() && tempo > 0.0 {
            self.tempo = tempo.clamp(MIN_TEMPO, MAX_TEMPO);
        }
    }

    fn tempo(&self) -> f64 {
        self.tempo
    }

    fn push(&mut self, samples: &[f32]) {
        if self.finished {
            return;
        }
        let frames = samples.len() / self.channels;
        for buffer in &mut self.input {
            buffer.reserve(frames);
        }
        for frame in samples.chunks_exact(self.channels) {
            for (buffer, &s) in self.input.iter_mut().zip(frame) {
                buffer.push(s);
            }
        }
        self.pushed += frames;
    }

    fn pull(&mut self, out: &mut Vec<f32>, max_frames: usize) -> Option<Account> {
        let mut account: Option<Account> = None;
        while account.map_or(0, |a| a.frames) < max_frames {
            if self.ready_frames() == 0 && !self.step() {
                break;
            }
            if account.is_some_and(|a| a.tempo != self.ready_tempo) {
                break;
            }
            let done = account.map_or(0, |a| a.frames);
            let n = self.ready_frames().min(max_frames - done);
            let from = self.taken * self.channels;
            out.extend_from_slice(&self.ready[from..from + n * self.channels]);
            let run = account.get_or_insert(Account {
                input_start: self.ready_at,
                tempo: self.ready_tempo,
                frames: 0,
            });
            run.frames += n;
            self.taken += n;
            self.ready_at += n as f64 * self.ready_tempo;
        }
        account
    }

    fn finish(&mut self) {
        self.finished = true;
    }

    fn reset(&mut self) {
        for buffer in &mut self.input {
            buffer.clear();
        }
        self.origin = 0;
        self.pushed = 0;
        self.finished = false;
        self.started = false;
        self.ideal = 0.0;
        self.target = 0;
        self.ready.clear();
        self.taken = 0;
        self.ready_at = 0.0;
    }

    fn held_frames(&self) -> f64 {
        let next = if self.ready_frames() > 0 {
            self.ready_at
        } else {
            self.ideal
        };
        (self.pushed as f64 - next).max(0.0)
    }
}

/// A periodic Hann window of `n` points: two of them half a window apart sum to exactly 1.
fn hann(n: usize) -> Vec<f32> {
    (0..n)
        .map(|i| {
            let x = std::f64::consts::TAU * i as f64 / n as f64;
            (0.5 - 0.5 * x.cos()) as f32
        })
        .collect()
}
