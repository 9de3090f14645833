//! Cuts audio into the fixed-size chunks the output queue carries, each stamped with the
//! episode time of its first frame, its speed and its exactness.
//!
//! Two ways in: audio as decoded (1.0×, nothing skipped), counted in samples so its times are
//! exact to the sample; and runs from the speed and silence stages ([`Span`]s), whose frame
//! `i` is heard at `span.t + i × speed / rate`. A chunk never straddles a change of time line
//! (a gap, a cut, a change of speed or of exactness). The silence skipped just before a chunk
//! travels with it, so the output counts the time saved when it is heard.

use std::sync::mpsc::Receiver;

use super::decode::sample_at_or_after;
use super::decode_thread::{CHUNK_FRAMES, Chunk, Gone, Links, Msg, send};
use super::dsp::Span;

/// Cuts audio into chunks of [`CHUNK_FRAMES`] frames of one epoch.
pub(super) struct Chunker {
    channels: usize,
    rate: f64,
    epoch: u32,
    open: Option<Chunk>,
    /// The listener's sample right after the last frame pushed as decoded.
    next_sample: i64,
    /// Episode time right after the last frame pushed from a span, in this epoch.
    next_t: Option<f64>,
    /// Silence skipped before the next chunk.
    skipped: f64,
}

impl Chunker {
    pub(super) fn new(channels: usize, rate: u32) -> Self {
        Self {
            channels: channels.max(1),
            rate: f64::from(rate.max(1)),
            epoch: 0,
            open: None,
            next_sample: 0,
            next_t: None,
            skipped: 0.0,
        }
    }

    /// Forgets the chunk being filled (a seek makes it stale); the next audio belongs to
    /// `epoch` and, as decoded, starts at the first sample at or after `t`.
    pub(super) fn restart(&mut self, epoch: u32, t: f64) {
        self.epoch = epoch;
        self.open = None;
        self.next_sample = sample_at_or_after(t, self.rate);
        self.next_t = None;
        self.skipped = 0.0;
    }

    /// Audio as decoded, in the output's channels, from the listener's sample `sample`.
    pub(super) fn push_plain(
        &mut self,
        sample: i64,
        exact: bool,
        samples: &[f32],
        links: &Links,
    ) -> Result<(), Gone> {
        let frames = samples.len() / self.channels;
        if frames == 0 {
            return Ok(());
        }
        let continues = self
            .open
            .as_ref()
            .is_some_and(|c| c.exact == exact && c.speed == 1.0 && sample == self.next_sample);
        if !continues {
            self.flush(links)?;
        }
        let mut i = 0;
        while i < frames {
            let epoch = self.epoch;
            let t = (sample + i as i64) as f64 / self.rate;
            let chunk = self.open.get_or_insert_with(|| Chunk {
                epoch,
                t,
                exact,
                speed: 1.0,
                skipped_s: 0.0,
                samples: fresh_buffer(&links.recycle, self.channels),
            });
            i += fill(chunk, &samples[i * self.channels..], self.channels);
            if chunk.samples.len() >= CHUNK_FRAMES * self.channels {
                self.flush(links)?;
            }
        }
        self.next_sample = sample + frames as i64;
        self.next_t = Some(self.next_sample as f64 / self.rate);
        Ok(())
    }

    /// A run from the speed and silence stages. With `count_skips`, a jump forward in time
    /// from the last run is silence skipped.
    pub(super) fn push_span(
        &mut self,
        span: Span,
        exact: bool,
        samples: &[f32],
        count_skips: bool,
        links: &Links,
    ) -> Result<(), Gone> {
        let frames = (samples.len() / self.channels).min(span.frames);
        if frames == 0 {
            return Ok(());
        }
        let tolerance = 0.5 * span.speed / self.rate;
        let jump = self.next_t.map_or(0.0, |next| span.t - next);
        let continues = jump.abs() <= tolerance
            && self
                .open
                .as_ref()
                .is_some_and(|c| c.exact == exact && c.speed == span.speed);
        if !continues {
            self.flush(links)?;
            if count_skips && jump > tolerance {
                self.skipped += jump;
            }
        }
        let rate = self.rate as u32;
        let mut i = 0;
        while i < frames {
            let (epoch, skipped) = (self.epoch, self.skipped);
            let chunk = self.open.get_or_insert_with(|| Chunk {
                epoch,
                t: span.time_of(i, rate),
                exact,
                speed: span.speed,
                skipped_s: skipped,
                samples: fresh_buffer(&links.recycle, self.channels),
            });
            self.skipped = 0.0;
            i += fill(
                chunk,
                &samples[i * self.channels..frames * self.channels],
                self.channels,
            );
            if chunk.samples.len() >= CHUNK_FRAMES * self.channels {
                self.flush(links)?;
            }
        }
        self.next_t = Some(span.time_of(frames, rate));
        Ok(())
    }

    /// Sends the chunk being filled.
    pub(super) fn flush(&mut self, links: &Links) -> Result<(), Gone> {
        match self.open.take() {
            Some(chunk) if !chunk.samples.is_empty() => send(links, Msg::Audio(chunk)),
            _ => Ok(()),
        }
    }
}

/// Appends to `chunk` as many frames of `samples` as fit; returns how many.
fn fill(chunk: &mut Chunk, samples: &[f32], channels: usize) -> usize {
    let room = CHUNK_FRAMES - chunk.samples.len() / channels;
    let n = (samples.len() / channels).min(room);
    chunk.samples.extend_from_slice(&samples[..n * channels]);
    n
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
