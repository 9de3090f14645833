//! Decoding one episode with symphonia: probe, pick the audio track, decode packets to
//! interleaved f32, and seek honestly.
//!
//! A [`Stream`] belongs to the decode thread (`decode_thread`): its reads may wait on the
//! network, so nothing here ever runs in the audio callback. Every decoded [`Block`] carries
//! the listener's time of its first sample and whether that time is exact, so the output can
//! report what is being heard rather than what was asked for.
//!
//! Seeking (`decode_seek`): MP3 goes through our own byte math (`decode_mp3`), starting a few
//! frames early so the target's frame decodes whole; every other format uses symphonia's
//! accurate seek. Either way the samples decoded before the target are dropped, so on an exact
//! timeline the first sample handed out is the one asked for.

use std::ops::Range;
use std::sync::Arc;

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{
    CODEC_TYPE_MP1, CODEC_TYPE_MP2, CODEC_TYPE_MP3, CODEC_TYPE_NULL, Decoder, DecoderOptions,
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

/// Decoded audio: interleaved samples starting at listener time `t`.
pub struct Block<'a> {
    pub t: f64,
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
    t: f64,
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
    /// Stream time of the reader's timestamp 0 (an MP3 reader restarts at each seek).
    base_s: f64,
    /// Listener time minus stream time (MP3 encoder and decoder delay).
    lead_s: f64,
    exact: bool,
    /// Decoded samples before this listener time are dropped (the tail of an accurate seek).
    skip_until: f64,
    /// An approximate MP3 landing, (byte, stream time), until the bytes before it are cached.
    pending: Option<(u64, f64)>,
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
        let mut duration = params
            .n_frames
            .zip(params.sample_rate)
            .map(|(n, rate)| n as f64 / f64::from(rate));
        // Samples the codec puts before the audio (Opus's pre-skip, an encoder delay) are not
        // heard: listener time starts after them.
        let mut lead_s = match (params.delay, params.sample_rate) {
            (Some(delay), Some(rate)) if rate > 0 => f64::from(delay) / f64::from(rate),
            _ => 0.0,
        };
        if let Some(mp3) = &mp3 {
            reader = mp3
                .reader_at(&source, mp3.first_audio())
                .map_err(AudioError::Probe)?;
            track_id = reader.tracks().first().map_or(0, |t| t.id);
            duration = mp3.duration_s().or(duration);
            lead_s = mp3.lead_s();
        }
        Ok(Stream {
            source,
            origin,
            reader,
            decoder,
            track_id,
            time_base: params.time_base,
            mp3,
            base_s: 0.0,
            lead_s,
            exact: true,
            skip_until: f64::NEG_INFINITY,
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
            t: held.t,
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
            let rate = f64::from(spec.rate);
            let t0 = self.stream_time(packet.ts()) - self.lead_s;
            // Drop what lies before the seek target or before the listener's time 0 (an MP3's
            // encoder delay): the first sample handed out is then the one asked for.
            let skip_s = (self.skip_until - t0).max(-t0).max(0.0);
            let skip = ((skip_s * rate).round() as usize).min(frames);
            if skip == frames {
                continue;
            }
            return Ok(Some(Held {
                start: skip * channels,
                len: (frames - skip) * channels,
                t: t0 + skip as f64 / rate,
                exact: self.exact,
                channels,
            }));
        }
    }

    /// Stream time of a timestamp of the current reader.
    fn stream_time(&self, ts: u64) -> f64 {
        let from_reader = match self.time_base {
            Some(tb) => {
                let time = tb.calc_time(ts);
                time.seconds as f64 + time.frac
            }
            None if self.rate > 0 => ts as f64 / f64::from(self.rate),
            None => 0.0,
        };
        self.base_s + from_reader
    }
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
