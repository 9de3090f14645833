//! MPEG audio frame headers: the four bytes in front of every MP3 frame.
//!
//! Parses MPEG-1, MPEG-2 and MPEG-2.5 headers for Layers I, II and III, computes each frame's
//! length in bytes, and finds the first real frame in a buffer. A lone sync word is easy to
//! hit by chance inside tag remnants or audio data, so a header only counts when the header
//! right after it (at `offset + frame_len`) is valid and belongs to the same stream — unless the
//! buffer ends before that second header.

/// MPEG audio version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Mpeg1,
    Mpeg2,
    Mpeg25,
}

/// MPEG audio layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    One,
    Two,
    Three,
}

/// Channel mode of a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelMode {
    Stereo,
    JointStereo,
    DualChannel,
    Mono,
}

/// One decoded frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameHeader {
    pub version: Version,
    pub layer: Layer,
    /// A 16-bit CRC follows the header.
    pub crc_protected: bool,
    pub bitrate_kbps: u32,
    pub sample_rate: u32,
    pub mode: ChannelMode,
    pub padding: bool,
    /// Whole frame length in bytes, header included.
    pub frame_len: usize,
    /// PCM samples (per channel) that the frame decodes to.
    pub samples_per_frame: u32,
}

const BITRATES_V1_L1: [u32; 14] = [
    32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448,
];
const BITRATES_V1_L2: [u32; 14] = [
    32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,
];
const BITRATES_V1_L3: [u32; 14] = [
    32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
];
const BITRATES_V2_L1: [u32; 14] = [
    32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256,
];
const BITRATES_V2_L23: [u32; 14] = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

const RATES_V1: [u32; 3] = [44100, 48000, 32000];
const RATES_V2: [u32; 3] = [22050, 24000, 16000];
const RATES_V25: [u32; 3] = [11025, 12000, 8000];

/// Parses a frame header. Rejects a missing sync word, reserved version/layer/sample-rate or
/// emphasis values, and the free-format and "bad" bitrate indices (a free-format stream has no
/// computable frame length, so it cannot be walked or seeked by arithmetic).
pub fn parse_header(bytes: [u8; 4]) -> Option<FrameHeader> {
    let [b0, b1, b2, b3] = bytes;
    if b0 != 0xFF || b1 & 0xE0 != 0xE0 {
        return None;
    }
    let version = match (b1 >> 3) & 0b11 {
        0b00 => Version::Mpeg25,
        0b10 => Version::Mpeg2,
        0b11 => Version::Mpeg1,
        _ => return None,
    };
    let layer = match (b1 >> 1) & 0b11 {
        0b01 => Layer::Three,
        0b10 => Layer::Two,
        0b11 => Layer::One,
        _ => return None,
    };
    if b3 & 0b11 == 0b10 {
        return None; // reserved emphasis
    }
    let bitrate_index = usize::from(b2 >> 4);
    let table = match (version, layer) {
        (Version::Mpeg1, Layer::One) => &BITRATES_V1_L1,
        (Version::Mpeg1, Layer::Two) => &BITRATES_V1_L2,
        (Version::Mpeg1, Layer::Three) => &BITRATES_V1_L3,
        (_, Layer::One) => &BITRATES_V2_L1,
        (_, _) => &BITRATES_V2_L23,
    };
    // Index 0 is free format and 15 is forbidden; 1..=14 map onto the table.
    let bitrate_kbps = *table.get(bitrate_index.checked_sub(1)?)?;
    let rates = match version {
        Version::Mpeg1 => &RATES_V1,
        Version::Mpeg2 => &RATES_V2,
        Version::Mpeg25 => &RATES_V25,
    };
    let sample_rate = *rates.get(usize::from((b2 >> 2) & 0b11))?;
    let padding = b2 & 0b10 != 0;
    let mode = match b3 >> 6 {
        0 => ChannelMode::Stereo,
        1 => ChannelMode::JointStereo,
        2 => ChannelMode::DualChannel,
        _ => ChannelMode::Mono,
    };
    let samples_per_frame = match (layer, version) {
        (Layer::One, _) => 384,
        (Layer::Two, _) | (Layer::Three, Version::Mpeg1) => 1152,
        (Layer::Three, _) => 576,
    };
    let pad = u32::from(padding);
    let frame_len = match layer {
        // Layer I counts in 4-byte slots: 12 slots' worth per 384 samples.
        Layer::One => (12 * bitrate_kbps * 1000 / sample_rate + pad) * 4,
        _ => samples_per_frame / 8 * bitrate_kbps * 1000 / sample_rate + pad,
    };
    Some(FrameHeader {
        version,
        layer,
        crc_protected: b1 & 1 == 0,
        bitrate_kbps,
        sample_rate,
        mode,
        padding,
        frame_len: usize::try_from(frame_len).ok()?,
        samples_per_frame,
    })
}

impl FrameHeader {
    /// Number of audio channels.
    pub fn channels(&self) -> u8 {
        if self.mode == ChannelMode::Mono { 1 } else { 2 }
    }

    /// Seconds of audio in one frame.
    pub fn frame_duration_s(&self) -> f64 {
        f64::from(self.samples_per_frame) / f64::from(self.sample_rate)
    }

    /// Bytes of Layer III side information after the header (and its CRC, if any); 0 for
    /// Layers I and II. The Xing/Info tag sits right after it.
    pub fn side_info_len(&self) -> usize {
        match (self.layer, self.version, self.mode == ChannelMode::Mono) {
            (Layer::Three, Version::Mpeg1, true) => 17,
            (Layer::Three, Version::Mpeg1, false) => 32,
            (Layer::Three, _, true) => 9,
            (Layer::Three, _, false) => 17,
            _ => 0,
        }
    }

    /// Average bytes per frame at this bitrate as an exact fraction `(numerator, denominator)`:
    /// `bitrate * 1000 / 8 * samples_per_frame / sample_rate`. Padding makes single frames one
    /// byte (Layer I: one slot) longer now and then so that the stream averages out to this.
    pub fn avg_frame_len_ratio(&self) -> (u64, u64) {
        let num = u64::from(self.bitrate_kbps) * 125 * u64::from(self.samples_per_frame);
        (num, u64::from(self.sample_rate))
    }

    /// True when `next` can follow this header in the same stream: same version, layer,
    /// sample rate and mono/stereo. Bitrate, padding and stereo flavour may change (VBR).
    pub fn same_stream(&self, next: &FrameHeader) -> bool {
        self.version == next.version
            && self.layer == next.layer
            && self.sample_rate == next.sample_rate
            && (self.mode == ChannelMode::Mono) == (next.mode == ChannelMode::Mono)
    }
}

/// Reads and parses the header at `offset`, if four bytes are there.
pub fn header_at(data: &[u8], offset: usize) -> Option<FrameHeader> {
    let end = offset.checked_add(4)?;
    let bytes: [u8; 4] = data.get(offset..end)?.try_into().ok()?;
    parse_header(bytes)
}

/// True when the frame at `offset` is confirmed by a matching header right after it, or when
/// the buffer ends before that header could be read.
fn confirmed(data: &[u8], offset: usize, header: &FrameHeader) -> bool {
    let Some(next) = offset.checked_add(header.frame_len) else {
        return false;
    };
    match next.checked_add(4) {
        Some(end) if end <= data.len() => {
            header_at(data, next).is_some_and(|n| header.same_stream(&n))
        }
        _ => true,
    }
}

/// Finds the first frame whose header is valid and, when the buffer is long enough, is
/// followed by a consistent header at `offset + frame_len`. Returns its offset and header.
pub fn find_first_frame(data: &[u8]) -> Option<(usize, FrameHeader)> {
    let mut from = 0usize;
    loop {
        let rest = data.get(from..)?;
        let at = from.checked_add(rest.iter().position(|&b| b == 0xFF)?)?;
        if let Some(header) = header_at(data, at)
            && confirmed(data, at, &header)
        {
            return Some((at, header));
        }
        from = at.checked_add(1)?;
    }
}

/// Finds where decoding can start in bytes read from an arbitrary file position (after a
/// seek): the offset of the first confirmed frame header in `data`. Give it at least two
/// frames' worth of bytes (about 3 KB covers every bitrate) so the check on the following
/// header can run; a header at the very end of a short buffer is accepted unconfirmed.
pub fn resync(data: &[u8]) -> Option<usize> {
    find_first_frame(data).map(|(offset, _)| offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(header: [u8; 4]) -> Vec<u8> {
        let len = parse_header(header).unwrap().frame_len;
        let mut f = header.to_vec();
        f.resize(len, 0);
        f
    }

    #[test]
    fn mpeg1_layer3_128k() {
        let h = parse_header([0xFF, 0xFB, 0x90, 0x64]).unwrap();
        assert_eq!(h.version, Version::Mpeg1);
        assert_eq!(h.layer, Layer::Three);
        assert_eq!((h.bitrate_kbps, h.sample_rate), (128, 44100));
        assert_eq!(h.mode, ChannelMode::JointStereo);
        assert!(!h.crc_protected && !h.padding);
        assert_eq!((h.frame_len, h.samples_per_frame), (417, 1152));
        assert_eq!(h.side_info_len(), 32);
        let padded = parse_header([0xFF, 0xFB, 0x92, 0x64]).unwrap();
        assert_eq!(padded.frame_len, 418);
        assert_eq!(h.avg_frame_len_ratio(), (128 * 125 * 1152, 44100));
    }

    #[test]
    fn mpeg2_and_mpeg25_layer3() {
        let h = parse_header([0xFF, 0xF3, 0x40, 0xC4]).unwrap();
        assert_eq!(
            (h.version, h.bitrate_kbps, h.sample_rate),
            (Version::Mpeg2, 32, 22050)
        );
        assert_eq!((h.mode, h.channels()), (ChannelMode::Mono, 1));
        assert_eq!(
            (h.frame_len, h.samples_per_frame, h.side_info_len()),
            (104, 576, 9)
        );
        let h = parse_header([0xFF, 0xE3, 0x88, 0x00]).unwrap();
        assert_eq!(
            (h.version, h.bitrate_kbps, h.sample_rate),
            (Version::Mpeg25, 64, 8000)
        );
        assert_eq!(
            (h.frame_len, h.samples_per_frame, h.side_info_len()),
            (576, 576, 17)
        );
        assert!((h.frame_duration_s() - 0.072).abs() < 1e-12);
    }

    #[test]
    fn layer1_and_layer2() {
        let h = parse_header([0xFF, 0xFF, 0x90, 0x00]).unwrap();
        assert_eq!(
            (h.layer, h.bitrate_kbps, h.samples_per_frame),
            (Layer::One, 288, 384)
        );
        assert_eq!(h.frame_len, 312); // floor(12 * 288000 / 44100) = 78 slots
        assert_eq!(
            parse_header([0xFF, 0xFF, 0x92, 0x00]).unwrap().frame_len,
            316
        );
        let h = parse_header([0xFF, 0xFD, 0xA0, 0x00]).unwrap();
        assert_eq!(
            (h.layer, h.bitrate_kbps, h.samples_per_frame),
            (Layer::Two, 192, 1152)
        );
        assert_eq!((h.frame_len, h.side_info_len()), (626, 0));
        let h = parse_header([0xFF, 0xF5, 0xD0, 0x00]).unwrap(); // MPEG-2 Layer II
        assert_eq!(
            (h.version, h.bitrate_kbps, h.sample_rate),
            (Version::Mpeg2, 144, 22050)
        );
        assert_eq!((h.samples_per_frame, h.frame_len), (1152, 940)); // 144 * 144000 / 22050
    }

    #[test]
    fn rejects_reserved_and_free_format() {
        let ok = [0xFF, 0xFB, 0x90, 0x64];
        assert!(parse_header(ok).is_some());
        for bad in [
            [0xFE, 0xFB, 0x90, 0x64], // no sync
            [0xFF, 0xCB, 0x90, 0x64], // sync 10 bits only
            [0xFF, 0xEB, 0x90, 0x64], // version 01 reserved
            [0xFF, 0xF9, 0x90, 0x64], // layer 00 reserved
            [0xFF, 0xFB, 0x00, 0x64], // free format
            [0xFF, 0xFB, 0xF0, 0x64], // bitrate index 15
            [0xFF, 0xFB, 0x9C, 0x64], // sample rate 11 reserved
            [0xFF, 0xFB, 0x90, 0x66], // emphasis 10 reserved
        ] {
            assert_eq!(parse_header(bad), None, "{bad:02X?}");
        }
    }

    #[test]
    fn first_frame_needs_a_matching_follower() {
        let good = frame([0xFF, 0xFB, 0x90, 0x64]);
        let mut data = vec![0x00, 0x49, 0x44];
        // A lone valid header whose successor position holds junk.
        data.extend_from_slice(&[0xFF, 0xFB, 0x90, 0x64, 0x01, 0x02]);
        data.resize(data.len() + 500, 0x11);
        let real = data.len();
        for _ in 0..3 {
            data.extend_from_slice(&good);
        }
        assert_eq!(find_first_frame(&data).map(|(o, _)| o), Some(real));
        assert_eq!(resync(&data), Some(real));
    }

    #[test]
    fn follower_must_be_the_same_stream() {
        let mut data = frame([0xFF, 0xFB, 0x90, 0x64]); // 44.1 kHz
        data.extend_from_slice(&frame([0xFF, 0xFB, 0x94, 0x64])); // 48 kHz
        // The 44.1 kHz frame is rejected; the 48 kHz one ends the buffer, so nothing refutes it.
        assert_eq!(find_first_frame(&data).map(|(o, _)| o), Some(417));
        data.extend_from_slice(&[0; 8]);
        assert_eq!(find_first_frame(&data), None);
        // Bitrate and stereo flavour may change between frames.
        let mut vbr = frame([0xFF, 0xFB, 0x90, 0x64]);
        vbr.extend_from_slice(&frame([0xFF, 0xFB, 0xB0, 0x04]));
        assert_eq!(find_first_frame(&vbr).map(|(o, _)| o), Some(0));
    }

    #[test]
    fn short_or_empty_buffers() {
        assert_eq!(find_first_frame(&[]), None);
        assert_eq!(find_first_frame(&[0xFF]), None);
        assert_eq!(find_first_frame(&[0xFF, 0xFB, 0x90]), None);
        // A header at the very end is accepted: nothing after it can contradict it.
        assert_eq!(
            find_first_frame(&[0, 0xFF, 0xFB, 0x90, 0x64]).map(|(o, _)| o),
            Some(1)
        );
        assert_eq!(header_at(&[0xFF, 0xFB, 0x90, 0x64], usize::MAX), None);
    }
}
