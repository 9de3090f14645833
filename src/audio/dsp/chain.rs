//! The stages as the decode thread drives them: decoded audio in, runs stamped with episode
//! time and speed out, with skip silence, voice levelling and the time-stretch each switched
//! off by default.

use super::Span;
use super::level::Leveller;
use super::level_gain::LevelRule;
use super::silence::{SilenceRule, SilenceTrimmer};
use super::stretcher::Stretcher;

/// Frames moved from the trimmer to the stretcher at once.
const MOVE_FRAMES: usize = 4096;

/// Silence trimmer (when skip silence is on), then leveller (when voice levelling is on),
/// then time-stretch (bypassed at 1.0×).
#[derive(Debug)]
pub struct Chain {
    channels: u16,
    rate: u32,
    rule: SilenceRule,
    trimmer: Option<SilenceTrimmer>,
    leveller: Option<Leveller>,
    stretcher: Stretcher,
    /// Seconds saved by trimmers switched off since.
    saved_before: f64,
    scratch: Vec<f32>,
    levelled: Vec<f32>,
}

impl Chain {
    /// A chain for `channels` interleaved channels at `rate` Hz: no trimming, 1.0×.
    pub fn new(channels: u16, rate: u32) -> Chain {
        Chain {
            channels,
            rate,
            rule: SilenceRule::default(),
            trimmer: None,
            leveller: None,
            stretcher: Stretcher::new(channels, rate),
            saved_before: 0.0,
            scratch: Vec::new(),
            levelled: Vec::new(),
        }
    }

    /// Speed for the audio pushed from now on (0.25–4; the player offers 0.5–3).
    pub fn set_speed(&mut self, speed: f64) {
        self.stretcher.set_tempo(speed);
    }

    pub fn speed(&self) -> f64 {
        self.stretcher.tempo()
    }

    /// Turns skip silence on or off for the audio pushed from now on. Turning it off lets go
    /// of what the trimmer held.
    pub fn set_skip_silence(&mut self, on: bool) {
        match (on, self.trimmer.is_some()) {
            (true, false) => {
                self.trimmer = Some(SilenceTrimmer::new(self.channels, self.rate, self.rule));
            }
            (false, true) => {
                if let Some(trimmer) = self.trimmer.as_mut() {
                    trimmer.finish();
                }
                self.drain_trimmer();
                self.saved_before += self.trimmer.take().map_or(0.0, |t| t.saved_s());
            }
            _ => {}
        }
    }

    pub fn skips_silence(&self) -> bool {
        self.trimmer.is_some()
    }

    /// Turns voice levelling on or off for the audio pushed from now on. Turning it off lets
    /// go of what the leveller held; turning it on starts from 0 dB.
    pub fn set_level_voices(&mut self, on: bool) {
        match (on, self.leveller.is_some()) {
            (true, false) => {
                let rule = LevelRule::default();
                self.leveller = Some(Leveller::new(self.channels, self.rate, rule));
            }
            (false, true) => {
                if let Some(leveller) = self.leveller.as_mut() {
                    leveller.finish();
                }
                self.drain_leveller();
                self.leveller = None;
            }
            _ => {}
        }
    }

    pub fn levels_voices(&self) -> bool {
        self.leveller.is_some()
    }

    /// The leveller's gain now, dB (`None` when levelling is off).
    pub fn level_gain_db(&self) -> Option<f64> {
        self.leveller.as_ref().map(Leveller::gain_db)
    }

    /// Seconds of silence dropped since the chain was made.
    pub fn saved_s(&self) -> f64 {
        self.saved_before + self.trimmer.as_ref().map_or(0.0, |t| t.saved_s())
    }

    /// Decoded audio whose first frame is at episode time `t`, interleaved.
    pub fn push(&mut self, t: f64, samples: &[f32]) {
        match self.trimmer.as_mut() {
            Some(trimmer) => {
                trimmer.push(t, samples);
                self.drain_trimmer();
            }
            None => self.level(t, samples),
        }
    }

    /// Appends up to `max_frames` frames of one run to `out` and says where it sits in the
    /// episode; `None` when nothing is ready.
    pub fn pull(&mut self, out: &mut Vec<f32>, max_frames: usize) -> Option<Span> {
        self.stretcher.pull(out, max_frames)
    }

    /// The end of the episode: everything held comes out on the next pulls.
    pub fn finish(&mut self) {
        if let Some(trimmer) = self.trimmer.as_mut() {
            trimmer.finish();
        }
        self.drain_trimmer();
        if let Some(leveller) = self.leveller.as_mut() {
            leveller.finish();
        }
        self.drain_leveller();
        self.stretcher.finish();
    }

    /// A seek: drops everything held; the settings stay as set, and the leveller keeps its
    /// gain (see [`Leveller::reset`]).
    pub fn reset(&mut self) {
        if let Some(trimmer) = self.trimmer.as_mut() {
            trimmer.reset();
        }
        if let Some(leveller) = self.leveller.as_mut() {
            leveller.reset();
        }
        self.stretcher.reset();
    }

    /// Seconds of episode audio pushed but not yet pulled, roughly (the chain's latency).
    pub fn held_s(&self) -> f64 {
        let trimmer = self.trimmer.as_ref().map_or(0.0, SilenceTrimmer::held_s);
        let leveller = self.leveller.as_ref().map_or(0.0, Leveller::held_s);
        trimmer + leveller + self.stretcher.held_s()
    }

    fn drain_trimmer(&mut self) {
        loop {
            let Some(trimmer) = self.trimmer.as_mut() else {
                return;
            };
            self.scratch.clear();
            let Some(t) = trimmer.pull(&mut self.scratch, MOVE_FRAMES) else {
                break;
            };
            let samples = std::mem::take(&mut self.scratch);
            self.level(t, &samples);
            self.scratch = samples;
        }
    }

    /// Audio at episode time `t` on to the leveller when it is on, else to the stretcher.
    fn level(&mut self, t: f64, samples: &[f32]) {
        match self.leveller.as_mut() {
            Some(leveller) => {
                leveller.push(t, samples);
                self.drain_leveller();
            }
            None => self.stretcher.push(t, samples),
        }
    }

    fn drain_leveller(&mut self) {
        let Some(leveller) = self.leveller.as_mut() else {
            return;
        };
        loop {
            self.levelled.clear();
            let Some(t) = leveller.pull(&mut self.levelled, MOVE_FRAMES) else {
                break;
            };
            self.stretcher.push(t, &self.levelled);
        }
    }
}
