//! The audio engine: one episode's playback, driven by commands, reporting by events.
//!
//! Opening probes the episode and decodes its first audio on the caller's thread (reads may
//! wait on the network: call it from a blocking task), then a decode thread keeps a few
//! seconds decoded ahead and the sound card pulls from a [`PlayerSource`]. Commands never
//! wait: pause and volume are atomics the output reads, a seek is a message to the decode
//! thread plus a new epoch that makes everything queued stale at once.
//!
//! Events ([`PlayerEvent`]) describe what is heard: `Started`, then `Position` every half
//! second of audio; `Seeked` when the first sample after a seek reaches the output (its time is
//! where the seek landed, flagged approximate for a VBR MP3 over the network); `Buffering` when
//! the output starves (the next `Position` or `Seeked` means sound again); `Ended` after the
//! last sample; `Error` with its cause. They go to the [`EventSink`] given at open: the decode
//! thread and the commands call it directly; the audio callback, which must never wait, hands
//! its events to a bounded queue that one thread empties into the sink.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

use symphonia::core::io::MediaSource;
use symphonia::core::probe::Hint;

use super::decode::{CachedRanges, HeldReadAhead, Origin, Stream};
use super::decode_thread::{self, DecodeRequest, Links, QUEUE_CHUNKS};
use super::error::AudioError;
use super::output::{OutputLinks, PlaybackControl, PlayerSource};
use crate::core::{EpisodeId, Pace, PlayerEvent};

/// Most events waiting between the output and the relay thread.
const EVENT_QUEUE: usize = 256;

/// Where the engine's events go. Called on the engine's threads (never the audio callback) and
/// on the caller's for pause and resume: it must not wait for long (a channel send).
pub type EventSink = Arc<dyn Fn(PlayerEvent) + Send + Sync>;
/// The loudest volume, in percent.
pub const MAX_VOLUME: u8 = 150;
/// Seconds of output after which a change of pace takes over while playing: the decode thread
/// has its first audio at the new pace queued by then (it waits at most for the output to take
/// two chunks of about 46 ms each), so the change is heard this soon, without a gap.
pub const PACE_LEAD_S: f64 = 0.12;

/// What to open and how.
#[derive(Clone, Default)]
pub struct OpenOptions {
    pub episode: EpisodeId,
    /// Listener time to start at, in seconds.
    pub start_at: f64,
    /// File extension without the dot ("mp3", "m4a"), to help the format probe.
    pub extension: Option<String>,
    /// MIME type from the feed or the server, to help the format probe.
    pub mime: Option<String>,
    pub origin: Origin,
    /// Speed and skip silence to start with.
    pub pace: Pace,
}

/// The sound card, opened once and shared by the episodes played on it.
pub struct AudioDevice {
    sink: rodio::MixerDeviceSink,
}

impl AudioDevice {
    /// Opens the default output device (in another configuration it supports if its default
    /// one fails, or else the first other device that opens). Stream errors go to the log,
    /// not to stderr, which the TUI owns.
    pub fn open_default() -> Result<Self, AudioError> {
        let open = |builder: rodio::DeviceSinkBuilder| {
            builder
                .with_error_callback(log_stream_error as fn(rodio::CpalError))
                .open_sink_or_fallback()
        };
        let mut sink = match rodio::DeviceSinkBuilder::from_default_device().and_then(open) {
            Ok(sink) => sink,
            Err(err) => {
                use rodio::DeviceTrait;
                use rodio::cpal::traits::HostTrait;
                let others = rodio::cpal::default_host().output_devices().ok();
                others
                    .into_iter()
                    .flatten()
                    .filter(|d| {
                        d.description()
                            .is_ok_and(|desc| desc.driver().is_some_and(|drv| drv != "null"))
                    })
                    .find_map(|d| rodio::DeviceSinkBuilder::from_device(d).and_then(open).ok())
                    .ok_or(AudioError::Device(err))?
            }
        };
        sink.log_on_drop(false);
        Ok(Self { sink })
    }
}

fn log_stream_error(err: rodio::CpalError) {
    tracing::warn!("audio device: {err}");
}

/// One episode playing.
pub struct Engine {
    shared: Arc<PlaybackControl>,
    commands: Sender<DecodeRequest>,
    sink: EventSink,
    /// The events, when no sink was given at open.
    events: Option<Receiver<PlayerEvent>>,
    duration: Option<f64>,
    /// Samples per second of the output.
    rate: u32,
    /// The pace asked for last.
    pace: Mutex<Pace>,
    /// The remote source's cache, whose waiting reads a seek interrupts.
    cache: Option<Arc<dyn CachedRanges>>,
    /// Keeps the sound flowing to the device; `None` when headless.
    _player: Option<rodio::Player>,
}

impl Engine {
    /// Opens `source` and starts playing it on `device`; its events go to `events`.
    pub fn open_reporting(
        source: Box<dyn MediaSource>,
        options: OpenOptions,
        device: &AudioDevice,
        events: EventSink,
    ) -> Result<Engine, AudioError> {
        let (mut engine, output) = Self::start(source, options, events)?;
        let player = rodio::Player::connect_new(device.sink.mixer());
        player.append(output);
        engine._player = Some(player);
        Ok(engine)
    }

    /// Opens `source` and starts playing it on `device`; its events are read from
    /// [`Engine::take_events`].
    pub fn open(
        source: Box<dyn MediaSource>,
        options: OpenOptions,
        device: &AudioDevice,
    ) -> Result<Engine, AudioError> {
        let (sink, events) = channel_sink();
        let mut engine = Self::open_reporting(source, options, device, sink)?;
        engine.events = Some(events);
        Ok(engine)
    }

    /// Opens `source` without a sound card: the caller pulls samples from the returned
    /// source (tests, or rendering to a file); events are read from [`Engine::take_events`].
    pub fn open_headless(
        source: Box<dyn MediaSource>,
        options: OpenOptions,
    ) -> Result<(Engine, PlayerSource), AudioError> {
        let (sink, events) = channel_sink();
        let (mut engine, output) = Self::start(source, options, sink)?;
        engine.events = Some(events);
        Ok((engine, output))
    }

    fn start(
        source: Box<dyn MediaSource>,
        options: OpenOptions,
        sink: EventSink,
    ) -> Result<(Engine, PlayerSource), AudioError> {
        let mut hint = Hint::new();
        if let Some(extension) = &options.extension {
            hint.with_extension(extension);
        }
        if let Some(mime) = &options.mime {
            hint.mime_type(mime);
        }
        let cache = match &options.origin {
            Origin::Remote(cache) => cache.clone(),
            Origin::Local => None,
        };
        // The head is read and a jump may follow: read ahead only from where playback starts.
        let held = HeldReadAhead::new(cache.clone());
        let mut stream = Stream::open(source, &hint, options.origin)?;
        let (t, exact) = if options.start_at > 0.0 {
            stream.seek(options.start_at)?
        } else {
            (0.0, true)
        };
        let format = stream.prime()?;
        drop(held);
        let duration = stream.duration();
        let shared = Arc::new(PlaybackControl::new(t, exact));

        let (commands, commands_rx) = mpsc::channel();
        let (chunks_tx, chunks_rx) = mpsc::sync_channel(QUEUE_CHUNKS);
        let (recycle_tx, recycle_rx) = mpsc::sync_channel(QUEUE_CHUNKS + 4);
        let (relay_tx, relay_rx) = mpsc::sync_channel::<PlayerEvent>(EVENT_QUEUE);

        // The output may not block on a slow listener, so a relay hands its bounded queue's
        // events to the sink; it ends when the output is dropped.
        let relay_to = sink.clone();
        std::thread::Builder::new()
            .name("audio-events".into())
            .spawn(move || {
                for event in relay_rx {
                    relay_to(event);
                }
            })
            .map_err(AudioError::Thread)?;
        let links = Links {
            requests: commands_rx,
            chunks: chunks_tx,
            recycle: recycle_rx,
            events: sink.clone(),
            control: shared.clone(),
        };
        decode_thread::spawn(stream, format, options.pace, links)?;
        let output_links = OutputLinks {
            chunks: chunks_rx,
            recycle: recycle_tx,
            events: relay_tx,
            episode: options.episode,
            duration,
        };
        let output = PlayerSource::new(shared.clone(), output_links, format.0, format.1);
        let engine = Engine {
            shared,
            commands,
            sink,
            events: None,
            duration,
            rate: format.1,
            pace: Mutex::new(options.pace),
            cache,
            _player: None,
        };
        Ok((engine, output))
    }

    /// Resumes after [`Engine::pause`].
    pub fn play(&self) {
        if self.shared.is_paused() {
            self.shared.set_paused(false);
            (self.sink)(PlayerEvent::Resumed);
        }
    }

    /// Silences the output and holds the position; decoding ahead stops when the queue fills.
    pub fn pause(&self) {
        if !self.shared.is_paused() {
            self.shared.set_paused(true);
            (self.sink)(PlayerEvent::Paused);
        }
    }

    pub fn is_paused(&self) -> bool {
        self.shared.is_paused()
    }

    /// Seeks to listener time `t` (clamped to the episode). Audio queued before stops at once;
    /// `Seeked` reports where it landed when the new audio reaches the output.
    pub fn seek(&self, t: f64) {
        let epoch = self.shared.next_epoch();
        let _ = self.commands.send(DecodeRequest::Seek { t, epoch });
        self.interrupt_reads();
    }

    /// Frees the decode thread from a read waiting on the network, so it sees the command
    /// just sent (it tells an interruption it asked for from a failure by the count).
    fn interrupt_reads(&self) {
        if let Some(cache) = &self.cache {
            self.shared.note_interrupt();
            cache.interrupt();
        }
    }

    /// Pauses by itself once `seconds` of the episode have been heard from now: frames times
    /// their speed, plus the silence skipped (at 2× that is `seconds / 2` of listening; at 1×
    /// exactly `seconds` of audio, to the sample). The output reports the position it paused
    /// at, then `Paused` (what `play --for` uses). [`Engine::play`] goes on from there.
    pub fn pause_after(&self, seconds: f64) {
        let seconds = if seconds.is_finite() {
            seconds.max(0.0)
        } else {
            f64::INFINITY
        };
        self.shared.pause_after(seconds);
    }

    /// Pauses by itself when the audio heard reaches episode time `t` (playing across it, not
    /// jumping over it), reporting the position and `Paused` like
    /// [`Engine::pause_after`]; `None` takes the limit back. What the sleep timer uses to stop
    /// at the end of a chapter.
    pub fn pause_at(&self, t: Option<f64>) {
        self.shared.set_pause_at(t);
    }

    /// Fades the sound out over `seconds` (then it plays on silently until paused).
    pub fn fade_out(&self, seconds: f64) {
        let frames = (seconds.max(0.0) * f64::from(self.rate)).round().max(1.0);
        // Saturating float-to-int conversion; 0 would mean "undo".
        self.shared.fade((frames as u64).max(1));
    }

    /// Brings the sound back to its level after [`Engine::fade_out`].
    pub fn unfade(&self) {
        self.shared.fade(super::playback_control::UNFADE);
    }

    /// Plays from now on at `pace`. While playing, the change takes over
    /// [`PACE_LEAD_S`] of listening from now, exactly where the audio then is, the audio at the
    /// old pace cross-fading into the new (like a seek it starts a new epoch, but the position
    /// goes on: it is reported as a position, not a seek); while paused, at once.
    pub fn set_pace(&self, pace: Pace) {
        let old = {
            let Ok(mut current) = self.pace.lock() else {
                return;
            };
            if *current == pace {
                return;
            }
            std::mem::replace(&mut *current, pace)
        };
        let (heard, _) = self.shared.position();
        let (from, epoch) = if self.shared.is_paused() {
            let epoch = self.shared.next_epoch();
            self.shared.mark_quiet(epoch);
            (heard, epoch)
        } else {
            let from = heard + PACE_LEAD_S * old.speed;
            (from, self.shared.soft_epoch(from))
        };
        // No read is interrupted: the audio is re-stretched from what was decoded already, and
        // a decode thread waiting on the network has nothing to play at any pace.
        let _ = self
            .commands
            .send(DecodeRequest::Pace { pace, from, epoch });
    }

    /// The pace asked for last.
    pub fn pace(&self) -> Pace {
        self.pace.lock().map_or_else(|e| *e.into_inner(), |p| *p)
    }

    /// Sets the volume in percent, 0 to [`MAX_VOLUME`].
    pub fn set_volume(&self, percent: u8) {
        self.shared
            .set_gain(f32::from(percent.min(MAX_VOLUME)) / 100.0);
    }

    /// Listener time of the audio being heard, and whether it is exact (not a VBR estimate).
    pub fn position(&self) -> (f64, bool) {
        self.shared.position()
    }

    /// Length of the episode as the listener hears it, when the file tells.
    pub fn duration(&self) -> Option<f64> {
        self.duration
    }

    /// The event stream of an engine opened without a sink; `None` after the first call.
    pub fn take_events(&mut self) -> Option<Receiver<PlayerEvent>> {
        self.events.take()
    }
}

/// A sink that queues the events for [`Engine::take_events`].
fn channel_sink() -> (EventSink, Receiver<PlayerEvent>) {
    let (tx, rx) = mpsc::channel();
    let sink: EventSink = Arc::new(move |event| {
        let _ = tx.send(event);
    });
    (sink, rx)
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.shared.stop();
        let _ = self.commands.send(DecodeRequest::Stop);
        self.interrupt_reads();
    }
}
