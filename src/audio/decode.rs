//! Decoding one episode with symphonia: probe, pick the audio track, decode packets to
//! interleaved f32, and seek honestly.
//!
//! A [`Stream`] belongs to the decode thread (`decode_thread`): its reads may wait on the
//! network, so nothing here ever runs in the audio callback. Every decoded [`Block`] carries
//! the listener's sample of its first frame and whether it is exact, so the output can report
//! what is being heard rather than what was asked for.
//!
//! Time is counted in samples (frames at the stream's rate), never in accumulated seconds: the
//! listener's sample `n` plays at exactly `n / rate` seconds, so times never drift or run back.
//! The listener's sample 0 is the first sample the encoder was given: what a codec puts before
//! it (an MP3's encoder and decoder delay, Opus's pre-skip, an MP4's priming as its edit list
//! says) is dropped and never counted.
//!
//! Seeking (`decode_seek`): MP3 goes through our own byte math (`decode_mp3`), starting a few
//! frames early so the target's frame decodes whole; every other format uses symphonia's
//! accurate seek. Either way the samples decoded before the target are dropped, so on an exact
//! timeline the first sample handed out is the first at or after the time asked for.

use std::ops::Range;
use std::sync::Arc;

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{
    CODEC_TYPE_MP1, CODEC_TYPE_MP2, CODEC_TYPE_MP3, CODEC_TYPE_NULL, CodecParameters, Decoder,
    DecoderOptions,
};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::{FormatOptions, FormatReader};
use symphonia::core::io::{MediaSource, MediaSourceStream, MediaSourceStreamOptions};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;
use symphonia::core::units::TimeBase;

#[path = "decode_seek.rs"]
mod seek;

use super::decode_mp3::Mp3Stream;
use super::error::AudioError;
use super::shared_source::SharedSource;

/// Tells which byte ranges of a remote episode are already stored locally.
pub trait CachedRanges: Send + Sync {
    /// True when every byte in `range` can be read without waiting on the network.
    fn is_cached(&self, range: Range<u64>) -> bool;

    /// Ends the read waiting on the network now (or else the next read) with an error, so a
    /// seek or stop need not wait for a stalled server; the source stays usable.
    fn interrupt(&self) {}

    /// While `held`, no request starts just to read ahead of the listener (reads still fetch
    /// what they need). Opening an episode reads its head and may then jump: reading ahead
    /// from the head meanwhile would fetch bytes nobody hears.
    fn hold_read_ahead(&self, _held: bool) {}
}

/// Holds a remote source's read-ahead while it lives.
pub(crate) struct HeldReadAhead(Option<Arc<dyn CachedRanges>>);

impl HeldReadAhead {
    pub(crate) fn new(cache: Option<Arc<dyn CachedRanges>>) -> Self {
        if let Some(cache) = &cache {
            cache.hold_read_ahead(true);
        }
        Self(cache)
    }
}

impl Drop for HeldReadAhead {
    fn drop(&mut self) {
        if let Some(cache) = &self.0 {
            cache.hold_read_ahead(false);
        }
    }
}

/// Where the episode's bytes come from; decides whether a VBR MP3 seek can be exact.
#[derive(Clone, Default)]
pub enum Origin {
    /// A downloaded file: every byte is at hand.
    #[default]
    Local,
    /// Streamed over HTTP; with a cache, seeks into cached ranges become exact.
    Remote(Option<Arc<dyn CachedRanges>>),
}

/// Decoded audio: interleaved samples starting at the listener's sample `sample`.
pub struct Block<'a> {
    pub sample: i64,
    pub exact: bool,
    /// Set on the first block after an approximate landing was found to be this many seconds
    /// off: the audio decoded before (still queued) needs the same shift.
    pub correction: Option<f64>,
    pub channels: usize,
    pub samples: &'a [f32],
}

/// A decoded block kept in the sample buffer until it is asked for.
struct Held {
    start: usize,
    len: usize,
    sample: i64,
    exact: bool,
    channels: usize,
}

/// One episode being decoded.
pub struct Stream {
    source: SharedSource,
    origin: Origin,
    reader: Box<dyn FormatReader>,
    decoder: Box<dyn Decoder>,
    track_id: u32,
    time_base: Option<TimeBase>,
    mp3: Option<Mp3Stream>,
    /// Stream sample of the reader's timestamp 0 (an MP3 reader restarts at each seek).
    base: i64,
    /// Stream samples before the listener's sample 0 (codec delay, pre-skip, priming).
    lead: i64,
    exact: bool,
    /// Decoded samples before this listener sample are dropped (a seek's pre-roll, the lead).
    skip_until: i64,
    /// An approximate MP3 landing, (byte, stream sample), until the bytes before it are cached.
    pending: Option<(u64, u64)>,
    packets_since_check: u32,
    /// A shift found by resolving `pending`, for the audio already queued with the estimate.
    correction: Option<f64>,
    buf: Option<SampleBuffer<f32>>,
    buf_channels: usize,
    held: Option<Held>,
    channels: u16,
    rate: u32,
    duration: Option<f64>,
    finished: bool,
}

/// Where an ID3v2 tag at the start of `source` ends (0 without one), from its 10-byte header.
fn id3v2_end(source: &SharedSource) -> Result<u64, AudioError> {
    let mut head = [0u8; 10];
    let n = source.read_at(0, &mut head)?;
    let end = super::mp3::id3v2_len(&head[..n]).unwrap_or(0);
    // A tag claiming to run past the end is damaged: let the probe make sense of it.
    Ok(if source.len().is_some_and(|len| end >= len) {
        0
    } else {
        end
    })
}

impl Stream {
    /// Probes `source` (the hint carries the file extension and/or MIME type) and prepares to
    /// decode its default audio track from the start.
    pub fn open(
        source: Box<dyn MediaSource>,
        hint: &Hint,
        origin: Origin,
    ) -> Result<Stream, AudioError> {
        let source = SharedSource::new(source);
        // Probe from after an ID3v2 tag: symphonia would read all of it (chapter images make
        // some 300 KB), and over the network the first sound would wait for those bytes. Read
        // from there instead, the range cache drops its request from byte 0 for one at the audio.
        let skip = if source.is_seekable() {
            id3v2_end(&source)?
        } else {
            0
        };
        let stream = MediaSourceStream::new(
            Box::new(source.view_from(skip)),
            MediaSourceStreamOptions::default(),
        );
        let probed = symphonia::default::get_probe()
            .format(
                hint,
                stream,
                &FormatOptions::default(),
                &MetadataOptions::default(),
            )
            .map_err(AudioError::Probe)?;
        let mut reader = probed.format;
        let track = reader
            .default_track()
            .filter(|t| t.codec_params.codec != CODEC_TYPE_NULL)
            .or_else(|| {
                reader
                    .tracks()
                    .iter()
                    .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
            })
            .ok_or(AudioError::NoTrack)?;
        let params = track.codec_params.clone();
        let mut track_id = track.id;
        let decoder = super::opus::CODECS
            .make(&params, &DecoderOptions::default())
            .map_err(|source| AudioError::Codec {
                codec: codec_name(params.codec),
                source,
            })?;
        let is_mpeg = [CODEC_TYPE_MP1, CODEC_TYPE_MP2, CODEC_TYPE_MP3].contains(&params.codec);
        let mut mp3 = None;
        if is_mpeg && source.is_seekable() {
            mp3 = Mp3Stream::probe(&source)?;
        }
        // Samples the codec puts before the audio (Opus's pre-skip, an encoder delay, an MP4's
        // priming) are not heard: listener time starts after them.
        let mut lead = match params.delay {
            Some(delay) => u64::from(delay),
            None if may_be_mp4(&params) => {
                let rate = params.sample_rate.unwrap_or(0);
                super::mp4_priming::priming(&source, track_id, rate).unwrap_or(0)
            }
            None => 0,
        };
        let mut duration = params
            .n_frames
            .zip(params.sample_rate.filter(|&rate| rate > 0))
            .map(|(n, rate)| n.saturating_sub(lead) as f64 / f64::from(rate));
        if let Some(mp3) = &mp3 {
            reader = mp3
                .reader_at(&source, mp3.first_audio())
                .map_err(AudioError::Probe)?;
            track_id = reader.tracks().first().map_or(0, |t| t.id);
            duration = mp3.duration_s().or(duration);
            lead = mp3.lead();
        }
        Ok(Stream {
            source,
            origin,
            reader,
            decoder,
            track_id,
            time_base: params.time_base,
            mp3,
            base: 0,
            lead: i64::try_from(lead).unwrap_or(0),
            exact: true,
            skip_until: 0,
            pending: None,
            packets_since_check: 0,
            correction: None,
            buf: None,
            buf_channels: 0,
            held: None,
            channels: 0,
            rate: params.sample_rate.unwrap_or(0),
            duration,
            finished: false,
        })
    }

    /// Decodes up to the first audio and keeps it for [`Stream::next_block`]; returns the
    /// output format, `(channels, sample rate)`.
    pub fn prime(&mut self) -> Result<(u16, u32), AudioError> {
        if self.held.is_none() {
            self.held = Some(self.decode_next()?.ok_or(AudioError::Empty)?);
        }
        Ok((self.channels, self.rate))
    }

    /// Length as the listener hears it, when the file tells.
    pub fn duration(&self) -> Option<f64> {
        self.duration
    }

    /// The next decoded block, or `None` at the end of the stream.
    pub fn next_block(&mut self) -> Result<Option<Block<'_>>, AudioError> {
        let held = match self.held.take() {
            Some(held) => held,
            None => match self.decode_next()? {
                Some(held) => held,
                None => return Ok(None),
            },
        };
        let samples = self
            .buf
            .as_ref()
            .and_then(|buf| buf.samples().get(held.start..held.start + held.len))
            .unwrap_or_default();
        Ok(Some(Block {
            sample: held.sample,
            exact: held.exact,
            correction: self.correction.take(),
            channels: held.channels,
            samples,
        }))
    }

    fn decode_next(&mut self) -> Result<Option<Held>, AudioError> {
        loop {
            if self.finished {
                return Ok(None);
            }
            self.check_pending();
            let packet = match self.reader.next_packet() {
                Ok(packet) => packet,
                Err(SymphoniaError::IoError(e))
                    if e.kind() == std::io::ErrorKind::UnexpectedEof =>
                {
                    self.finished = true;
                    return Ok(None);
                }
                Err(SymphoniaError::ResetRequired) => {
                    tracing::warn!("the audio stream changed its format mid-way; stopping there");
                    self.finished = true;
                    return Ok(None);
                }
                Err(e) => return Err(AudioError::Decode(e)),
            };
            if packet.track_id() != self.track_id {
                continue;
            }
            let decoded = match self.decoder.decode(&packet) {
                Ok(decoded) => decoded,
                // A damaged packet: skip it, as players do, and keep going.
                Err(SymphoniaError::DecodeError(why)) => {
                    tracing::debug!("skipping an undecodable packet: {why}");
                    continue;
                }
                Err(SymphoniaError::IoError(e)) => {
                    tracing::debug!("skipping a short packet: {e}");
                    continue;
                }
                Err(e) => return Err(AudioError::Decode(e)),
            };
            let frames = decoded.frames();
            if frames == 0 {
                continue;
            }
            let spec = *decoded.spec();
            let channels = spec.channels.count();
            let fits = self.buf_channels == channels
                && self
                    .buf
                    .as_ref()
                    .is_some_and(|b| b.capacity() >= decoded.capacity() * channels);
            if !fits {
                self.buf = Some(SampleBuffer::new(decoded.capacity() as u64, spec));
                self.buf_channels = channels;
            }
            let Some(buf) = self.buf.as_mut() else {
                continue;
            };
            buf.copy_interleaved_ref(decoded);
            if self.channels == 0 {
                self.channels = u16::try_from(channels).unwrap_or(2);
                self.rate = spec.rate;
            }
            let first = self.listener_sample(packet.ts());
            // Drop what lies before the seek target or before the listener's sample 0 (the
            // codec's delay): the first sample handed out is then the one asked for.
            let skip = usize::try_from(self.skip_until.saturating_sub(first))
                .unwrap_or(0)
                .min(frames);
            if skip == frames {
                continue;
            }
            return Ok(Some(Held {
                start: skip * channels,
                len: (frames - skip) * channels,
                sample: first + skip as i64,
                exact: self.exact,
                channels,
            }));
        }
    }

    /// The listener's sample of a timestamp of the current reader.
    fn listener_sample(&self, ts: u64) -> i64 {
        let stream = i64::try_from(self.ts_to_samples(ts)).unwrap_or(i64::MAX);
        self.base.saturating_add(stream).saturating_sub(self.lead)
    }

    /// A reader timestamp in samples (most formats count in samples already).
    fn ts_to_samples(&self, ts: u64) -> u64 {
        match self.time_base {
            Some(tb) if tb.numer == 1 && tb.denom == self.rate => ts,
            Some(tb) if tb.denom > 0 => {
                let scaled = u128::from(ts) * u128::from(tb.numer) * u128::from(self.rate);
                u64::try_from((scaled + u128::from(tb.denom) / 2) / u128::from(tb.denom))
                    .unwrap_or(u64::MAX)
            }
            _ => ts,
        }
    }

    /// The reader timestamp of a stream sample (rounded down: a seek there lands at or
    /// before the sample).
    fn samples_to_ts(&self, samples: u64) -> u64 {
        match self.time_base {
            Some(tb) if tb.numer == 1 && tb.denom == self.rate => samples,
            Some(tb) if tb.numer > 0 && self.rate > 0 => {
                let scaled = u128::from(samples) * u128::from(tb.denom);
                u64::try_from(scaled / (u128::from(tb.numer) * u128::from(self.rate)))
                    .unwrap_or(u64::MAX)
            }
            _ => samples,
        }
    }

    /// Samples per second of the decoded audio (1 before anything is known, never 0).
    fn rate_hz(&self) -> f64 {
        f64::from(self.rate.max(1))
    }
}

/// The first listener sample at or after `t` seconds at `rate` (a time that is a whole sample
/// within float error counts as that sample).
pub(crate) fn sample_at_or_after(t: f64, rate: f64) -> i64 {
    // Saturating float-to-int conversion.
    (t * rate - 1e-6).ceil().max(0.0) as i64
}

/// Whether the codec is one MP4 files carry with priming that only their edit list tells.
fn may_be_mp4(params: &CodecParameters) -> bool {
    use symphonia::core::codecs::{CODEC_TYPE_AAC, CODEC_TYPE_ALAC};
    [CODEC_TYPE_AAC, CODEC_TYPE_ALAC].contains(&params.codec)
}

/// A codec's name for messages: the decoder's short name when there is one, else the names of
/// codecs podcasts use that nothing here decodes.
fn codec_name(codec: symphonia::core::codecs::CodecType) -> String {
    use symphonia::core::codecs::{CODEC_TYPE_ALAC, CODEC_TYPE_SPEEX};
    if let Some(descriptor) = super::opus::CODECS.get_codec(codec) {
        return descriptor.short_name.to_owned();
    }
    match codec {
        CODEC_TYPE_SPEEX => "Speex".to_owned(),
        CODEC_TYPE_ALAC => "ALAC".to_owned(),
        other => format!("this ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::codec_name;
    use symphonia::core::codecs::{CODEC_TYPE_MP3, CODEC_TYPE_OPUS, CODEC_TYPE_SPEEX};

    #[test]
    fn codecs_are_named_in_messages() {
        assert_eq!(codec_name(CODEC_TYPE_MP3), "mp3");
        assert_eq!(codec_name(CODEC_TYPE_OPUS), "opus");
        assert_eq!(codec_name(CODEC_TYPE_SPEEX), "Speex");
    }
}
