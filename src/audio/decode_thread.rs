//! The decode thread: runs a [`Stream`], cuts its audio into fixed-size chunks and queues them
//! for the output, and carries out seeks between chunks.
//!
//! The queue is a bounded channel, so a few seconds are decoded ahead and memory stays flat;
//! when it is full the thread waits for the output to take a chunk. Every chunk carries the
//! epoch of the seek it belongs to: the output drops chunks of an older epoch, which also frees
//! a thread waiting on a full queue so it can see the seek. A thread waiting on the network
//! is freed by the engine interrupting the read (see `CachedRanges::interrupt`); a failure
//! right after an interruption is taken for it, not reported. Chunk buffers travel back on a
//! recycle channel, so neither side allocates once playback runs.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError};
use std::thread::{self, JoinHandle};

use super::decode::{Block, Stream, sample_at_or_after};
use super::engine::EventSink;
use super::error::{AudioError, describe};
use super::output::PlaybackControl;
use crate::core::PlayerEvent;
use crate::model::Failure;

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
    Stop,
}

/// Decoded audio on its way to the output: interleaved samples from listener time `t`.
#[derive(Debug)]
pub struct Chunk {
    pub epoch: u32,
    pub t: f64,
    pub exact: bool,
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
/// [`Stream::prime`] gave it.
pub fn spawn(
    stream: Stream,
    format: (u16, u32),
    links: Links,
) -> Result<JoinHandle<()>, AudioError> {
    thread::Builder::new()
        .name("audio-decode".into())
        .spawn(move || run(stream, format, links))
        .map_err(AudioError::Thread)
}

fn run(mut stream: Stream, (channels, rate): (u16, u32), links: Links) {
    let mut chunker = Chunker::new(usize::from(channels), rate);
    let mut epoch = 0;
    let mut idle = false;
    let mut interrupts = links.control.interrupts();
    // Where to pick up again after a read was interrupted for a request that was not (or no
    // longer) waiting: the same epoch goes on from there.
    let mut resume: Option<f64> = None;
    loop {
        let request = if idle {
            links.requests.recv().ok()
        } else {
            match links.requests.try_recv() {
                Ok(request) => Some(request),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => return,
            }
        };
        if idle && request.is_none() {
            return;
        }
        let seek_to = match request {
            Some(request) => {
                resume = None;
                // Only the latest of several queued seeks matters.
                let mut last = request;
                while let Ok(next) = links.requests.try_recv() {
                    last = next;
                }
                let DecodeRequest::Seek { t, epoch: next } = last else {
                    return;
                };
                epoch = next;
                Some(t)
            }
            None => resume.take(),
        };
        if let Some(t) = seek_to {
            chunker.restart_at(t);
            idle = false;
            if let Err(err) = stream.seek(t) {
                if was_interrupted(&links, &mut interrupts) {
                    resume = Some(t);
                    continue;
                }
                idle = true;
                report(&links, &err);
                if send(
                    &links,
                    Msg::End {
                        epoch,
                        clean: false,
                    },
                )
                .is_err()
                {
                    return;
                }
            }
            continue;
        }
        let outcome = match stream.next_block() {
            Ok(Some(block)) => {
                if let Some(shift) = block.correction {
                    links.control.correct(epoch, shift);
                }
                chunker.push(&block, epoch, &links)
            }
            Ok(None) => {
                idle = true;
                chunker
                    .flush(&links)
                    .and_then(|()| send(&links, Msg::End { epoch, clean: true }))
            }
            Err(_) if was_interrupted(&links, &mut interrupts) => {
                resume = Some(chunker.next_t());
                chunker.flush(&links)
            }
            Err(err) => {
                idle = true;
                report(&links, &err);
                chunker.flush(&links).and_then(|()| {
                    send(
                        &links,
                        Msg::End {
                            epoch,
                            clean: false,
                        },
                    )
                })
            }
        };
        if outcome.is_err() {
            // The output is gone: nobody listens any more.
            return;
        }
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
    tracing::warn!("audio: {}", describe(err));
    (links.events)(PlayerEvent::Error(Failure::from_error(err.kind(), err)));
}

struct Gone;

fn send(links: &Links, msg: Msg) -> Result<(), Gone> {
    links.chunks.send(msg).map_err(|_| Gone)
}

/// Cuts decoded blocks into chunks of [`CHUNK_FRAMES`] frames in the output's format.
struct Chunker {
    channels: usize,
    rate: f64,
    open: Option<Chunk>,
    /// The listener's sample right after the last frame pushed.
    next_sample: i64,
}

impl Chunker {
    fn new(channels: usize, rate: u32) -> Self {
        Self {
            channels: channels.max(1),
            rate: f64::from(rate.max(1)),
            open: None,
            next_sample: 0,
        }
    }

    /// Listener time right after the last frame pushed.
    fn next_t(&self) -> f64 {
        self.next_sample as f64 / self.rate
    }

    fn push(&mut self, block: &Block<'_>, epoch: u32, links: &Links) -> Result<(), Gone> {
        let src_channels = block.channels.max(1);
        let frames = block.samples.len() / src_channels;
        if frames == 0 {
            return Ok(());
        }
        // A gap, a jump or a change of exactness starts a new chunk: a chunk has one timeline.
        let continues = self
            .open
            .as_ref()
            .is_some_and(|c| c.exact == block.exact && block.sample == self.next_sample);
        if !continues {
            self.flush(links)?;
        }
        for (i, frame) in block.samples.chunks_exact(src_channels).enumerate() {
            let chunk = self.open.get_or_insert_with(|| Chunk {
                epoch,
                t: (block.sample + i as i64) as f64 / self.rate,
                exact: block.exact,
                samples: fresh_buffer(&links.recycle, self.channels),
            });
            // Channel layouts rarely change mid-episode; when one does, keep the output's
            // count by repeating or dropping channels.
            for c in 0..self.channels {
                chunk.samples.push(frame[c.min(src_channels - 1)]);
            }
            if chunk.samples.len() >= CHUNK_FRAMES * self.channels {
                self.flush(links)?;
            }
        }
        self.next_sample = block.sample + frames as i64;
        Ok(())
    }

    fn flush(&mut self, links: &Links) -> Result<(), Gone> {
        match self.open.take() {
            Some(chunk) if !chunk.samples.is_empty() => send(links, Msg::Audio(chunk)),
            _ => Ok(()),
        }
    }

    /// Forgets the chunk being filled (a seek makes it stale); the next audio starts at the
    /// first sample at or after `t`.
    fn restart_at(&mut self, t: f64) {
        self.open = None;
        self.next_sample = sample_at_or_after(t, self.rate);
    }
}

fn fresh_buffer(recycle: &Receiver<Vec<f32>>, channels: usize) -> Vec<f32> {
    match recycle.try_recv() {
        Ok(mut buf) => {
            buf.clear();
            buf
        }
        Err(_) => Vec::with_capacity(CHUNK_FRAMES * channels),
    }
}
