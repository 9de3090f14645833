//! Seeking in an MP3 by our own byte math instead of symphonia's.
//!
//! symphonia 0.5 either reads every frame up to the target (far too slow over the network) or
//! guesses the byte from the file length and reports the requested time (minutes off on VBR).
//! Here a seek picks the byte itself and starts a fresh reader on the frame found there:
//! - constant bitrate: frame `n` sits `n` average frame lengths in, so the landing is exact;
//! - VBR on a local file or a cached range: walk the frame headers to frame `n` — exact;
//! - VBR over the network: interpolate the Xing/VBRI table — approximate, and said so, until
//!   the bytes before the landing are cached and a walk can tell which frame it really was.
//!
//! Times come in two timelines, both counted in samples (frames of audio at the stream's rate,
//! so they add up exactly). The stream's starts at the first audio frame; the listener's starts
//! at the first sample the encoder was given, `lead` later: LAME's encoder delay plus the
//! 529-sample decoder delay. Seeks take and report the listener's sample.

use std::io;

use symphonia::core::formats::{FormatOptions, FormatReader};
use symphonia::core::io::{MediaSourceStream, MediaSourceStreamOptions};
use symphonia::default::formats::MpaReader;

use super::frame_index::FrameIndex;
use super::mp3::{self, Estimate, StreamInfo, TagKind};
use super::shared_source::SharedSource;

/// Bytes read after the ID3v2 tag to find the first frame and its Xing/Info/VBRI tag, which
/// say all seeking needs (the largest frame is 1441 bytes).
const FIRST_FRAME_BYTES: usize = 4 * 1024;
/// Bytes read after the ID3v2 tag to probe a stream without such a tag: walking its frames
/// tells whether the bitrate is constant.
const PROBE_BYTES: usize = 32 * 1024;
/// Bytes read at a seek target to find the frame there (two frames at any bitrate, and more).
const RESYNC_BYTES: usize = 8 * 1024;
/// Bytes of earlier frames a Layer III frame's data may start in (`main_data_begin`).
const MAX_RESERVOIR: f64 = 511.0;
/// Samples the MP3 synthesis filter delays its output by.
const DECODER_DELAY: u32 = 529;
/// Bytes beyond the table's estimate that must be cached before walking frames to a VBR target.
const WALK_MARGIN: u64 = 512 * 1024;

/// Where a seek lands: a frame start and the stream sample it plays at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Landing {
    pub byte: u64,
    /// Stream sample of the first sample of the frame at `byte`.
    pub stream_sample: u64,
    pub exact: bool,
}

/// What seeking an MP3 needs to know, read once from its head.
pub struct Mp3Stream {
    info: StreamInfo,
    file_len: Option<u64>,
    index: FrameIndex,
    lead: u64,
}

impl Mp3Stream {
    /// Reads the head of `source` (past any ID3v2 tag) and probes it; `None` when no MPEG
    /// audio frame is there.
    pub fn probe(source: &SharedSource) -> io::Result<Option<Self>> {
        let mut head = [0u8; 10];
        let n = source.read_at(0, &mut head)?;
        let audio_start = mp3::id3v2_len(&head[..n]).unwrap_or(0);
        // Over the network the first frame is usually in the bytes already fetched with the
        // tag; only a stream without a seek tag needs more to walk.
        let probe = |len: usize| -> io::Result<Option<StreamInfo>> {
            let mut buf = vec![0u8; len];
            let n = source.read_at(audio_start, &mut buf)?;
            Ok(mp3::probe(&buf[..n], audio_start))
        };
        let info = match probe(FIRST_FRAME_BYTES)? {
            Some(info) if info.tag != TagKind::None => Some(info),
            _ => probe(PROBE_BYTES)?,
        };
        let Some(info) = info else {
            return Ok(None);
        };
        let file_len = source.len();
        let end = info
            .bytes
            .and_then(|b| info.first_frame_offset.checked_add(b))
            .filter(|&end| file_len.is_none_or(|len| end <= len))
            .or(file_len);
        let index = FrameIndex::new(info.first_audio_offset(), info.header, end);
        let lead = info
            .encoder_delay
            .map_or(0, |delay| u64::from(delay) + u64::from(DECODER_DELAY));
        Ok(Some(Self {
            info,
            file_len,
            index,
            lead,
        }))
    }

    /// Samples from the stream's timeline to the listener's.
    pub fn lead(&self) -> u64 {
        self.lead
    }

    /// Samples per second.
    pub fn rate(&self) -> u32 {
        self.info.header.sample_rate
    }

    /// How far before a target to start decoding so that the target's frame decodes whole:
    /// its bit reservoir (up to 511 bytes of earlier frames) and the previous granule, which
    /// the overlap-add needs. Decoding straight from the target's frame gives a frame of
    /// silence and a ramp instead.
    pub fn preroll(&self) -> u64 {
        let header = &self.info.header;
        let (num, den) = header.avg_frame_len_ratio();
        let nominal = num as f64 / den as f64;
        let probed = self.info.probed_kbps * 125.0 * header.frame_duration_s();
        let frame_bytes = if probed.is_finite() && probed > 0.0 {
            probed
        } else {
            nominal
        };
        let frames = 1.0 + (MAX_RESERVOIR / frame_bytes.max(1.0)).ceil();
        // At most 10 frames: the float conversion cannot overflow.
        frames.clamp(2.0, 10.0) as u64 * u64::from(header.samples_per_frame)
    }

    /// Length as the listener hears it, when the stream tells.
    pub fn duration_s(&self) -> Option<f64> {
        mp3::duration_s(&self.info, self.file_len)
    }

    /// First byte of audio (after the tag frame).
    pub fn first_audio(&self) -> u64 {
        self.info.first_audio_offset()
    }

    /// Where to start decoding to hear the listener's sample `sample`. `can_walk(end)` says
    /// whether the bytes from the first audio frame up to `end` are at hand (local or cached),
    /// which makes a VBR landing exact. `None` when the stream gives nothing to seek by.
    pub fn locate(
        &mut self,
        source: &SharedSource,
        sample: i64,
        can_walk: &dyn Fn(u64) -> bool,
    ) -> io::Result<Option<Landing>> {
        let stream_sample = sample
            .saturating_add_unsigned(self.lead)
            .max(0)
            .unsigned_abs();
        let target = stream_sample as f64 / f64::from(self.rate());
        let estimate = mp3::byte_for_time(&self.info, self.file_len, target);
        if !self.info.is_cbr {
            let walk_end = estimate.map_or(u64::MAX, |(byte, ..)| byte.saturating_add(WALK_MARGIN));
            if can_walk(walk_end) {
                return self.walk_to(source, stream_sample);
            }
        }
        let Some((byte, time, estimate)) = estimate else {
            return Ok(None);
        };
        let landed = self.resync_at(source, byte)?;
        let stream_t = mp3::time_for_byte(&self.info, self.file_len, landed).map_or(time, |t| t.0);
        Ok(Some(Landing {
            byte: landed,
            stream_sample: self.sample_at(stream_t),
            exact: estimate == Estimate::Exact,
        }))
    }

    /// The exact stream sample of the frame at `byte`, by walking the frame headers up to it.
    /// `None` when `byte` is not a frame start the walk reaches.
    pub fn exact_sample_of(&mut self, source: &SharedSource, byte: u64) -> io::Result<Option<u64>> {
        self.index.extend_to_byte(source, byte)?;
        let frame = self
            .index
            .frame_at_byte(byte)
            .filter(|&n| self.index.offset(n) == Some(byte));
        Ok(frame.map(|n| self.frame_start(n)))
    }

    /// A reader whose first packet is the frame at `byte`; its timestamps count from there.
    pub fn reader_at(
        &self,
        source: &SharedSource,
        byte: u64,
    ) -> symphonia::core::errors::Result<Box<dyn FormatReader>> {
        let stream = MediaSourceStream::new(
            Box::new(source.view_from(byte)),
            MediaSourceStreamOptions::default(),
        );
        let options = FormatOptions {
            enable_gapless: false,
            ..Default::default()
        };
        Ok(Box::new(MpaReader::try_new(stream, &options)?))
    }

    fn walk_to(
        &mut self,
        source: &SharedSource,
        stream_sample: u64,
    ) -> io::Result<Option<Landing>> {
        let per_frame = u64::from(self.info.header.samples_per_frame.max(1));
        // A huge target means "the last frame".
        let wanted = usize::try_from(stream_sample / per_frame).unwrap_or(usize::MAX);
        self.index.extend_to_frame(source, wanted)?;
        let Some(last) = self.index.len().checked_sub(1) else {
            return Ok(None);
        };
        let n = wanted.min(last);
        Ok(self.index.offset(n).map(|byte| Landing {
            byte,
            stream_sample: self.frame_start(n),
            exact: true,
        }))
    }

    /// Stream sample of the first sample of frame `n`.
    fn frame_start(&self, n: usize) -> u64 {
        (n as u64).saturating_mul(u64::from(self.info.header.samples_per_frame))
    }

    /// The stream sample nearest to stream time `t` (the seek math's times are in seconds).
    fn sample_at(&self, t: f64) -> u64 {
        // Saturating float-to-int conversion; negative times are sample 0.
        (t * f64::from(self.rate())).round().max(0.0) as u64
    }

    /// The first confirmed frame start at or after `byte`.
    fn resync_at(&self, source: &SharedSource, byte: u64) -> io::Result<u64> {
        let mut buf = vec![0u8; RESYNC_BYTES];
        let n = source.read_at(byte, &mut buf)?;
        Ok(mp3::resync(&buf[..n]).map_or(byte, |skip| byte + skip as u64))
    }
}
