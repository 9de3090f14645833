//! The output end: a `rodio::Source` that hands decoded samples to the sound card.
//!
//! It runs inside the audio callback, so it never waits: it takes chunks from the decode
//! thread's queue with `try_recv`, and when none is ready it plays silence and, after a short
//! grace, reports buffering. It counts what it hands out, so the position it publishes is that
//! of the audio being heard (the episode time of the last frame handed out), never the one
//! asked for. Times count frames from the start of a run of consecutive audio (one rounding,
//! no drift), so reports every half second land on exact half seconds of the episode. Pause,
//! volume and a limit on how much to play (`play --for`) are applied here. Events go out with
//! `try_send` on a bounded channel: no lock, no allocation.

use std::num::NonZero;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError};
use std::time::Duration;

use rodio::{ChannelCount, Sample, SampleRate, Source};

use super::decode_thread::{Chunk, Msg};
use crate::core::{EpisodeId, PlayerEvent};

/// Seconds of audio between two position reports.
const REPORT_EVERY_S: f64 = 0.5;
/// Seconds of starving before buffering is reported.
const BUFFERING_GRACE_S: f64 = 0.1;

/// The controls (epoch, pause, stop, gain) and the published position that the engine, the
/// decode thread and the output share through atomics.
#[derive(Debug)]
pub struct PlaybackControl {
    /// The epoch of the latest seek; chunks of other epochs are stale.
    epoch: AtomicU32,
    paused: AtomicBool,
    stopped: AtomicBool,
    /// Linear gain, as `f32` bits.
    gain: AtomicU32,
    /// Listener time of the last frame handed out, as `f64` bits.
    position: AtomicU64,
    exact: AtomicBool,
    /// A correction for the approximate audio of one epoch: the epoch + 1 in the high half,
    /// the shift in microseconds (i32) in the low half; 0 when none.
    fix: AtomicU64,
    /// How many times the engine interrupted the source's reads.
    interrupts: AtomicU32,
    /// Frames of audio to hand out in all before pausing by itself ([`NO_LIMIT`]: none).
    pause_at: AtomicU64,
}

/// No limit on how much to play.
const NO_LIMIT: u64 = u64::MAX;

impl PlaybackControl {
    /// Controls for audio about to start at `t`.
    pub fn new(t: f64, exact: bool) -> Self {
        Self {
            epoch: AtomicU32::new(0),
            paused: AtomicBool::new(false),
            stopped: AtomicBool::new(false),
            gain: AtomicU32::new(1.0f32.to_bits()),
            position: AtomicU64::new(t.to_bits()),
            exact: AtomicBool::new(exact),
            fix: AtomicU64::new(0),
            interrupts: AtomicU32::new(0),
            pause_at: AtomicU64::new(NO_LIMIT),
        }
    }

    /// Pauses the output by itself once `frames` frames of audio have been handed out since
    /// the episode opened.
    pub fn pause_at(&self, frames: u64) {
        self.pause_at.store(frames, Ordering::Release);
    }

    /// Makes every queued chunk stale; returns the new epoch.
    pub fn next_epoch(&self) -> u32 {
        self.epoch.fetch_add(1, Ordering::AcqRel).wrapping_add(1)
    }

    pub fn set_paused(&self, paused: bool) {
        self.paused.store(paused, Ordering::Release);
    }

    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::Acquire)
    }

    /// Ends the source: the sound card drops it.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::Release);
    }

    pub fn set_gain(&self, gain: f32) {
        self.gain.store(gain.to_bits(), Ordering::Relaxed);
    }

    /// Listener time of the audio being heard and whether it is exact.
    pub fn position(&self) -> (f64, bool) {
        let t = f64::from_bits(self.position.load(Ordering::Acquire));
        (t, self.exact.load(Ordering::Acquire))
    }

    /// Counts an interruption of the source's reads, before it happens.
    pub fn note_interrupt(&self) {
        self.interrupts.fetch_add(1, Ordering::AcqRel);
    }

    pub fn interrupts(&self) -> u32 {
        self.interrupts.load(Ordering::Acquire)
    }

    /// The approximate audio of `epoch` is `shift` seconds off; from now on it is reported
    /// corrected and exact (chunks decoded later carry the corrected time themselves).
    pub fn correct(&self, epoch: u32, shift: f64) {
        let micros = (shift * 1e6)
            .round()
            .clamp(f64::from(i32::MIN), f64::from(i32::MAX)) as i32;
        let packed = (u64::from(epoch.wrapping_add(1)) << 32) | u64::from(micros as u32);
        self.fix.store(packed, Ordering::Release);
    }

    /// The shift for approximate audio of `epoch`, if one is known.
    fn fix_for(&self, epoch: u32) -> Option<f64> {
        let packed = self.fix.load(Ordering::Acquire);
        let fixed_epoch = (packed >> 32) as u32;
        (packed != 0 && fixed_epoch == epoch.wrapping_add(1))
            .then(|| f64::from(packed as u32 as i32) / 1e6)
    }

    fn publish(&self, t: f64, exact: bool) {
        self.exact.store(exact, Ordering::Release);
        self.position.store(t.to_bits(), Ordering::Release);
    }
}

/// What the last frame handed out was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameState {
    Audio,
    /// Silence because playback is paused.
    Paused,
    /// Silence because no decoded audio was ready (buffering, or a seek under way).
    Starved,
    /// Silence after the end of the episode.
    Ended,
}

/// The output's ends of the channels and what it reports with.
pub struct OutputLinks {
    pub chunks: Receiver<Msg>,
    pub recycle: SyncSender<Vec<f32>>,
    pub events: SyncSender<PlayerEvent>,
    pub episode: EpisodeId,
    pub duration: Option<f64>,
}

/// Consecutive audio of one epoch and exactness: its frames' times count from its first.
#[derive(Debug, Clone, Copy)]
struct Run {
    epoch: u32,
    exact: bool,
    /// Episode time of the run's first frame.
    t0: f64,
    /// Frames of the run before the current chunk.
    offset: u64,
    /// Frames in the current chunk.
    len: u64,
}

/// The `rodio::Source` fed by the decode thread.
pub struct PlayerSource {
    control: Arc<PlaybackControl>,
    links: OutputLinks,
    channels: ChannelCount,
    rate: SampleRate,
    width: usize,
    rate_f: f64,
    current: Option<Chunk>,
    /// The run `current` belongs to.
    run: Option<Run>,
    /// Next sample of `current` to hand out.
    at: usize,
    /// Sample within the frame being handed out.
    sub: usize,
    frame_gain: f32,
    state: FrameState,
    /// Epoch of the last audio handed out.
    heard: Option<u32>,
    heard_exact: bool,
    /// The end marker seen: (epoch, clean).
    end: Option<(u32, bool)>,
    end_reported: bool,
    starved_frames: u64,
    buffering: bool,
    frames_since_report: u64,
    /// Frames of audio handed out so far.
    played: u64,
}

impl PlayerSource {
    /// An output in the decoder's format (`channels` ≥ 1, `rate` > 0 Hz).
    pub fn new(
        control: Arc<PlaybackControl>,
        links: OutputLinks,
        channels: u16,
        rate: u32,
    ) -> Self {
        let channels = NonZero::new(channels).unwrap_or(NonZero::<u16>::MIN);
        let rate = NonZero::new(rate).unwrap_or(NonZero::<u32>::MIN);
        Self {
            control,
            links,
            channels,
            rate,
            width: usize::from(channels.get()),
            rate_f: f64::from(rate.get()),
            current: None,
            run: None,
            at: 0,
            sub: 0,
            frame_gain: 1.0,
            state: FrameState::Starved,
            heard: None,
            heard_exact: true,
            end: None,
            end_reported: false,
            starved_frames: 0,
            buffering: false,
            frames_since_report: 0,
            played: 0,
        }
    }

    /// What the last frame handed out was (a test pulling headlessly skips starved frames).
    pub fn state(&self) -> FrameState {
        self.state
    }

    fn emit(&self, event: PlayerEvent) {
        // Full means the listener side lags far behind; dropping a report beats waiting here.
        let _ = self.links.events.try_send(event);
    }

    fn retire(&mut self) {
        if let Some(chunk) = self.current.take() {
            let _ = self.links.recycle.try_send(chunk.samples);
        }
        self.at = 0;
    }

    /// Makes `current` a chunk of the wanted epoch with samples left, if the queue has one.
    fn refill(&mut self, epoch: u32) {
        let usable = |c: &Chunk, at: usize| c.epoch == epoch && at < c.samples.len();
        if self.current.as_ref().is_some_and(|c| usable(c, self.at)) {
            return;
        }
        self.retire();
        loop {
            match self.links.chunks.try_recv() {
                Ok(Msg::Audio(chunk)) if usable(&chunk, 0) => {
                    self.run = Some(self.run_of(&chunk));
                    self.current = Some(chunk);
                    return;
                }
                Ok(Msg::Audio(stale)) => {
                    let _ = self.links.recycle.try_send(stale.samples);
                }
                Ok(Msg::End { epoch: e, clean }) => {
                    if e == epoch {
                        self.end = Some((e, clean));
                    }
                }
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    // The decoder is gone (stopped): nothing more will come for any epoch.
                    if self.end.is_none_or(|(e, _)| e != epoch) {
                        self.end = Some((epoch, false));
                    }
                    return;
                }
            }
        }
    }

    /// The run a chunk just taken belongs to: the current one when it follows on, frame for
    /// frame, else a new one starting at the chunk's own time.
    fn run_of(&self, chunk: &Chunk) -> Run {
        let len = (chunk.samples.len() / self.width) as u64;
        match self.run {
            Some(run)
                if run.epoch == chunk.epoch
                    && run.exact == chunk.exact
                    && (self.run_time(&run, run.offset + run.len) - chunk.t).abs()
                        < 0.5 / self.rate_f =>
            {
                Run {
                    offset: run.offset + run.len,
                    len,
                    ..run
                }
            }
            _ => Run {
                epoch: chunk.epoch,
                exact: chunk.exact,
                t0: chunk.t,
                offset: 0,
                len,
            },
        }
    }

    fn run_time(&self, run: &Run, frame: u64) -> f64 {
        run.t0 + frame as f64 / self.rate_f
    }

    /// Decides what the next frame is and reports what changed.
    fn begin_frame(&mut self) {
        let epoch = self.control.epoch.load(Ordering::Acquire);
        self.refill(epoch);
        self.frame_gain = f32::from_bits(self.control.gain.load(Ordering::Relaxed));
        let next = self.next_time();
        if self.control.is_paused() {
            self.state = FrameState::Paused;
            // A seek while paused: its audio waits at the output, so report where playback
            // will resume rather than keep showing the old place.
            if let Some((t, exact, chunk_epoch)) = next
                && self.heard.is_some_and(|heard| heard != chunk_epoch)
            {
                self.control.publish(t, exact);
                self.arrive(t, exact, chunk_epoch);
            }
            return;
        }
        let Some((t, exact, chunk_epoch)) = next else {
            self.starve(epoch);
            return;
        };
        if self.played >= self.control.pause_at.load(Ordering::Acquire) {
            // As much as was asked for has played: pause here, and say where.
            self.control.pause_at.store(NO_LIMIT, Ordering::Release);
            self.control.set_paused(true);
            self.control.publish(t, exact);
            self.state = FrameState::Paused;
            self.emit(PlayerEvent::Position { t, exact });
            self.emit(PlayerEvent::Paused);
            return;
        }
        self.state = FrameState::Audio;
        self.starved_frames = 0;
        self.played += 1;
        self.control.publish(t, exact);
        self.frames_since_report += 1;
        if self.heard != Some(chunk_epoch) {
            self.arrive(t, exact, chunk_epoch);
        } else if self.buffering || exact != self.heard_exact {
            self.buffering = false;
            self.emit(PlayerEvent::Position { t, exact });
            self.frames_since_report = 0;
        } else if self.frames_since_report as f64 >= REPORT_EVERY_S * self.rate_f {
            self.emit(PlayerEvent::Position { t, exact });
            self.frames_since_report = 0;
        }
        self.heard_exact = exact;
    }

    /// Time of the next frame of `current`, with any correction of an approximate landing.
    fn next_time(&self) -> Option<(f64, bool, u32)> {
        let chunk = self.current.as_ref()?;
        let run = self.run.filter(|r| r.epoch == chunk.epoch)?;
        let t = self.run_time(&run, run.offset + (self.at / self.width) as u64);
        if !chunk.exact
            && let Some(shift) = self.control.fix_for(chunk.epoch)
        {
            return Some((t + shift, true, chunk.epoch));
        }
        Some((t, chunk.exact, chunk.epoch))
    }

    /// The first audio of an epoch (the episode's start, or a seek's landing) is at the output.
    fn arrive(&mut self, t: f64, exact: bool, epoch: u32) {
        if self.heard.is_none() {
            self.emit(PlayerEvent::Started {
                episode: self.links.episode,
                duration_s: self.links.duration,
            });
        }
        if epoch != 0 {
            self.emit(PlayerEvent::Seeked { t, exact });
        } else {
            self.emit(PlayerEvent::Position { t, exact });
        }
        self.heard = Some(epoch);
        self.heard_exact = exact;
        self.end_reported = false;
        self.buffering = false;
        self.frames_since_report = 0;
    }

    fn starve(&mut self, epoch: u32) {
        if let Some((_, clean)) = self.end.filter(|e| e.0 == epoch) {
            self.state = FrameState::Ended;
            if !self.end_reported {
                self.end_reported = true;
                self.buffering = false;
                if clean {
                    self.emit(PlayerEvent::Ended);
                }
            }
            return;
        }
        self.state = FrameState::Starved;
        self.starved_frames += 1;
        if !self.buffering && self.starved_frames as f64 >= BUFFERING_GRACE_S * self.rate_f {
            self.buffering = true;
            self.emit(PlayerEvent::Buffering);
        }
    }
}

impl Iterator for PlayerSource {
    type Item = Sample;

    fn next(&mut self) -> Option<Sample> {
        if self.control.stopped.load(Ordering::Acquire) {
            return None;
        }
        if self.sub == 0 {
            self.begin_frame();
        }
        self.sub = (self.sub + 1) % self.width;
        if self.state != FrameState::Audio {
            return Some(0.0);
        }
        let sample = self
            .current
            .as_ref()
            .and_then(|c| c.samples.get(self.at))
            .copied()
            .unwrap_or(0.0);
        self.at += 1;
        Some(sample * self.frame_gain)
    }
}

impl Source for PlayerSource {
    fn current_span_len(&self) -> Option<usize> {
        // One format for the whole episode: the decoder's.
        None
    }

    fn channels(&self) -> ChannelCount {
        self.channels
    }

    fn sample_rate(&self) -> SampleRate {
        self.rate
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}
