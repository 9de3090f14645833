//! The time-stretch engine as a small trait, so the algorithm can be replaced without touching
//! the decode thread, and the account of what its output stands for.
//!
//! An engine works in input frames counted from its last [`reset`](TimeStretch::reset); it
//! knows nothing of episode time ([`Stretcher`](super::Stretcher) maps the account back to it).
//! Its account must never drift: the output frames of one [`Account`] stand for input positions
//! `input_start + i × tempo`, and the next account starts where the last one ended. A
//! pitch-keeping stretch cuts and overlaps the input, so the sound heard at output frame `i` is
//! taken from near that position, not at it: for [`Wsola`](super::Wsola), up to ~40 ms behind
//! at 3× (ahead when slowing down), a steady offset within its search range. Positions computed
//! from the account never drift from the audio over time.

/// The slowest tempo an engine honours.
pub const MIN_TEMPO: f64 = 0.25;
/// The fastest tempo an engine honours.
pub const MAX_TEMPO: f64 = 4.0;

/// What a run of output frames stands for in the input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Account {
    /// Input position (frames since the last reset, fractional) of the run's first frame.
    pub input_start: f64,
    /// Input frames each output frame stands for.
    pub tempo: f64,
    /// Output frames in the run.
    pub frames: usize,
}

impl Account {
    /// Input position right after the run.
    pub fn input_end(&self) -> f64 {
        self.input_start + self.frames as f64 * self.tempo
    }
}

/// A pitch-keeping time-stretch over interleaved `f32` audio of a fixed channel count and
/// rate, fed and drained in chunks of any size.
pub trait TimeStretch: Send {
    /// Tempo for the output computed from now on: 2.0 plays twice as fast. Clamped to
    /// [`MIN_TEMPO`]..=[`MAX_TEMPO`]; a value that is not a finite positive number is ignored.
    fn set_tempo(&mut self, tempo: f64);

    /// The tempo set.
    fn tempo(&self) -> f64;

    /// Appends interleaved input frames (a trailing partial frame is ignored).
    fn push(&mut self, samples: &[f32]);

    /// Appends up to `max_frames` output frames to `out` and says what they stand for; `None`
    /// when nothing can be made until more input comes (or, after [`finish`], ever). All frames
    /// of one call share one tempo.
    ///
    /// [`finish`]: TimeStretch::finish
    fn pull(&mut self, out: &mut Vec<f32>, max_frames: usize) -> Option<Account>;

    /// No more input: the audio still held comes out on the next pulls, up to the end of the
    /// input.
    fn finish(&mut self);

    /// Drops all input and output (a seek); positions start again at 0 with the next push.
    fn reset(&mut self);

    /// Input frames pushed but not yet accounted for by output (the engine's latency).
    fn held_frames(&self) -> f64;
}
