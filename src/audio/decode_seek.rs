//! Seeking a [`Stream`]: symphonia's accurate seek for every format but MP3, our own byte
//! math for MP3 (see `decode_mp3`), and turning an approximate MP3 landing exact once the
//! bytes before it are cached.

use symphonia::core::errors::{Error as SymphoniaError, SeekErrorKind};
use symphonia::core::formats::{SeekMode, SeekTo};
use symphonia::core::units::Time;

use super::{Origin, Stream};
use crate::audio::error::AudioError;

/// Packets decoded between checks whether an approximate MP3 landing can be made exact.
const PENDING_CHECK_EVERY: u32 = 32;

impl Stream {
    /// Seeks so that the next block plays at (or, for an approximate MP3 landing, near) `t`;
    /// returns the listener time the next block starts at and whether it is exact.
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
        // The reader counts stream time, which runs `lead_s` ahead (Opus's pre-skip).
        let stream_t = t + self.lead_s;
        let to = SeekTo::Time {
            time: Time::new(stream_t.trunc() as u64, stream_t.fract()),
            track_id: Some(self.track_id),
        };
        match self.reader.seek(SeekMode::Accurate, to) {
            Ok(seeked) => {
                let landed = self.stream_time(seeked.required_ts) - self.lead_s;
                self.skip_until = landed;
                self.exact = true;
                Ok((landed.max(0.0), true))
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
        let first = mp3.first_audio();
        let len = self.source.len().unwrap_or(u64::MAX);
        let origin = &self.origin;
        let can_walk = |end: u64| match origin {
            Origin::Local => true,
            Origin::Remote(Some(cache)) => cache.is_cached(first..end.min(len)),
            Origin::Remote(None) => false,
        };
        let failed = |source| AudioError::Seek { t, source };
        let landing = mp3
            .locate(&self.source, t - mp3.preroll_s(), &can_walk)
            .map_err(|e| failed(SymphoniaError::IoError(e)))?
            .ok_or_else(|| failed(SymphoniaError::SeekError(SeekErrorKind::Unseekable)))?;
        self.reader = mp3.reader_at(&self.source, landing.byte).map_err(failed)?;
        self.track_id = self.reader.tracks().first().map_or(0, |t| t.id);
        self.base_s = landing.stream_t;
        self.exact = landing.exact;
        // The pre-roll decodes into the skipped part; on an exact timeline the first sample
        // heard is then the one at `t` itself.
        self.skip_until = t;
        if !landing.exact {
            self.pending = Some((landing.byte, landing.stream_t));
        }
        let landed = landing.stream_t - self.lead_s;
        Ok((landed.max(t), landing.exact))
    }

    /// Makes an approximate MP3 landing exact once the bytes before it are cached: the frame
    /// count up to the landing byte gives its true time, and the timeline shifts by the error.
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
        match mp3.exact_time_of(&self.source, byte) {
            Ok(Some(exact)) => {
                self.base_s += exact - approx;
                self.exact = true;
                self.correction = Some(exact - approx);
            }
            Ok(None) => tracing::debug!("the seek landing at byte {byte} is not a frame start"),
            Err(e) => tracing::warn!("could not index the cached audio: {e}"),
        }
    }
}
