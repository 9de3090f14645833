//! Seek tables as a piecewise-linear map between time and byte position.
//!
//! Both the Xing TOC (byte position of each whole percent of the duration) and the VBRI table
//! (bytes per run of frames) become a list of `(seconds, bytes into the audio)` points
//! that never decrease in either coordinate. Seeking interpolates along them, and reporting a
//! position after a seek interpolates the other way, so both directions agree and a later
//! time never maps to an earlier byte, even when a table is damaged.
//!
//! How LAME (and FFmpeg's muxer, which copies it) fills the Xing TOC decides where its points
//! really sit. Both keep a "bag" of at most 400 running byte sums, one every `want` frames
//! (`want` doubles, and the bag halves, whenever it fills), so bag entry `k` is the byte at the
//! end of frame `(k + 1)·want`. Entry `i` of the TOC is bag entry `⌊i·pos/100⌋` (`pos` bags in
//! use), scaled to 1/256ths of the stream and rounded DOWN. So:
//! - entry `i` stands for frame `(⌊i·pos/100⌋ + 1)·want`, up to `want` frames after `i` % of
//!   the duration (seconds late, on a long file), and
//! - its byte lies anywhere in `[entry, entry + 1)/256` of the stream: the middle of that step
//!   is the unbiased guess, where the entry itself is half a step early on average.
//!
//! Both matter. And where the bitrate is steady, a line through neighbouring entries places
//! them better than their rounded values do ([`dequantize`]). On a 30-minute noise-then-tones
//! file, reading entries as `i` % at `entry/256` landed up to 13 s early in the tones (RMS
//! 4.6 s); with the three corrections, RMS 2.0 s (the table's 1/256 step is 9 s of those tones).

use super::probe::Toc;

/// One point of the map: seconds from the start of the stream, bytes from the first audio frame.
pub(crate) type Point = (f64, f64);

/// Bags LAME and FFmpeg keep for the Xing TOC (see the module notes).
const XING_BAGS: u64 = 400;

/// Builds the map from `toc` for a stream of `duration` seconds (encoder delay and padding
/// included: the table's time axis) and `total_bytes` bytes of audio frames.
/// `frame_duration` is the length of one frame in seconds (VBRI counts in frames).
/// `lame_frames`: the stream's frame count when a LAME-style writer (LAME, FFmpeg) made the
/// Xing table, whose entries then sit at known frames rather than at whole percents.
pub(crate) fn points(
    toc: &Toc,
    duration: f64,
    total_bytes: f64,
    frame_duration: f64,
    lame_frames: Option<u64>,
) -> Vec<Point> {
    let mut points = Vec::with_capacity(102);
    match toc {
        Toc::Xing(entries) => {
            let bags = lame_frames.filter(|&f| f > 0).map(lame_bags);
            let mut highest = 0u8;
            points.push((0.0, 0.0));
            for (i, &entry) in entries.iter().enumerate().skip(1) {
                highest = highest.max(entry);
                let time = match bags {
                    Some((want, pos)) => {
                        let frame = (i as u64 * pos / 100 + 1) * want;
                        (frame as f64 * frame_duration).min(duration)
                    }
                    None => duration * i as f64 / 100.0,
                };
                // The middle of the 1/256 step the writer rounded down into.
                let byte = ((f64::from(highest) + 0.5) / 256.0 * total_bytes).min(total_bytes);
                points.push((time, byte));
            }
            dequantize(&mut points[1..], total_bytes / 256.0);
            // A time axis bent by the bags may not rise strictly: keep both axes monotonic.
            let mut latest = (0.0f64, 0.0f64);
            for p in &mut points {
                latest = (latest.0.max(p.0), latest.1.max(p.1));
                *p = latest;
            }
        }
        Toc::Vbri(table) => {
            let step = f64::from(table.frames_per_entry) * frame_duration;
            let mut sum = 0u64;
            points.push((0.0, 0.0));
            for (i, &bytes) in table.entry_bytes.iter().enumerate() {
                sum = sum.saturating_add(bytes);
                points.push(((i + 1) as f64 * step, sum as f64));
            }
        }
    }
    let (last_time, last_byte) = points.last().copied().unwrap_or((0.0, 0.0));
    if duration > last_time || points.len() < 2 {
        points.push((duration.max(last_time), total_bytes.max(last_byte)));
    }
    points
}

/// Entries each side of a Xing point that [`dequantize`] fits a line through.
const FIT_REACH: usize = 2;

/// Replaces each point's byte by a straight line fitted (least squares) through it and its
/// [`FIT_REACH`] neighbours each side, where that line passes within half a `step` of every one
/// of them: the bitrate is steady there, and the line is a better guess than the step the
/// writer rounded into. Where the bitrate changes, the points stay as they are.
fn dequantize(points: &mut [Point], step: f64) {
    let original = points.to_vec();
    for (j, point) in points.iter_mut().enumerate() {
        let window =
            &original[j.saturating_sub(FIT_REACH)..(j + FIT_REACH + 1).min(original.len())];
        let n = window.len() as f64;
        let mean_x = window.iter().map(|p| p.0).sum::<f64>() / n;
        let mean_y = window.iter().map(|p| p.1).sum::<f64>() / n;
        let sxx: f64 = window.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
        if window.len() < 3 || sxx <= 0.0 {
            continue;
        }
        let sxy: f64 = window.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
        let line = |x: f64| mean_y + sxy / sxx * (x - mean_x);
        let fits = window
            .iter()
            .all(|p| (line(p.0) - p.1).abs() <= step / 2.0 * (1.0 + 1e-9));
        if fits {
            point.1 = line(point.0);
        }
    }
}

/// The bag spacing `want` (frames) and bags in use `pos` when a LAME-style writer finished a
/// stream of `frames` frames: `want` doubled from 1 each time 400 bags filled.
fn lame_bags(frames: u64) -> (u64, u64) {
    let mut want = 1u64;
    while frames >= XING_BAGS.saturating_mul(want) && want < 1 << 40 {
        want *= 2;
    }
    (want, frames / want)
}

/// Interpolates `y` at `x` along `points` (sorted, non-decreasing in both coordinates),
/// clamping outside the covered range. Never decreases as `x` grows.
pub(crate) fn interpolate(points: &[Point], x: f64) -> Option<f64> {
    let (x0, y0) = *points.first()?;
    let (xn, yn) = *points.last()?;
    if x.is_nan() {
        return None;
    }
    if x <= x0 {
        return Some(y0);
    }
    if x >= xn {
        return Some(yn);
    }
    // Last point at or before x; it exists because x > x0, and a following one because x < xn.
    let i = points.partition_point(|p| p.0 <= x).checked_sub(1)?;
    let (xa, ya) = *points.get(i)?;
    let (xb, yb) = *points.get(i.checked_add(1)?)?;
    let width = xb - xa;
    if width <= 0.0 {
        return Some(yb);
    }
    let fraction = ((x - xa) / width).clamp(0.0, 1.0);
    // Clamp so rounding can never step past the next point.
    Some((ya + (yb - ya) * fraction).clamp(ya, yb))
}

/// The inverse of [`interpolate`]: `x` at which the map reaches `y`.
pub(crate) fn invert(points: &[Point], y: f64) -> Option<f64> {
    let swapped: Vec<Point> = points.iter().map(|&(x, y)| (y, x)).collect();
    interpolate(&swapped, y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::mp3::vbri::VbriToc;

    #[test]
    fn xing_table_maps_percent_to_bytes() {
        let toc: [u8; 100] = std::array::from_fn(|i| (i * 256 / 100) as u8);
        let pts = points(&Toc::Xing(toc), 100.0, 25_600.0, 0.026, None);
        assert_eq!(pts.len(), 101);
        assert_eq!(pts.first(), Some(&(0.0, 0.0)));
        assert_eq!(pts.last(), Some(&(100.0, 25_600.0)));
        // A steady table: the line through its rounded-down entries lies within 0.15 of a
        // step (100 bytes) of the true 2.56 steps per percent.
        let at_50 = interpolate(&pts, 50.0).unwrap();
        assert!((at_50 - 12_800.0).abs() <= 15.0, "{at_50}");
        let at_10_5 = interpolate(&pts, 10.5).unwrap();
        assert!((at_10_5 - 2_688.0).abs() <= 15.0, "{at_10_5}");
        assert!((invert(&pts, at_50).unwrap() - 50.0).abs() < 1e-9);
        assert_eq!(interpolate(&pts, -5.0), Some(0.0));
        assert_eq!(interpolate(&pts, 1e30), Some(25_600.0));
        assert_eq!(interpolate(&pts, f64::NAN), None);
    }

    #[test]
    fn where_the_bitrate_changes_entries_stay_in_the_middle_of_their_step() {
        // 4 steps per percent up to 50 %, then 1.
        let toc: [u8; 100] = std::array::from_fn(|i| if i <= 50 { 4 * i } else { 150 + i } as u8);
        let pts = points(&Toc::Xing(toc), 100.0, 25_600.0, 0.026, None);
        assert_eq!(pts[50], (50.0, 20_050.0));
        // Far from the change the lines fit again (here through the steps' middles).
        assert_eq!(pts[25], (25.0, 10_050.0));
    }

    #[test]
    fn damaged_xing_table_still_never_goes_back() {
        let mut toc = [0u8; 100];
        toc.iter_mut()
            .enumerate()
            .for_each(|(i, e)| *e = (i * 2) as u8);
        toc[40] = 3; // a dip
        let pts = points(&Toc::Xing(toc), 10.0, 1000.0, 0.026, Some(384));
        let mut last = 0.0;
        for k in 0..=1000 {
            let y = interpolate(&pts, f64::from(k) / 100.0).unwrap();
            assert!(y >= last, "went back at {k}");
            last = y;
        }
    }

    #[test]
    fn lame_bags_place_entries_at_their_frames() {
        // LAME's bag for a 30-minute stream: 256 frames apart, 269 in use.
        assert_eq!(lame_bags(68_908), (256, 269));
        assert_eq!(lame_bags(399), (1, 399));
        assert_eq!(lame_bags(400), (2, 200));
        let frame_s = 1152.0 / 44_100.0;
        let toc: [u8; 100] = std::array::from_fn(|i| (i * 256 / 100) as u8);
        let duration = 68_908.0 * frame_s;
        let pts = points(&Toc::Xing(toc), duration, 256.0, frame_s, Some(68_908));
        // Entry 1 is bag ⌊269/100⌋ = 2, the end of frame 3·256; entry 50 is bag 134.
        assert!((pts[1].0 - 768.0 * frame_s).abs() < 1e-9, "{:?}", pts[1]);
        assert!(
            (pts[50].0 - 135.0 * 256.0 * frame_s).abs() < 1e-9,
            "{:?}",
            pts[50]
        );
        assert_eq!(pts[50].1, 128.5);
        assert!(pts.windows(2).all(|w| w[0].0 <= w[1].0 && w[0].1 <= w[1].1));
        assert_eq!(pts.last(), Some(&(duration, 256.0)));
    }

    #[test]
    fn vbri_table_accumulates_runs_of_frames() {
        let table = VbriToc {
            frames_per_entry: 10,
            entry_bytes: vec![1000, 3000, 2000],
        };
        // 10 frames per entry of 0.1 s each: points at 0, 1, 2, 3 s; the stream goes on to 3.5 s.
        let pts = points(&Toc::Vbri(table), 3.5, 6500.0, 0.1, None);
        let expected = [
            (0.0, 0.0),
            (1.0, 1000.0),
            (2.0, 4000.0),
            (3.0, 6000.0),
            (3.5, 6500.0),
        ];
        for (p, e) in pts.iter().zip(expected) {
            assert!(
                (p.0 - e.0).abs() < 1e-12 && (p.1 - e.1).abs() < 1e-9,
                "{p:?} vs {e:?}"
            );
        }
        assert_eq!(pts.len(), expected.len());
        assert_eq!(interpolate(&pts, 1.5), Some(2500.0));
        assert_eq!(invert(&pts, 2500.0), Some(1.5));
    }

    #[test]
    fn flat_runs_and_empty_maps() {
        let pts = vec![(0.0, 0.0), (1.0, 0.0), (1.0, 5.0), (2.0, 10.0)];
        assert_eq!(interpolate(&pts, 1.0), Some(5.0));
        assert_eq!(interpolate(&pts, 0.5), Some(0.0));
        assert_eq!(invert(&pts, 0.0), Some(0.0));
        assert_eq!(interpolate(&[], 1.0), None);
        let one = points(&Toc::Xing([0; 100]), 0.0, 0.0, 0.0, None);
        assert_eq!(interpolate(&one, 3.0), Some(0.0));
    }
}
