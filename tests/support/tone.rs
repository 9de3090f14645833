//! Measuring what was heard: loudness and the dominant frequency of a stretch of samples.

/// Root mean square of `samples`.
pub fn rms(samples: &[f32]) -> f32 {
    if samples.is_empty() {
        return 0.0;
    }
    (samples.iter().map(|s| s * s).sum::<f32>() / samples.len() as f32).sqrt()
}

/// Power of `frequency` in `samples` (Goertzel), normalised by length.
pub fn power_at(samples: &[f32], rate: u32, frequency: f32) -> f32 {
    let w = 2.0 * std::f32::consts::PI * frequency / rate as f32;
    let coefficient = 2.0 * w.cos();
    let (mut s1, mut s2) = (0.0f32, 0.0f32);
    for &x in samples {
        let s0 = x + coefficient * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    (s1 * s1 + s2 * s2 - coefficient * s1 * s2) / (samples.len().max(1) as f32).powi(2)
}

/// The candidate frequency with the most power in `samples`.
pub fn dominant(samples: &[f32], rate: u32, candidates: &[f32]) -> Option<f32> {
    candidates
        .iter()
        .copied()
        .map(|f| (f, power_at(samples, rate, f)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(f, _)| f)
}

/// Splits a recording into windows of `window` samples and names each loud window's dominant
/// candidate frequency (silent windows give `None`).
pub fn tones(samples: &[f32], rate: u32, window: usize, candidates: &[f32]) -> Vec<Option<f32>> {
    samples
        .chunks(window.max(1))
        .map(|w| {
            if rms(w) < 0.02 {
                None
            } else {
                dominant(w, rate, candidates)
            }
        })
        .collect()
}

/// The dominant candidate of each loud 100 ms window of `samples`, in order (silent windows
/// left out).
pub fn heard_tones(samples: &[f32], rate: u32, candidates: &[f32]) -> Vec<f32> {
    tones(samples, rate, rate as usize / 10, candidates)
        .into_iter()
        .flatten()
        .collect()
}

/// Asserts that `samples` were heard, and that at least 90 % of their loud 100 ms windows are
/// `want` among `candidates`.
pub fn assert_mostly(samples: &[f32], rate: u32, candidates: &[f32], want: f32) {
    assert!(rms(samples) > 0.01, "nothing was heard");
    let found = heard_tones(samples, rate, candidates);
    let hits = found.iter().filter(|f| **f == want).count();
    assert!(
        !found.is_empty() && hits * 10 >= found.len() * 9,
        "{want} Hz expected, heard {found:?}"
    );
}
