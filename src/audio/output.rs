//! The output end: a `rodio::Source` that hands decoded samples to the sound card.
//!
//! It runs inside the audio callback, so it never waits: it takes chunks from the decode
//! thread's queue with `try_recv`, and when none is ready it plays silence and, after a short
//! grace, reports buffering. It counts what it hands out, so the position it publishes is that
//! of the audio being heard (the episode time of the last frame handed out), never the one
//! asked for. Times count frames from the start of a run of consecutive audio (one rounding,
//! no drift): frame `i` of a run is heard at `t0 + i × speed / rate`, so reports every half
//! second of audio land on exact half seconds of the episode at 1×, and positions stay in
//! episode time at any speed. Pause, volume, a fade (the sleep timer), the switch to a new
//! pace (with a short cross-fade) and limits on how much to play (`play --for`, counted in
//! episode seconds, and a time to pause at) are applied here. Events go out with `try_send`
//! on a bounded channel: no lock, no allocation.

use std::num::NonZero;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError};
use std::time::Duration;

use rodio::{ChannelCount, Sample, SampleRate, Source};

use super::decode_thread::{Chunk, Msg};
pub use super::playback_control::PlaybackControl;
use super::playback_control::{NO_FADE, UNFADE};
use crate::core::{EpisodeId, PlayerEvent};

/// Seconds of audio between two position reports.
const REPORT_EVERY_S: f64 = 0.5;
/// Seconds of starving before buffering is reported.
const BUFFERING_GRACE_S: f64 = 0.1;
/// Seconds of the cross-fade into a new pace.
const CROSS_FADE_S: f64 = 0.005;
/// Seconds the level takes to come back after a fade is undone.
const UNFADE_S: f64 = 0.1;

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

/// Consecutive audio of one epoch, exactness and speed: its frames' times count from its first.
#[derive(Debug, Clone, Copy)]
struct Run {
    epoch: u32,
    exact: bool,
    speed: f64,
    /// Episode time of the run's first frame.
    t0: f64,
    /// Frames of the run before the current chunk.
    offset: u64,
    /// Frames in the current chunk.
    len: u64,
}

/// The audio of the old pace, faded out over the first frames of the new one.
struct CrossFade {
    chunk: Chunk,
    /// Next sample of `chunk`.
    at: usize,
    /// Frames of the fade left.
    left: usize,
}

/// How much of the episode was heard: what `pause_after` counts.
#[derive(Debug, Clone, Copy, Default)]
struct Played {
    /// Episode seconds heard before the current run.
    before_run: f64,
    /// Frames heard of the current run.
    run_frames: u64,
    speed: f64,
}

impl Played {
    fn seconds(&self, rate: f64) -> f64 {
        self.before_run + self.run_frames as f64 * self.speed / rate
    }
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
    /// Epoch and time of the last frame handed out.
    last: Option<(u32, f64)>,
    /// The end marker seen: (epoch, clean).
    end: Option<(u32, bool)>,
    end_reported: bool,
    starved_frames: u64,
    buffering: bool,
    frames_since_report: u64,
    played: Played,
    /// Pause once this many episode seconds have been heard.
    played_limit: Option<f64>,
    /// The sleep timer's fade: the level now and its change per frame.
    fade_gain: f32,
    fade_step: f32,
    cross_fade: Option<CrossFade>,
    cross_fade_in: f32,
    cross_fade_frames: usize,
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
        let rate_f = f64::from(rate.get());
        Self {
            control,
            links,
            channels,
            rate,
            width: usize::from(channels.get()),
            rate_f,
            current: None,
            run: None,
            at: 0,
            sub: 0,
            frame_gain: 1.0,
            state: FrameState::Starved,
            heard: None,
            heard_exact: true,
            last: None,
            end: None,
            end_reported: false,
            starved_frames: 0,
            buffering: false,
            frames_since_report: 0,
            played: Played {
                speed: 1.0,
                ..Played::default()
            },
            played_limit: None,
            fade_gain: 1.0,
            fade_step: 0.0,
            cross_fade: None,
            cross_fade_in: 1.0,
            cross_fade_frames: ((CROSS_FADE_S * rate_f).round() as usize).max(1),
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

    fn recycle(&self, chunk: Chunk) {
        let _ = self.links.recycle.try_send(chunk.samples);
    }

    fn retire(&mut self) {
        if let Some(chunk) = self.current.take() {
            self.recycle(chunk);
        }
        self.at = 0;
    }

    /// Makes `current` a chunk of the wanted epoch with samples left, if the queue has one;
    /// takes a pending change of pace when the old audio reaches its time or runs out.
    fn refill(&mut self, mut epoch: u32) {
        let usable = |c: &Chunk, at: usize| c.epoch == epoch && at < c.samples.len();
        if self.current.as_ref().is_some_and(|c| usable(c, self.at)) {
            return;
        }
        self.retire();
        loop {
            let pending = self.control.pending_switch(epoch);
            match self.links.chunks.try_recv() {
                Ok(Msg::Audio(chunk)) if chunk.samples.is_empty() => self.recycle(chunk),
                Ok(Msg::Audio(chunk)) if chunk.epoch == epoch => {
                    let past_switch =
                        pending.is_some_and(|(_, at)| chunk.t >= at - self.half(&chunk));
                    if let (true, Some((to, _))) = (past_switch, pending) {
                        // The old audio reached the switch: it only fades out now.
                        epoch = self.switch(epoch, to, Some(chunk));
                        continue;
                    }
                    self.take(chunk);
                    return;
                }
                Ok(Msg::Audio(chunk)) if pending.is_some_and(|(to, _)| chunk.epoch == to) => {
                    // Nothing of the old pace is left before the new one's audio.
                    epoch = self.switch(epoch, chunk.epoch, None);
                    if chunk.epoch == epoch {
                        self.take(chunk);
                        return;
                    }
                    self.recycle(chunk);
                }
                Ok(Msg::Audio(stale)) => self.recycle(stale),
                Ok(Msg::End { epoch: e, clean }) => {
                    if e == epoch {
                        self.end = Some((e, clean));
                    } else if pending.is_some_and(|(to, _)| e == to) {
                        epoch = self.switch(epoch, e, None);
                        if e == epoch {
                            self.end = Some((e, clean));
                        }
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

    /// Half a frame of `chunk` in episode time.
    fn half(&self, chunk: &Chunk) -> f64 {
        0.5 * chunk.speed / self.rate_f
    }

    /// Takes the switch from epoch `from` to `to`, cross-fading from `old` (else from what
    /// plays now); returns the epoch wanted after it (a seek may have come first).
    fn switch(&mut self, from: u32, to: u32, old: Option<Chunk>) -> u32 {
        if !self.control.take_switch(from, to) {
            if let Some(old) = old {
                self.recycle(old);
            }
            return self.control.epoch();
        }
        let (old, at) = match (old, self.current.take()) {
            (Some(old), current) => {
                if let Some(current) = current {
                    self.recycle(current);
                }
                (Some(old), 0)
            }
            (None, current) => (current, self.at),
        };
        self.at = 0;
        if let Some(previous) = self.cross_fade.take() {
            self.recycle(previous.chunk);
        }
        self.cross_fade = old.map(|chunk| CrossFade {
            chunk,
            at,
            left: self.cross_fade_frames,
        });
        to
    }

    /// Makes `chunk` the one playing.
    fn take(&mut self, chunk: Chunk) {
        let run = self.run_of(&chunk);
        if run.offset == 0 {
            // A new run: the episode time heard so far goes on from here.
            let rate = self.rate_f;
            self.played = Played {
                before_run: self.played.seconds(rate) + chunk.skipped_s,
                run_frames: 0,
                speed: chunk.speed,
            };
        }
        if chunk.skipped_s > 0.0 {
            self.emit(PlayerEvent::SilenceSkipped {
                seconds: chunk.skipped_s,
            });
        }
        self.run = Some(run);
        self.current = Some(chunk);
    }

    /// The run a chunk just taken belongs to: the current one when it follows on, frame for
    /// frame, else a new one starting at the chunk's own time.
    fn run_of(&self, chunk: &Chunk) -> Run {
        let len = (chunk.samples.len() / self.width) as u64;
        match self.run {
            Some(run)
                if run.epoch == chunk.epoch
                    && run.exact == chunk.exact
                    && run.speed == chunk.speed
                    && chunk.skipped_s == 0.0
                    && (self.run_time(&run, run.offset + run.len) - chunk.t).abs()
                        < 0.5 * run.speed / self.rate_f =>
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
                speed: chunk.speed,
                t0: chunk.t,
                offset: 0,
                len,
            },
        }
    }

    fn run_time(&self, run: &Run, frame: u64) -> f64 {
        run.t0 + frame as f64 * run.speed / self.rate_f
    }

    /// Takes the fade and `pause_after` asked for since the last frame.
    fn take_commands(&mut self) {
        match self.control.take_fade() {
            NO_FADE => {}
            UNFADE => {
                self.fade_step = ((1.0 - self.fade_gain) / (UNFADE_S * self.rate_f) as f32)
                    .max(f32::MIN_POSITIVE);
            }
            frames => self.fade_step = -self.fade_gain / frames as f32,
        }
        if let Some(seconds) = self.control.take_pause_after() {
            self.played_limit = Some(self.played.seconds(self.rate_f) + seconds.max(0.0));
        }
    }

    /// Decides what the next frame is and reports what changed.
    fn begin_frame(&mut self) {
        self.take_commands();
        let epoch = self.control.epoch();
        self.refill(epoch);
        let mut next = self.next_time();
        if let (Some((t, _, chunk_epoch, speed)), Some((to, at))) =
            (next, self.control.pending_switch(self.control.epoch()))
            && chunk_epoch == self.control.epoch()
            && t >= at - 0.5 * speed / self.rate_f
        {
            // The audio heard reached the time of the new pace.
            let wanted = self.switch(chunk_epoch, to, None);
            self.refill(wanted);
            next = self.next_time();
        }
        if self.control.is_paused() {
            self.state = FrameState::Paused;
            // A seek while paused: its audio waits at the output, so report where playback
            // will resume rather than keep showing the old place.
            if let Some((t, exact, chunk_epoch, _)) = next
                && self.heard.is_some_and(|heard| heard != chunk_epoch)
            {
                self.control.publish(t, exact);
                self.arrive(t, exact, chunk_epoch);
            }
            return;
        }
        let Some((t, exact, chunk_epoch, speed)) = next else {
            self.starve(epoch);
            return;
        };
        if self.limit_reached(t, speed, chunk_epoch) {
            // As much as was asked for has played: pause here, and say where.
            self.control.set_paused(true);
            self.control.publish(t, exact);
            self.state = FrameState::Paused;
            self.emit(PlayerEvent::Position { t, exact });
            self.emit(PlayerEvent::Paused);
            return;
        }
        self.state = FrameState::Audio;
        self.starved_frames = 0;
        self.played.run_frames += 1;
        self.last = Some((chunk_epoch, t));
        self.control.publish(t, exact);
        self.frames_since_report += 1;
        self.step_gains();
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

    /// Whether the frame at `t` is past a limit on how much to play: `pause_after` episode
    /// seconds, or the time to pause at (crossed by the audio heard, not jumped over).
    fn limit_reached(&mut self, t: f64, speed: f64, epoch: u32) -> bool {
        let half = 0.5 * speed / self.rate_f;
        if self
            .played_limit
            .is_some_and(|limit| self.played.seconds(self.rate_f) + half > limit)
        {
            self.played_limit = None;
            return true;
        }
        // A seek's landing did not cross the time: it jumped.
        let crossed = |(e, last): (u32, f64), limit: f64| {
            (e == epoch || self.control.is_quiet(epoch)) && last < limit && t + half > limit
        };
        if let (Some(limit), Some(last)) = (self.control.pause_at(), self.last)
            && crossed(last, limit)
        {
            self.control.set_pause_at(None);
            return true;
        }
        false
    }

    /// Moves the sleep timer's fade and the cross-fade on by one frame.
    fn step_gains(&mut self) {
        if self.fade_step != 0.0 {
            self.fade_gain = (self.fade_gain + self.fade_step).clamp(0.0, 1.0);
            if self.fade_gain == 0.0 || self.fade_gain == 1.0 {
                self.fade_step = 0.0;
            }
        }
        self.frame_gain = self.control.gain() * self.fade_gain;
        if let Some(fade) = self.cross_fade.as_mut() {
            fade.left = fade.left.saturating_sub(1);
            self.cross_fade_in = 1.0 - fade.left as f32 / self.cross_fade_frames as f32;
            if fade.left == 0
                && let Some(done) = self.cross_fade.take()
            {
                self.recycle(done.chunk);
                self.cross_fade_in = 1.0;
            }
        }
    }

    /// Time of the next frame of `current`, with any correction of an approximate landing,
    /// its epoch and speed.
    fn next_time(&self) -> Option<(f64, bool, u32, f64)> {
        let chunk = self.current.as_ref()?;
        let run = self.run.filter(|r| r.epoch == chunk.epoch)?;
        let t = self.run_time(&run, run.offset + (self.at / self.width) as u64);
        if !chunk.exact
            && let Some(shift) = self.control.fix_for(chunk.epoch)
        {
            return Some((t + shift, true, chunk.epoch, run.speed));
        }
        Some((t, chunk.exact, chunk.epoch, run.speed))
    }

    /// The first audio of an epoch (the episode's start, a seek's landing, a new pace) is at
    /// the output.
    fn arrive(&mut self, t: f64, exact: bool, epoch: u32) {
        if self.heard.is_none() {
            self.emit(PlayerEvent::Started {
                episode: self.links.episode,
                duration_s: self.links.duration,
            });
        }
        if epoch != 0 && !self.control.is_quiet(epoch) {
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
        if let Some((e, clean)) = self.end.filter(|e| e.0 == epoch) {
            self.state = FrameState::Ended;
            if !self.end_reported {
                self.end_reported = true;
                self.buffering = false;
                if clean && e != 0 && self.heard != Some(e) && !self.control.is_quiet(e) {
                    // A jump landed at or past the end: nothing of it was heard.
                    self.emit(PlayerEvent::PastEnd);
                } else if clean {
                    self.emit(PlayerEvent::Ended);
                }
            }
            return;
        }
        self.state = FrameState::Starved;
        self.starved_frames += 1;
        if let Some(stale) = self.cross_fade.take() {
            // The audio does not follow on any more: nothing to fade from.
            self.recycle(stale.chunk);
            self.cross_fade_in = 1.0;
        }
        if !self.buffering && self.starved_frames as f64 >= BUFFERING_GRACE_S * self.rate_f {
            self.buffering = true;
            self.emit(PlayerEvent::Buffering);
        }
    }
}

impl Iterator for PlayerSource {
    type Item = Sample;

    fn next(&mut self) -> Option<Sample> {
        if self.control.is_stopped() {
            return None;
        }
        if self.sub == 0 {
            self.begin_frame();
        }
        self.sub = (self.sub + 1) % self.width;
        if self.state != FrameState::Audio {
            return Some(0.0);
        }
        let mut sample = self
            .current
            .as_ref()
            .and_then(|c| c.samples.get(self.at))
            .copied()
            .unwrap_or(0.0);
        self.at += 1;
        if let Some(fade) = self.cross_fade.as_mut() {
            let old = fade.chunk.samples.get(fade.at).copied().unwrap_or(0.0);
            fade.at += 1;
            sample = sample * self.cross_fade_in + old * (1.0 - self.cross_fade_in);
        }
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
