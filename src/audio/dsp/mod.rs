//! Signal processing between the decoder and the output queue, on the decode thread (never in
//! the audio callback): a silence trimmer, a voice leveller, then a time-stretcher that keeps
//! the pitch.
//!
//! ```text
//! decoder ─(t, samples)→ SilenceTrimmer ─(t, samples)→ Leveller ─(t, samples)→ Stretcher
//!         ─(Span, samples)→ queue
//! ```
//!
//! Every stage takes interleaved `f32` audio stamped with the **episode time** of its first
//! frame and hands out runs described by a [`Span`]: the episode time of the run's first frame
//! and its speed, so the heard position inside a run is `span.t + frames played × span.speed /
//! rate` — never output time × speed. A run never straddles a cut or a change of speed, so this
//! holds for every frame. [`Chain`] strings the stages together with any of them switched off
//! (skip silence off, levelling off, 1.0×), which is what the decode thread drives; a seek calls
//! `reset`.
//!
//! - [`stretch`]: the [`TimeStretch`] trait (the replaceable part) and what an output run stands
//!   for in input frames ([`Account`]);
//! - [`wsola`]: our WSOLA engine, after mpv's scaletempo2 (why ours: see there);
//! - [`stretcher`]: [`Stretcher`], which maps an engine's accounts back to episode time and
//!   bypasses the engine at 1.0×;
//! - [`silence`]: [`SilenceTrimmer`], which shortens long silences and says how much it saved;
//! - [`level`]: [`Leveller`], which brings a quiet or uneven voice to a steady loudness
//!   (a slow gain in `level_gain`, a look-ahead limiter in `level_limit`).

pub mod chain;
pub mod level;
pub mod level_gain;
mod level_limit;
pub mod silence;
mod silence_scan;
pub mod stretch;
pub mod stretcher;
pub mod wsola;
mod wsola_search;

#[cfg(test)]
mod chain_tests;
#[cfg(test)]
mod level_tests;
#[cfg(test)]
mod silence_tests;
#[cfg(test)]
mod stretcher_tests;
#[cfg(test)]
pub(crate) mod test_signal;
#[cfg(test)]
mod wsola_tests;

pub use chain::Chain;
pub use level::Leveller;
pub use level_gain::LevelRule;
pub use silence::{SilenceRule, SilenceTrimmer};
pub use stretch::{Account, MAX_TEMPO, MIN_TEMPO, TimeStretch};
pub use stretcher::Stretcher;
pub use wsola::{Wsola, WsolaConfig};

/// A run of processed audio: where it sits in the episode and how fast it plays.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// Episode time of the run's first frame, in seconds.
    pub t: f64,
    /// Episode seconds each played second stands for (1.0 unless stretched).
    pub speed: f64,
    /// Frames in the run.
    pub frames: usize,
}

impl Span {
    /// Episode time of frame `i` of the run at `rate` frames per second.
    pub fn time_of(&self, i: usize, rate: u32) -> f64 {
        self.t + i as f64 * self.speed / f64::from(rate.max(1))
    }

    /// Episode time right after the run.
    pub fn end(&self, rate: u32) -> f64 {
        self.time_of(self.frames, rate)
    }
}
