//! The decode thread: runs a [`Stream`], passes its audio through the silence, levelling and
//! speed stages (`dsp::Chain`, bypassed at 1.0× with nothing skipped or levelled), cuts it
//! into fixed-size chunks (`chunker`) and queues them for the output, and carries out seeks
//! and changes of pace between blocks. Nothing of this runs in the audio callback.
//!
//! The queue is a bounded channel, so a few seconds are decoded ahead and memory stays flat;
//! when it is full the thread waits for the output to take a chunk. Every chunk carries the
//! epoch of the seek or change of pace it belongs to: the output drops chunks of an older
//! epoch, which also frees a thread waiting on a full queue so it can see the request. A thread
//! waiting on the network is freed by the engine interrupting the read (see
//! `CachedRanges::interrupt`); a failure right after an interruption is taken for it, not
//! reported. Chunk buffers travel back on a recycle channel, so neither side allocates once
//! playback runs.
//!
//! A change of pace starts a new epoch at a time just ahead of what is heard and stretches the
//! audio anew from there: from the decoded audio kept in `decode_history` (no seek), or by
//! seeking when it is not there any more.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError};
use std::thread::{self, JoinHandle};

use super::chunker::Chunker;
use super::decode::{Block, Stream, sample_at_or_after};
use super::decode_history::History;
use super::dsp::Chain;
use super::engine::EventSink;
use super::error::AudioError;
use super::playback_control::PlaybackControl;
use crate::core::{Pace, PlayerEvent};
use crate::model::Failure;
use crate::model::describe_chain;

/// Audio frames per chunk (about 46 ms at 44.1 kHz).
pub const CHUNK_FRAMES: usize = 2048;
/// Chunks queued ahead of the output (about 3 s at 44.1 kHz).
pub const QUEUE_CHUNKS: usize = 64;

/// What the engine asks of the decode thread.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DecodeRequest {
    /// Play from listener time `t`; the chunks that follow carry `epoch`.
    Seek {
        t: f64,
        epoch: u32,
    },
    /// Play at `pace` from listener time `from` on; the chunks that follow carry `epoch`.
    Pace {
        pace: Pace,
        from: f64,
        epoch: u32,
    },
    Stop,
}

/// Audio on its way to the output: interleaved samples whose first frame is at episode time
/// `t`, each frame standing for `speed` / rate seconds of the episode.
#[derive(Debug)]
pub struct Chunk {
    pub epoch: u32,
    pub t: f64,
    pub exact: bool,
    pub speed: f64,
    /// Seconds of silence skipped right before this chunk.
    pub skipped_s: f64,
    pub samples: Vec<f32>,
}

/// What travels on the queue.
#[derive(Debug)]
pub enum Msg {
    Audio(Chunk),
    /// No more audio for `epoch`: the end of the episode (`clean`) or a failure already
    /// reported as an error event.
    End {
        epoch: u32,
        clean: bool,
    },
}

/// The thread's ends of the channels.
pub struct Links {
    pub requests: Receiver<DecodeRequest>,
    pub chunks: SyncSender<Msg>,
    pub recycle: Receiver<Vec<f32>>,
    pub events: EventSink,
    pub control: Arc<PlaybackControl>,
}

/// Starts decoding `stream` into the queue in the output's format, `(channels, rate)` as
/// [`Stream::prime`] gave it, at `pace`.
pub fn spawn(
    stream: Stream,
    format: (u16, u32),
    pace: Pace,
    links: Links,
) -> Result<JoinHandle<()>, AudioError> {
    thread::Builder::new()
        .name("audio-decode".into())
        .spawn(move || Decoder::new(stream, format, pace, links).run())
        .map_err(AudioError::Thread)
}

/// Where the next audio comes from, as the requests waiting say.
enum Next {
    Seek { t: f64, epoch: u32 },
    Pace { from: f64, epoch: u32 },
}

struct Decoder {
    stream: Stream,
    links: Links,
    channels: usize,
    rate: u32,
    chunker: Chunker,
    chain: Chain,
    pace: Pace,
    kept: Kept,
    epoch: u32,
    /// Exactness of the audio in the chain since the last restart.
    chain_exact: Option<bool>,
    /// A run pulled from the chain.
    pulled: Vec<f32>,
}

/// The decoded audio kept: the history and the last block, in the output's channels.
struct Kept {
    history: History,
    scratch: Vec<f32>,
    channels: usize,
    rate: f64,
    /// Listener time right after the audio decoded last.
    next_input: f64,
}

/// Keeps `block` in the output's channels (in the history, and as the block to feed next);
/// returns where it starts. A correction of an approximate landing moves what was kept too.
fn keep(kept: &mut Kept, control: &PlaybackControl, epoch: u32, block: &Block<'_>) -> (i64, bool) {
    if let Some(shift) = block.correction {
        control.correct(epoch, shift);
        kept.history.correct((shift * kept.rate).round() as i64);
    }
    let src = block.channels.max(1);
    let mut buf = kept.history.buffer();
    // Channel layouts rarely change mid-episode; when one does, keep the output's count by
    // repeating or dropping channels.
    for frame in block.samples.chunks_exact(src) {
        for c in 0..kept.channels {
            buf.push(frame[c.min(src - 1)]);
        }
    }
    kept.scratch.clear();
    kept.scratch.extend_from_slice(&buf);
    let frames = (buf.len() / kept.channels) as i64;
    kept.next_input = (block.sample + frames) as f64 / kept.rate;
    kept.history.push(block.sample, block.exact, buf);
    (block.sample, block.exact)
}

/// Sets the chain's stages as `pace` asks: speed, skip silence, voice levelling.
fn set_pace(chain: &mut Chain, pace: &Pace) {
    chain.set_speed(pace.speed);
    chain.set_skip_silence(pace.skip_silence);
    chain.set_level_voices(pace.level_voices);
}

impl Decoder {
    fn new(stream: Stream, (channels, rate): (u16, u32), pace: Pace, links: Links) -> Self {
        let mut chain = Chain::new(channels, rate);
        set_pace(&mut chain, &pace);
        let channels = usize::from(channels.max(1));
        Decoder {
            stream,
            links,
            channels,
            rate,
            chunker: Chunker::new(channels, rate),
            chain,
            pace,
            kept: Kept {
                history: History::new(channels, rate),
                scratch: Vec::new(),
                channels,
                rate: f64::from(rate.max(1)),
                next_input: 0.0,
            },
            epoch: 0,
            chain_exact: None,
            pulled: Vec::new(),
        }
    }

    fn run(mut self) {
        let mut idle = false;
        let mut interrupts = self.links.control.interrupts();
        // Where to pick up again after a read was interrupted for a request that was not (or
        // no longer) waiting: the same epoch goes on from there.
        let mut resume: Option<f64> = None;
        loop {
            let next = match self.requests(idle) {
                Ok(next) => next,
                Err(Gone) => return,
            };
            let seek_to = match next {
                Some(Next::Seek { t, epoch }) => {
                    resume = None;
                    self.restart(epoch, t);
                    Some(t)
                }
                Some(Next::Pace { from, epoch }) => {
                    self.restart(epoch, from);
                    match self.replay(from) {
                        Ok(true) => {
                            idle = false;
                            continue;
                        }
                        Ok(false) => {
                            resume = None;
                            Some(from)
                        }
                        Err(Gone) => return,
                    }
                }
                None => resume.take(),
            };
            if let Some(t) = seek_to {
                idle = false;
                if let Err(err) = self.stream.seek(t) {
                    if was_interrupted(&self.links, &mut interrupts) {
                        resume = Some(t);
                        continue;
                    }
                    idle = true;
                    report(&self.links, &err);
                    let end = Msg::End {
                        epoch: self.epoch,
                        clean: false,
                    };
                    if send(&self.links, end).is_err() {
                        return;
                    }
                }
                continue;
            }
            let outcome = match self.stream.next_block() {
                Ok(Some(block)) => {
                    let taken = keep(&mut self.kept, &self.links.control, self.epoch, &block);
                    self.feed(taken)
                }
                Ok(None) => {
                    idle = true;
                    self.finish().and_then(|()| {
                        let end = Msg::End {
                            epoch: self.epoch,
                            clean: true,
                        };
                        send(&self.links, end)
                    })
                }
                Err(_) if was_interrupted(&self.links, &mut interrupts) => {
                    resume = Some(self.kept.next_input);
                    self.chunker.flush(&self.links)
                }
                Err(err) => {
                    idle = true;
                    report(&self.links, &err);
                    self.finish().and_then(|()| {
                        let end = Msg::End {
                            epoch: self.epoch,
                            clean: false,
                        };
                        send(&self.links, end)
                    })
                }
            };
            if outcome.is_err() {
                // The output is gone: nobody listens any more.
                return;
            }
        }
    }

    /// Takes the requests waiting (blocking for one when `idle`): settings from every one,
    /// where to play from the last.
    fn requests(&mut self, idle: bool) -> Result<Option<Next>, Gone> {
        let first = if idle {
            Some(self.links.requests.recv().map_err(|_| Gone)?)
        } else {
            match self.links.requests.try_recv() {
                Ok(request) => Some(request),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => return Err(Gone),
            }
        };
        let mut next = None;
        let mut request = first;
        while let Some(r) = request {
            match r {
                DecodeRequest::Stop => return Err(Gone),
                DecodeRequest::Seek { t, epoch } => next = Some(Next::Seek { t, epoch }),
                DecodeRequest::Pace { pace, from, epoch } => {
                    self.pace = pace;
                    next = Some(Next::Pace { from, epoch });
                }
            }
            request = self.links.requests.try_recv().ok();
        }
        if next.is_some() {
            set_pace(&mut self.chain, &self.pace);
        }
        Ok(next)
    }

    /// Starts epoch `epoch` at `t`: what the chunker and the stages held is stale.
    fn restart(&mut self, epoch: u32, t: f64) {
        self.epoch = epoch;
        self.kept.next_input = t;
        self.chunker.restart(epoch, t);
        self.chain.reset();
        self.chain_exact = None;
    }

    /// Plays the kept audio from `from` again at the pace set; false when it is not kept (the
    /// stream must seek there).
    fn replay(&mut self, from: f64) -> Result<bool, Gone> {
        let sample = sample_at_or_after(from, f64::from(self.rate.max(1)));
        if !self.kept.history.holds(sample) {
            self.kept.history.clear();
            return Ok(false);
        }
        let empty = History::new(self.channels, self.rate);
        let history = std::mem::replace(&mut self.kept.history, empty);
        let mut fed = Ok(());
        for (s, exact, samples) in history.from(sample) {
            fed = self.feed_samples(s, exact, samples);
            if fed.is_err() {
                break;
            }
        }
        self.kept.history = history;
        fed.map(|()| true)
    }

    /// Feeds the block [`keep`] just kept.
    fn feed(&mut self, (sample, exact): (i64, bool)) -> Result<(), Gone> {
        let samples = std::mem::take(&mut self.kept.scratch);
        let fed = self.feed_samples(sample, exact, &samples);
        self.kept.scratch = samples;
        fed
    }

    /// Audio in the output's channels from the listener's sample `sample`, through the stages
    /// when they are on.
    fn feed_samples(&mut self, sample: i64, exact: bool, samples: &[f32]) -> Result<(), Gone> {
        if self.pace.is_plain() {
            return self.chunker.push_plain(sample, exact, samples, &self.links);
        }
        if self.chain_exact.is_some_and(|e| e != exact) {
            // A chunk has one time line: what the stages hold goes out before the new one.
            self.drain_chain(true)?;
            self.chain.reset();
        }
        self.chain_exact = Some(exact);
        self.chain
            .push(sample as f64 / f64::from(self.rate.max(1)), samples);
        self.drain_chain(false)
    }

    /// Moves what the stages have ready (everything, at the `end`) to the chunker.
    fn drain_chain(&mut self, end: bool) -> Result<(), Gone> {
        if end {
            self.chain.finish();
        }
        let count_skips = self.chain.skips_silence();
        let exact = self.chain_exact.unwrap_or(true);
        self.pulled.clear();
        while let Some(span) = self.chain.pull(&mut self.pulled, CHUNK_FRAMES) {
            self.chunker
                .push_span(span, exact, &self.pulled, count_skips, &self.links)?;
            self.pulled.clear();
        }
        Ok(())
    }

    /// The end of the audio: what the stages and the chunker hold goes out.
    fn finish(&mut self) -> Result<(), Gone> {
        if !self.pace.is_plain() {
            self.drain_chain(true)?;
        }
        self.chunker.flush(&self.links)
    }
}

/// True when the engine interrupted the source's reads since the last look: the failure was
/// asked for (a seek or stop came in while a read waited on the network), not a fault.
fn was_interrupted(links: &Links, seen: &mut u32) -> bool {
    let now = links.control.interrupts();
    let interrupted = now != *seen;
    *seen = now;
    interrupted
}

fn report(links: &Links, err: &AudioError) {
    tracing::warn!("audio: {}", describe_chain(err));
    (links.events)(PlayerEvent::Error(Failure::from_error(err.kind(), err)));
}

/// The output is gone.
pub(super) struct Gone;

pub(super) fn send(links: &Links, msg: Msg) -> Result<(), Gone> {
    links.chunks.send(msg).map_err(|_| Gone)
}
