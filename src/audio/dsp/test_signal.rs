//! Test signals and measures for the DSP stages: tones, noise, frequency by zero crossings,
//! and the largest sample-to-sample jump; and a stage run over a signal piece by piece.

use std::f64::consts::TAU;

use super::{Leveller, SilenceTrimmer};

/// The runs a stage hands out: (episode time of the first frame, frames).
pub(crate) type Runs = Vec<(f64, usize)>;

/// A stage that takes audio stamped with episode time and hands it out the same way: the
/// silence trimmer and the voice leveller.
pub(crate) trait Stage {
    fn push(&mut self, t: f64, samples: &[f32]);
    fn pull(&mut self, out: &mut Vec<f32>, max_frames: usize) -> Option<f64>;
    fn finish(&mut self);
}

impl Stage for SilenceTrimmer {
    fn push(&mut self, t: f64, samples: &[f32]) {
        SilenceTrimmer::push(self, t, samples);
    }
    fn pull(&mut self, out: &mut Vec<f32>, max_frames: usize) -> Option<f64> {
        SilenceTrimmer::pull(self, out, max_frames)
    }
    fn finish(&mut self) {
        SilenceTrimmer::finish(self);
    }
}

impl Stage for Leveller {
    fn push(&mut self, t: f64, samples: &[f32]) {
        Leveller::push(self, t, samples);
    }
    fn pull(&mut self, out: &mut Vec<f32>, max_frames: usize) -> Option<f64> {
        Leveller::pull(self, out, max_frames)
    }
    fn finish(&mut self) {
        Leveller::finish(self);
    }
}

/// Runs `input` through `stage` in pieces of `chunk` frames from episode time `t0`, pulling
/// what is ready after each piece and at the end: the output and its runs, pieces that
/// continue a run merged.
pub(crate) fn run_stage(
    stage: &mut impl Stage,
    input: &[f32],
    channels: usize,
    rate: u32,
    t0: f64,
    chunk: usize,
) -> (Vec<f32>, Runs) {
    let (mut out, mut runs) = (Vec::new(), Vec::new());
    let mut pushed = 0;
    for piece in input.chunks(chunk * channels) {
        stage.push(t0 + pushed as f64 / f64::from(rate), piece);
        pushed += piece.len() / channels;
        collect(stage, &mut out, &mut runs, channels, rate);
    }
    stage.finish();
    collect(stage, &mut out, &mut runs, channels, rate);
    (out, runs)
}

/// Pulls everything ready, merging pieces that continue a run.
pub(crate) fn collect(
    stage: &mut impl Stage,
    out: &mut Vec<f32>,
    runs: &mut Runs,
    channels: usize,
    rate: u32,
) {
    loop {
        let before = out.len();
        let Some(t) = stage.pull(out, 1000) else {
            break;
        };
        let frames = (out.len() - before) / channels;
        match runs.last_mut() {
            Some((start, n)) if (*start + *n as f64 / f64::from(rate) - t).abs() < 1e-9 => {
                *n += frames;
            }
            _ => runs.push((t, frames)),
        }
    }
}

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
