//! Finding, among candidate blocks of the input, the one whose waveform best continues the
//! output: a coarse pass over every fifth candidate, refined around the best local maximum by
//! a parabola through its neighbours, then a full pass over the few candidates nearby — the
//! search mpv's scaletempo2 (from Chromium) uses, so it costs about a fifth of trying them all.
//!
//! Similarity is the cross-correlation of each channel normalised by the candidate's energy
//! (so a loud block does not win for being loud), the channels weighted by the target's energy.
//! Candidate energies come from one moving sum over the search region.

/// Every how many candidates the coarse pass looks.
const DECIMATION: usize = 5;

/// Scratch space for the search, kept between blocks so a search allocates nothing.
#[derive(Debug, Default)]
pub(super) struct Searcher {
    /// Energy of candidate `k` in channel `c` at `k * channels + c`.
    energies: Vec<f32>,
    target_energy: Vec<f32>,
}

/// Where to look, in per-channel (planar) input buffers.
pub(super) struct Region {
    /// Start of the target block (the natural continuation of the output).
    pub target_at: usize,
    /// Start of the first candidate block.
    pub first_at: usize,
    /// Number of candidates: blocks start at `first_at..first_at + candidates`.
    pub candidates: usize,
    /// Block length in frames.
    pub block: usize,
    /// Candidates (as indices from 0) never chosen: those that would repeat the last block.
    pub exclude: Option<(usize, usize)>,
}

impl Region {
    fn excluded(&self, k: usize) -> bool {
        self.exclude.is_some_and(|(lo, hi)| (lo..=hi).contains(&k))
    }
}

impl Searcher {
    /// Index (from 0) of the candidate most similar to the target. Every block of the region
    /// must lie inside `input`'s buffers.
    pub(super) fn best(&mut self, input: &[Vec<f32>], region: &Region) -> usize {
        if region.candidates <= 1 {
            return 0;
        }
        self.measure_energies(input, region);
        let coarse = self.coarse(input, region);
        let lo = coarse.saturating_sub(DECIMATION);
        let hi = (coarse + DECIMATION).min(region.candidates - 1);
        let mut best = None::<(usize, f32)>;
        for k in lo..=hi {
            if region.excluded(k) {
                continue;
            }
            let s = self.similarity(input, region, k);
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((k, s));
            }
        }
        best.map_or(coarse, |(k, _)| k)
    }

    fn measure_energies(&mut self, input: &[Vec<f32>], region: &Region) {
        let channels = input.len();
        self.energies.clear();
        self.energies.resize(region.candidates * channels, 0.0);
        self.target_energy.clear();
        for (c, samples) in input.iter().enumerate() {
            let target = samples
                .get(region.target_at..region.target_at + region.block)
                .unwrap_or_default();
            self.target_energy.push(dot(target, target));
            let span = region.candidates + region.block - 1;
            let Some(area) = samples.get(region.first_at..region.first_at + span) else {
                continue;
            };
            // A moving sum in f64: thousands of steps in f32 would drift.
            let mut sum: f64 = area[..region.block].iter().map(|&x| f64::from(x * x)).sum();
            for k in 0..region.candidates {
                if k > 0 {
                    let out = f64::from(area[k - 1]);
                    let inn = f64::from(area[k + region.block - 1]);
                    sum = (sum - out * out + inn * inn).max(0.0);
                }
                self.energies[k * channels + c] = sum as f32;
            }
        }
    }

    fn similarity(&self, input: &[Vec<f32>], region: &Region, k: usize) -> f32 {
        let channels = input.len();
        let mut total = 0.0;
        for (c, samples) in input.iter().enumerate() {
            let target = &samples[region.target_at..region.target_at + region.block];
            let at = region.first_at + k;
            let candidate = &samples[at..at + region.block];
            let et = self.target_energy[c];
            let ec = self.energies[k * channels + c];
            total += dot(target, candidate) * et / (et * ec + 1e-12).sqrt();
        }
        total
    }

    /// The coarse pass: every [`DECIMATION`]th candidate, each local maximum refined by a
    /// parabola through it and its two neighbours.
    fn coarse(&self, input: &[Vec<f32>], region: &Region) -> usize {
        let n = region.candidates;
        let mut best = (0usize, self.similarity(input, region, 0));
        if DECIMATION >= n {
            let last = n - 1;
            let s = self.similarity(input, region, last);
            return if s > best.1 { last } else { 0 };
        }
        let mut prev = [best.1, self.similarity(input, region, DECIMATION)];
        let mut k = 2 * DECIMATION;
        if k >= n {
            return if prev[1] > prev[0] { DECIMATION } else { 0 };
        }
        while k < n {
            let s = self.similarity(input, region, k);
            let [a, b] = prev;
            if (b > a && b >= s) || (b >= a && b > s) {
                let (offset, peak) = parabola_peak(a, b, s);
                let at = (k - DECIMATION) as f32 + offset * DECIMATION as f32;
                let at = (at.round().max(0.0) as usize).min(n - 1);
                if peak > best.1 && !region.excluded(at) {
                    best = (at, peak);
                }
            } else if k + DECIMATION >= n && s > best.1 && !region.excluded(k) {
                best = (k, s);
            }
            prev = [b, s];
            k += DECIMATION;
        }
        best.0
    }
}

/// The vertex of the parabola through `(-1, a)`, `(0, b)`, `(1, c)`: its offset from 0 and its
/// height. A flat run gives the middle point.
fn parabola_peak(a: f32, b: f32, c: f32) -> (f32, f32) {
    let curve = 0.5 * (a + c) - b;
    let slope = 0.5 * (c - a);
    if curve == 0.0 {
        return (0.0, b);
    }
    let x = (-slope / (2.0 * curve)).clamp(-1.0, 1.0);
    (x, curve * x * x + slope * x + b)
}

/// Dot product of two equally long slices, in eight lanes so the compiler can vectorise it.
pub(super) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a_blocks, a_rest) = a[..n].as_chunks::<8>();
    let (b_blocks, b_rest) = b[..n].as_chunks::<8>();
    let mut lanes = [0.0f32; 8];
    for (x, y) in a_blocks.iter().zip(b_blocks) {
        for i in 0..8 {
            lanes[i] += x[i] * y[i];
        }
    }
    let mut sum: f32 = lanes.iter().sum();
    for (x, y) in a_rest.iter().zip(b_rest) {
        sum += x * y;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_matches_the_plain_sum() {
        let a: Vec<f32> = (0..37).map(|i| i as f32 * 0.5).collect();
        let b: Vec<f32> = (0..37).map(|i| 1.0 - i as f32 * 0.1).collect();
        let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!(
            (dot(&a, &b) - plain).abs() < 1e-3,
            "{} {plain}",
            dot(&a, &b)
        );
        assert_eq!(dot(&[], &[]), 0.0);
    }

    #[test]
    fn parabola_finds_the_vertex() {
        // y = -(x - 0.25)^2 + 1 at -1, 0, 1.
        let f = |x: f32| -(x - 0.25) * (x - 0.25) + 1.0;
        let (x, y) = parabola_peak(f(-1.0), f(0.0), f(1.0));
        assert!((x - 0.25).abs() < 1e-6 && (y - 1.0).abs() < 1e-6, "{x} {y}");
        assert_eq!(parabola_peak(2.0, 2.0, 2.0), (0.0, 2.0));
    }

    /// A 1-channel buffer holding a sine of `period` frames.
    fn sine(len: usize, period: f32) -> Vec<Vec<f32>> {
        vec![
            (0..len)
                .map(|i| (std::f32::consts::TAU * i as f32 / period).sin())
                .collect(),
        ]
    }

    #[test]
    fn finds_the_candidate_in_phase_with_the_target() {
        // Target at 0; candidates from 100: the ones in phase are 100 + k·50 + 0 (i.e. every 50).
        let input = sine(2000, 50.0);
        let mut searcher = Searcher::default();
        let region = Region {
            target_at: 0,
            first_at: 113,
            candidates: 200,
            block: 300,
            exclude: None,
        };
        let best = searcher.best(&input, &region);
        assert_eq!((region.first_at + best) % 50, 0, "best {best}");
        // Excluding the in-phase candidates near the start moves the choice to another one.
        let excluded = Region {
            exclude: Some((0, 100)),
            ..region
        };
        let best = searcher.best(&input, &excluded);
        assert!(best > 100, "{best}");
        assert_eq!((excluded.first_at + best) % 50, 0, "best {best}");
    }
}
