//! Test signals and measures for the DSP stages: tones, noise, frequency by zero crossings,
//! and the largest sample-to-sample jump.

use std::f64::consts::TAU;

/// `seconds` of a sine of `freq` Hz at `amp`, on `channels` interleaved channels.
pub(crate) fn tone(freq: f64, amp: f64, seconds: f64, rate: u32, channels: usize) -> Vec<f32> {
    let frames = (seconds * f64::from(rate)).round() as usize;
    let mut out = Vec::with_capacity(frames * channels);
    for i in 0..frames {
        let v = (amp * (TAU * freq * i as f64 / f64::from(rate)).sin()) as f32;
        out.extend(std::iter::repeat_n(v, channels));
    }
    out
}

/// `seconds` of white noise with RMS `rms`, deterministic (xorshift).
pub(crate) fn noise(rms: f64, seconds: f64, rate: u32, channels: usize, seed: u64) -> Vec<f32> {
    let frames = (seconds * f64::from(rate)).round() as usize;
    let mut state = seed | 1;
    // Uniform in [-1, 1) has RMS 1/√3.
    let scale = rms * 3f64.sqrt();
    (0..frames * channels)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            ((u * 2.0 - 1.0) * scale) as f32
        })
        .collect()
}

/// Channel `c` of interleaved audio.
pub(crate) fn channel(samples: &[f32], channels: usize, c: usize) -> Vec<f32> {
    samples.iter().skip(c).step_by(channels).copied().collect()
}

/// Frequency of a mono tone from the mean distance between rising zero crossings (interpolated
/// between samples), skipping `skip` samples at each end.
pub(crate) fn frequency(mono: &[f32], rate: u32, skip: usize) -> f64 {
    let end = mono.len().saturating_sub(skip);
    let part = &mono[skip.min(end)..end];
    let mut crossings = Vec::new();
    for (i, w) in part.windows(2).enumerate() {
        if w[0] < 0.0 && w[1] >= 0.0 {
            let frac = f64::from(-w[0]) / f64::from(w[1] - w[0]);
            crossings.push(i as f64 + frac);
        }
    }
    if crossings.len() < 2 {
        return 0.0;
    }
    let periods = (crossings.len() - 1) as f64;
    let span = crossings[crossings.len() - 1] - crossings[0];
    f64::from(rate) * periods / span
}

/// The largest jump between neighbouring samples of a mono signal.
pub(crate) fn max_step(mono: &[f32]) -> f32 {
    mono.windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(0.0, f32::max)
}

/// RMS of a slice.
pub(crate) fn rms(samples: &[f32]) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    let sum: f64 = samples.iter().map(|&s| f64::from(s) * f64::from(s)).sum();
    (sum / samples.len() as f64).sqrt()
}

#[test]
fn measures_measure() {
    let t = tone(440.0, 0.5, 1.0, 44_100, 1);
    assert!((frequency(&t, 44_100, 0) - 440.0).abs() < 0.05);
    // The steepest step of a sine is amp · 2π f / rate.
    let expected = 0.5 * TAU * 440.0 / 44_100.0;
    assert!((f64::from(max_step(&t)) - expected).abs() < 1e-3);
    assert!((rms(&noise(0.1, 1.0, 44_100, 1, 7)) - 0.1).abs() < 0.002);
}
