//! The time-stretch stage in episode time: feeds a [`TimeStretch`] engine audio stamped with
//! its episode time and hands back runs stamped with theirs ([`Span`]).
//!
//! The engine counts input frames from its reset; the stretcher remembers where each pushed
//! run of input starts in the episode (an *anchor* whenever the time does not continue — a cut
//! by the silence trimmer, a decoder gap) and maps each output run back through them, splitting
//! a run where it crosses an anchor. So a run's frame `i` is heard at `span.t + i × speed /
//! rate` in the episode, whatever was cut before it.
//!
//! At 1.0× the audio bypasses the engine (copied through untouched) until the tempo changes;
//! the engine then takes over from the next frame pushed, without a gap. Once engaged it stays
//! until the next [`reset`](Stretcher::reset) (the decode thread resets on every change of
//! speed, as on a seek), so a return to 1.0× mid-stream just plays through the engine, which
//! then passes its input on unchanged.

use std::collections::VecDeque;

use super::Span;
use super::stretch::{Account, MAX_TEMPO, MIN_TEMPO, TimeStretch};
use super::wsola::Wsola;

/// Frames asked of the engine at once.
const PULL_FRAMES: usize = 2048;

/// Where a pushed run of input starts: its input frame and its episode time.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    frame: u64,
    t: f64,
}

/// The time-stretch stage: an engine (by default [`Wsola`]) between episode-time stamps.
#[derive(Debug)]
pub struct Stretcher<E: TimeStretch = Wsola> {
    engine: E,
    channels: usize,
    rate: u32,
    tempo: f64,
    /// Input frame the engine's position 0 stands for; `None` while bypassed.
    engine_from: Option<u64>,
    /// Input frames pushed since the reset.
    pushed: u64,
    anchors: VecDeque<Anchor>,
    /// Episode time the next pushed frame has when it continues the last push.
    next_t: Option<f64>,
    /// Output waiting to be handed out: `stash[taken * channels..]`, whose first frame stands
    /// for input position `account.input_start` (in the stretcher's own count).
    stash: Vec<f32>,
    taken: usize,
    account: Account,
}

impl Stretcher<Wsola> {
    /// A stretcher with our WSOLA engine, at 1.0×.
    pub fn new(channels: u16, rate: u32) -> Stretcher<Wsola> {
        Stretcher::with_engine(Wsola::new(channels, rate), channels, rate)
    }
}

impl<E: TimeStretch> Stretcher<E> {
    /// A stretcher around `engine`, which must be made for `channels` and `rate`.
    pub fn with_engine(mut engine: E, channels: u16, rate: u32) -> Stretcher<E> {
        engine.reset();
        engine.set_tempo(1.0);
        Stretcher {
            engine,
            channels: usize::from(channels.max(1)),
            rate: rate.max(1),
            tempo: 1.0,
            engine_from: None,
            pushed: 0,
            anchors: VecDeque::new(),
            next_t: None,
            stash: Vec::new(),
            taken: 0,
            account: Account {
                input_start: 0.0,
                tempo: 1.0,
                frames: 0,
            },
        }
    }

    /// The speed set, 1.0 when none.
    pub fn tempo(&self) -> f64 {
        self.tempo
    }

    /// True while audio passes through untouched.
    pub fn is_bypassed(&self) -> bool {
        self.engine_from.is_none()
    }

    /// Plays the audio pushed from now on `tempo` times as fast (clamped to
    /// [`MIN_TEMPO`]..=[`MAX_TEMPO`]; not a finite positive number: ignored).
    pub fn set_tempo(&mut self, tempo: f64) {
        if !(tempo.is_finite() && tempo > 0.0) {
            return;
        }
        let tempo = tempo.clamp(MIN_TEMPO, MAX_TEMPO);
        self.tempo = tempo;
        if self.engine_from.is_none() && tempo != 1.0 {
            self.engine.reset();
            self.engine_from = Some(self.pushed);
        }
        self.engine.set_tempo(tempo);
    }

    /// Audio whose first frame is at episode time `t` (seconds), interleaved.
    pub fn push(&mut self, t: f64, samples: &[f32]) {
        let frames = samples.len() / self.channels;
        if frames == 0 {
            return;
        }
        let rate = f64::from(self.rate);
        if self.next_t.is_none_or(|next| (t - next).abs() > 0.5 / rate) {
            self.anchors.push_back(Anchor {
                frame: self.pushed,
                t,
            });
        }
        self.next_t = Some(t + frames as f64 / rate);
        let whole = &samples[..frames * self.channels];
        if self.engine_from.is_some() {
            self.engine.push(whole);
        } else {
            if self.stash_frames() == 0 {
                self.account = Account {
                    input_start: self.pushed as f64,
                    tempo: 1.0,
                    frames: 0,
                };
            }
            // What was handed out goes; the account describes the first frame kept.
            self.stash.drain(..self.taken * self.channels);
            self.taken = 0;
            self.stash.extend_from_slice(whole);
        }
        self.pushed += frames as u64;
    }

    /// Appends up to `max_frames` frames to `out`; says where they sit in the episode, or
    /// `None` when nothing is ready.
    pub fn pull(&mut self, out: &mut Vec<f32>, max_frames: usize) -> Option<Span> {
        if max_frames == 0 || (self.stash_frames() == 0 && !self.refill()) {
            return None;
        }
        let position = self.account.input_start;
        let tempo = self.account.tempo;
        let anchor = self.anchor_for(position)?;
        let mut frames = self.stash_frames().min(max_frames);
        if let Some(next) = self.anchors.get(1) {
            // Stop before the first frame that stands for input past the next anchor.
            let until = ((next.frame as f64 - position) / tempo).ceil().max(1.0) as usize;
            frames = frames.min(until);
        }
        let from = self.taken * self.channels;
        out.extend_from_slice(&self.stash[from..from + frames * self.channels]);
        self.taken += frames;
        self.account.input_start += frames as f64 * tempo;
        Some(Span {
            t: anchor.t + (position - anchor.frame as f64) / f64::from(self.rate),
            speed: tempo,
            frames,
        })
    }

    /// No more input: what the engine holds comes out on the next pulls.
    pub fn finish(&mut self) {
        self.engine.finish();
    }

    /// Drops everything held (a seek). The speed stays; at 1.0× the engine is bypassed again.
    pub fn reset(&mut self) {
        self.engine.reset();
        self.engine.set_tempo(self.tempo);
        self.engine_from = (self.tempo != 1.0).then_some(0);
        self.pushed = 0;
        self.anchors.clear();
        self.next_t = None;
        self.stash.clear();
        self.taken = 0;
        self.account = Account {
            input_start: 0.0,
            tempo: 1.0,
            frames: 0,
        };
    }

    /// Seconds of input pushed but not yet handed out (the stage's latency).
    pub fn held_s(&self) -> f64 {
        let stashed = self.stash_frames() as f64 * self.account.tempo;
        let engine = match self.engine_from {
            Some(_) => self.engine.held_frames(),
            None => 0.0,
        };
        (stashed + engine) / f64::from(self.rate)
    }

    fn stash_frames(&self) -> usize {
        self.stash.len() / self.channels - self.taken
    }

    /// Refills the empty stash from the engine; false when it has nothing.
    fn refill(&mut self) -> bool {
        let Some(base) = self.engine_from else {
            return false;
        };
        self.stash.clear();
        self.taken = 0;
        match self.engine.pull(&mut self.stash, PULL_FRAMES) {
            Some(account) if account.frames > 0 => {
                self.account = Account {
                    input_start: account.input_start + base as f64,
                    ..account
                };
                true
            }
            _ => false,
        }
    }

    /// The anchor input position `position` falls under, dropping those before it.
    fn anchor_for(&mut self, position: f64) -> Option<Anchor> {
        while self
            .anchors
            .get(1)
            .is_some_and(|next| next.frame as f64 <= position)
        {
            self.anchors.pop_front();
        }
        self.anchors.front().copied()
    }
}
