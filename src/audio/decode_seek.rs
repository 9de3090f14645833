//! Seeking a [`Stream`]: symphonia's accurate seek for every format but MP3, our own byte
//! math for MP3 (see `decode_mp3`), and turning an approximate MP3 landing exact once the
//! bytes before it are cached.

use symphonia::core::errors::{Error as SymphoniaError, SeekErrorKind};
use symphonia::core::formats::{SeekMode, SeekTo};

use super::{Origin, Stream, sample_at_or_after};
use crate::audio::error::AudioError;

/// Packets decoded between checks whether an approximate MP3 landing can be made exact.
const PENDING_CHECK_EVERY: u32 = 32;

impl Stream {
    /// Seeks so that the next block plays at (or, for an approximate MP3 landing, near) `t`;
    /// returns the listener time the next block starts at and whether it is exact. On an exact
    /// timeline that is the time of the first sample at or after `t`.
    pub fn seek(&mut self, t: f64) -> Result<(f64, bool), AudioError> {
        let t = if t.is_finite() { t.max(0.0) } else { 0.0 };
        let t = self.duration.map_or(t, |d| t.min(d));
        self.held = None;
        self.pending = None;
        self.correction = None;
        self.finished = false;
        self.decoder.reset();
        if self.mp3.is_some() {
            return self.seek_mp3(t);
        }
        let target = sample_at_or_after(t, self.rate_hz());
        // The reader counts stream samples, which run `lead` ahead (Opus's pre-skip).
        let stream_sample = target.saturating_add(self.lead).max(0).unsigned_abs();
        let to = SeekTo::TimeStamp {
            ts: self.samples_to_ts(stream_sample),
            track_id: self.track_id,
        };
        match self.reader.seek(SeekMode::Accurate, to) {
            Ok(_) => {
                self.skip_until = target;
                self.exact = true;
                Ok((target as f64 / self.rate_hz(), true))
            }
            Err(SymphoniaError::SeekError(SeekErrorKind::OutOfRange)) => {
                self.finished = true;
                Ok((self.duration.unwrap_or(t), true))
            }
            Err(source) => Err(AudioError::Seek { t, source }),
        }
    }

    fn seek_mp3(&mut self, t: f64) -> Result<(f64, bool), AudioError> {
        let Some(mp3) = self.mp3.as_mut() else {
            return Err(AudioError::NoTrack);
        };
        let rate = f64::from(mp3.rate().max(1));
        let target = sample_at_or_after(t, rate);
        let first = mp3.first_audio();
        let len = self.source.len().unwrap_or(u64::MAX);
        let origin = &self.origin;
        let can_walk = |end: u64| match origin {
            Origin::Local => true,
            Origin::Remote(Some(cache)) => cache.is_cached(first..end.min(len)),
            Origin::Remote(None) => false,
        };
        let failed = |source| AudioError::Seek { t, source };
        let preroll = i64::try_from(mp3.preroll()).unwrap_or(0);
        let landing = mp3
            .locate(&self.source, target - preroll, &can_walk)
            .map_err(|e| failed(SymphoniaError::IoError(e)))?
            .ok_or_else(|| failed(SymphoniaError::SeekError(SeekErrorKind::Unseekable)))?;
        self.reader = mp3.reader_at(&self.source, landing.byte).map_err(failed)?;
        self.track_id = self.reader.tracks().first().map_or(0, |t| t.id);
        self.base = i64::try_from(landing.stream_sample).unwrap_or(i64::MAX);
        self.exact = landing.exact;
        // The pre-roll decodes into the skipped part; on an exact timeline the first sample
        // heard is then the one at `t` itself.
        self.skip_until = target;
        if !landing.exact {
            self.pending = Some((landing.byte, landing.stream_sample));
        }
        let landed = self.base.saturating_sub(self.lead).max(target);
        Ok((landed as f64 / rate, landing.exact))
    }

    /// Makes an approximate MP3 landing exact once the bytes before it are cached: the frame
    /// count up to the landing byte gives its true sample, and the timeline shifts by the error.
    pub(super) fn check_pending(&mut self) {
        let Some((byte, approx)) = self.pending else {
            return;
        };
        self.packets_since_check += 1;
        if self.packets_since_check < PENDING_CHECK_EVERY {
            return;
        }
        self.packets_since_check = 0;
        let (Origin::Remote(Some(cache)), Some(mp3)) = (&self.origin, self.mp3.as_mut()) else {
            return;
        };
        if !cache.is_cached(mp3.first_audio()..byte) {
            return;
        }
        self.pending = None;
        match mp3.exact_sample_of(&self.source, byte) {
            Ok(Some(exact)) => {
                let shift = i64::try_from(exact)
                    .unwrap_or(i64::MAX)
                    .saturating_sub(i64::try_from(approx).unwrap_or(i64::MAX));
                self.base = self.base.saturating_add(shift);
                self.exact = true;
                self.correction = Some(shift as f64 / f64::from(mp3.rate().max(1)));
            }
            Ok(None) => tracing::debug!("the seek landing at byte {byte} is not a frame start"),
            Err(e) => tracing::warn!("could not index the cached audio: {e}"),
        }
    }
}
