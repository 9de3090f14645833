//! Duration and seek math for an MP3 stream: which byte to fetch for a time, and which time a
//! byte stands for.
//!
//! MP3 frames carry no timestamps, so a byte position maps to a time only by arithmetic:
//! - Constant bitrate: frame `n` starts `n` average frame lengths after the first audio frame,
//!   so a seek lands on a known frame and its time is exact.
//! - VBR with a Xing or VBRI table: interpolate the table. The frame found there is only near
//!   the requested time, so the result is flagged [`Estimate::Approximate`].
//! - VBR without a table: assume the bytes spread evenly over the duration (or flow at the
//!   probed bitrate) — also approximate.
//!
//! Times here run on the stream's own timeline: 0 is the start of the first audio frame, and
//! encoder delay is not subtracted (decoders report positions the same way). Only
//! [`duration_s`] removes encoder delay and padding, to give the length a listener hears.
//!
//! `file_len` is the whole file's length (a Range response's total, not the bytes fetched so
//! far), less any trailing ID3v1/APE tag the caller knows of; `None` when unknown.
//!
//! After fetching from the returned byte, find the first frame with
//! [`resync`](super::frame::resync) and decode from there. For CBR that frame is the one whose
//! time was returned; [`time_for_byte`] on its offset gives the same time back.

use super::probe::StreamInfo;
use super::toc;

/// Whether a returned time is exact or an estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Estimate {
    Exact,
    Approximate,
}

/// Seconds of audio the stream's frames cover, per the tag's frame count (encoder delay and
/// padding included).
fn frames_duration(info: &StreamInfo) -> Option<f64> {
    let frames = info.frames.filter(|&f| f > 0)?;
    Some(f64::from(frames) * info.header.frame_duration_s())
}

/// End of the audio in the file: the tag's byte count when it fits the file, else `file_len`.
fn audio_end(info: &StreamInfo, file_len: Option<u64>) -> Option<u64> {
    let from_tag = info
        .bytes
        .filter(|&b| b > 0)
        .and_then(|b| info.first_frame_offset.checked_add(b))
        .filter(|&end| file_len.is_none_or(|len| end <= len));
    from_tag.or(file_len)
}

/// Length of the stream in seconds as a listener hears it. From the tag's frame count when
/// known (minus the encoder delay and padding LAME records), else, for a constant bitrate,
/// from the audio bytes (`file_len` minus where the audio starts) and the bitrate. `None` for a
/// VBR stream without a frame count: only a full scan could tell.
pub fn duration_s(info: &StreamInfo, file_len: Option<u64>) -> Option<f64> {
    let sample_rate = f64::from(info.header.sample_rate);
    if let Some(frames) = info.frames.filter(|&f| f > 0) {
        let samples = u64::from(frames).saturating_mul(u64::from(info.header.samples_per_frame));
        let trim = u64::from(info.encoder_delay.unwrap_or(0))
            + u64::from(info.encoder_padding.unwrap_or(0));
        return Some(samples.saturating_sub(trim) as f64 / sample_rate);
    }
    if !info.is_cbr {
        return None;
    }
    let audio = audio_end(info, file_len)?.saturating_sub(info.first_audio_offset());
    Some(audio as f64 * 8.0 / (f64::from(info.header.bitrate_kbps) * 1000.0))
}

/// Where to start reading to play from `t` seconds: `(byte offset in the file, the time that
/// offset stands for, exactness)`. `t` is clamped to the stream; `None` if `t` is NaN or the
/// stream gives nothing to go on (VBR with no table, no frame count and no probed bitrate).
pub fn byte_for_time(
    info: &StreamInfo,
    file_len: Option<u64>,
    t: f64,
) -> Option<(u64, f64, Estimate)> {
    if t.is_nan() {
        return None;
    }
    let t = t.max(0.0);
    if info.is_cbr {
        return Some(cbr_byte_for_time(info, file_len, t));
    }
    let start = info.first_audio_offset();
    if let Some(points) = table_points(info, file_len) {
        let time = t.min(points.last().map_or(0.0, |p| p.0));
        let offset = toc::interpolate(&points, time)?;
        return Some((to_byte(start as f64 + offset), time, Estimate::Approximate));
    }
    let (time, byte) = match even_spread(info, file_len) {
        Some((duration, end)) => {
            let time = t.min(duration);
            let share = if duration > 0.0 { time / duration } else { 0.0 };
            (
                time,
                start as f64 + share * end.saturating_sub(start) as f64,
            )
        }
        None => {
            let rate = bytes_per_second(info)?;
            let byte = start as f64 + t * rate;
            let end = file_len.map_or(f64::INFINITY, |len| len as f64);
            let byte = byte.min(end.max(start as f64));
            (((byte - start as f64) / rate).min(t), byte)
        }
    };
    Some((to_byte(byte), time, Estimate::Approximate))
}

/// The time `byte` stands for, the inverse of [`byte_for_time`]. For CBR the time is exact
/// when `byte` is the start of a frame (as [`resync`](super::frame::resync) finds); bytes
/// before the first audio frame map to 0.
pub fn time_for_byte(
    info: &StreamInfo,
    file_len: Option<u64>,
    byte: u64,
) -> Option<(f64, Estimate)> {
    if info.is_cbr {
        return Some(cbr_time_for_byte(info, file_len, byte));
    }
    let start = info.first_audio_offset();
    if let Some(points) = table_points(info, file_len) {
        let offset = byte.saturating_sub(start) as f64;
        return Some((toc::invert(&points, offset)?, Estimate::Approximate));
    }
    let into = byte.saturating_sub(start) as f64;
    let time = match even_spread(info, file_len) {
        Some((duration, end)) => {
            let span = end.saturating_sub(start) as f64;
            if span > 0.0 {
                (into / span).min(1.0) * duration
            } else {
                0.0
            }
        }
        None => into / bytes_per_second(info)?,
    };
    Some((time, Estimate::Approximate))
}

fn to_byte(x: f64) -> u64 {
    // Float-to-int casts saturate (and map NaN to 0), which is the clamping wanted here.
    x.floor() as u64
}

/// Frames in a CBR stream: the tag's count, else the audio bytes over the average frame length.
fn cbr_total_frames(info: &StreamInfo, file_len: Option<u64>) -> Option<u64> {
    if let Some(frames) = info.frames {
        return Some(u64::from(frames));
    }
    let audio = audio_end(info, file_len)?.saturating_sub(info.first_audio_offset());
    let (num, den) = info.header.avg_frame_len_ratio();
    let rounded =
        (u128::from(audio) * u128::from(den) * 2 + u128::from(num)) / (2 * u128::from(num));
    Some(u64::try_from(rounded).unwrap_or(u64::MAX))
}

/// Bytes from the first audio frame to the nominal start of frame `n`, rounded down.
fn cbr_frame_start(info: &StreamInfo, n: u64) -> u64 {
    let (num, den) = info.header.avg_frame_len_ratio();
    let bytes = u128::from(n) * u128::from(num) / u128::from(den);
    u64::try_from(bytes).unwrap_or(u64::MAX)
}

fn cbr_byte_for_time(info: &StreamInfo, file_len: Option<u64>, t: f64) -> (u64, f64, Estimate) {
    let spf = f64::from(info.header.samples_per_frame);
    let rate = f64::from(info.header.sample_rate);
    let mut n = (t * rate / spf).floor() as u64;
    if let Some(total) = cbr_total_frames(info, file_len) {
        n = n.min(total.saturating_sub(1));
    }
    // Padding makes real frame starts wander a byte around the nominal one, so start one byte
    // early: the resync then finds frame n's own header rather than frame n + 1's.
    let into = cbr_frame_start(info, n).saturating_sub(u64::from(n > 0));
    let byte = info.first_audio_offset().saturating_add(into);
    (byte, n as f64 * spf / rate, Estimate::Exact)
}

fn cbr_time_for_byte(info: &StreamInfo, file_len: Option<u64>, byte: u64) -> (f64, Estimate) {
    let into = byte.saturating_sub(info.first_audio_offset());
    let (num, den) = info.header.avg_frame_len_ratio();
    let rounded =
        (u128::from(into) * u128::from(den) * 2 + u128::from(num)) / (2 * u128::from(num));
    let mut n = u64::try_from(rounded).unwrap_or(u64::MAX);
    if let Some(total) = cbr_total_frames(info, file_len) {
        n = n.min(total.saturating_sub(1));
    }
    let spf = f64::from(info.header.samples_per_frame);
    (
        n as f64 * spf / f64::from(info.header.sample_rate),
        Estimate::Exact,
    )
}

/// The seek table as a time → bytes-from-the-first-audio-frame map, when there is a table, a
/// frame count (the table's time axis) and a byte count or file length (its byte axis). Both
/// tables describe the audio frames only: LAME builds the Xing TOC from the audio frames'
/// sizes, and readers derived from Fraunhofer's add VBRI positions to the first audio frame.
fn table_points(info: &StreamInfo, file_len: Option<u64>) -> Option<Vec<toc::Point>> {
    let table = info.toc.as_ref()?;
    let duration = frames_duration(info)?;
    let total = audio_end(info, file_len)?.saturating_sub(info.first_audio_offset());
    let frame_duration = info.header.frame_duration_s();
    // A LAME tag (LAME and FFmpeg both write one) says how the Xing table was filled.
    let lame_frames = info.encoder_delay.and(info.frames).map(u64::from);
    Some(toc::points(
        table,
        duration,
        total as f64,
        frame_duration,
        lame_frames,
    ))
}

/// Duration and audio end for spreading bytes evenly over time: needs a frame count.
fn even_spread(info: &StreamInfo, file_len: Option<u64>) -> Option<(f64, u64)> {
    Some((frames_duration(info)?, audio_end(info, file_len)?))
}

/// Bytes per second at the probed average bitrate.
fn bytes_per_second(info: &StreamInfo) -> Option<f64> {
    let rate = info.probed_kbps * 125.0;
    (rate.is_finite() && rate > 0.0).then_some(rate)
}
