//! The silence trimmer: what counts as silence, the pause kept, the cross-fade, exact episode
//! time for every run, and resets.

use super::silence::{SilenceRule, SilenceTrimmer};
use super::test_signal::{Runs, max_step, noise, run_stage, tone};

const RATE: u32 = 44_100;

fn trim(input: &[f32], channels: usize, t0: f64, chunk: usize) -> (Vec<f32>, Runs, f64) {
    let mut trimmer = SilenceTrimmer::new(channels as u16, RATE, SilenceRule::default());
    let (out, runs) = run_stage(&mut trimmer, input, channels, RATE, t0, chunk);
    (out, runs, trimmer.saved_s())
}

fn seconds(frames: usize) -> f64 {
    frames as f64 / f64::from(RATE)
}

/// Tone, `gap`, tone; one second of 440 Hz at −6 dB each side.
fn with_gap(gap: &[f32]) -> Vec<f32> {
    let loud = tone(440.0, 0.5, 1.0, RATE, 2);
    [&loud[..], gap, &loud[..]].concat()
}

#[test]
fn quiet_speech_is_kept_and_hiss_is_cut() {
    // A tone at −40 dB (RMS −43 dBFS) is over the −45 dBFS line: a quiet voice, kept whole.
    let input = with_gap(&tone(300.0, 0.01, 1.0, RATE, 2));
    let (out, runs, saved) = trim(&input, 2, 0.0, 4096);
    assert_eq!(out, input);
    assert_eq!((runs.len(), saved), (1, 0.0));
    // Noise at RMS −50 dBFS for a second is silence: cut to 0.25 s.
    let input = with_gap(&noise(0.00316, 1.0, RATE, 2, 1));
    let (out, runs, saved) = trim(&input, 2, 0.0, 4096);
    assert_eq!(runs.len(), 2);
    assert!((saved - 0.75).abs() < 0.011, "saved {saved}");
    assert_eq!(
        out.len() / 2 + (saved * f64::from(RATE)).round() as usize,
        input.len() / 2
    );
}

#[test]
fn the_pause_kept_grows_with_the_silence_up_to_half_a_second() {
    for (gap_s, kept_s) in [
        (0.3, 0.3),
        (0.6, 0.25),
        (1.0, 0.25),
        (2.0, 0.4),
        (20.0, 0.5),
    ] {
        let input = with_gap(&vec![0.0; (gap_s * f64::from(RATE)) as usize * 2]);
        let (out, _, saved) = trim(&input, 2, 0.0, 3000);
        // The silence heard: between the last loud sample of the first tone and the first of
        // the second.
        let loud: Vec<usize> = out
            .chunks(2)
            .enumerate()
            .filter(|(_, f)| f[0].abs() > 1e-3)
            .map(|(i, _)| i)
            .collect();
        let heard = loud.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(0);
        assert!(
            (seconds(heard) - kept_s).abs() < 0.001 + 1.0 / 440.0,
            "{gap_s} s of silence: {:.3} s kept, expected {kept_s}",
            seconds(heard)
        );
        assert!(
            (saved - (gap_s - kept_s)).abs() < 0.003,
            "{gap_s} s: saved {saved}"
        );
    }
}

#[test]
fn every_run_says_its_episode_time_exactly() {
    let gap = 3 * RATE as usize; // 3 s of silence
    let input = with_gap(&vec![0.0; gap * 2]);
    let t0 = 7.0;
    for chunk in [441, 1000, 4096, 100_000] {
        let (out, runs, saved) = trim(&input, 2, t0, chunk);
        assert_eq!(runs.len(), 2, "chunks of {chunk}: {runs:?}");
        let (first, second) = (runs[0], runs[1]);
        assert_eq!(first.0, t0);
        // The second run starts where the first left off plus exactly what was skipped.
        let jump = second.0 - (first.0 + seconds(first.1));
        assert!((jump - saved).abs() < 1e-9, "{jump} vs {saved}");
        assert_eq!(first.1 + second.1, out.len() / 2);
        assert_eq!(
            out.len() / 2 + (saved * f64::from(RATE)).round() as usize,
            input.len() / 2
        );
        // The second tone is heard at the episode time it has in the input.
        let onset = out
            .chunks(2)
            .skip(first.1 + 100)
            .position(|f| f[0].abs() > 1e-3)
            .unwrap()
            + 100;
        let heard_at = second.0 + seconds(onset);
        let starts_at = t0 + seconds(RATE as usize + gap) + 1.0 / f64::from(RATE);
        assert!(
            (heard_at - starts_at).abs() < 1.5 / f64::from(RATE),
            "{heard_at} vs {starts_at}"
        );
    }
}

#[test]
fn the_cut_is_cross_faded() {
    // Mains hum at −50 dB RMS is silence; the cut joins two moments of it at different phases.
    let hum = tone(60.0, 0.00447, 2.013, RATE, 1);
    let loud = tone(440.0, 0.5, 0.5, RATE, 1);
    let input = [&loud[..], &hum[..], &loud[..]].concat();
    let (out, runs, _) = trim(&input, 1, 0.0, 2048);
    assert_eq!(runs.len(), 2);
    let cut = runs[0].1;
    let around = &out[cut - 300..cut + 300];
    // Spliced as is, the join would step by up to twice the hum's peak (~0.009): with the
    // cross-fade it stays within a few times the hum's own steepest step.
    let steepest = max_step(&hum);
    assert!(
        max_step(around) <= 4.0 * steepest,
        "{} vs {steepest}",
        max_step(around)
    );
}

#[test]
fn a_silence_at_the_end_is_shortened_too() {
    let loud = tone(440.0, 0.5, 1.0, RATE, 2);
    let input = [&loud[..], &vec![0.0; 2 * 5 * RATE as usize]].concat();
    let (out, runs, saved) = trim(&input, 2, 0.0, 4096);
    assert_eq!(runs.len(), 2);
    assert!((saved - 4.5).abs() < 0.01, "{saved}");
    assert!((seconds(out.len() / 2) - 1.5).abs() < 0.01);
}

#[test]
fn reset_forgets_the_undecided_silence() {
    let mut trimmer = SilenceTrimmer::new(1, RATE, SilenceRule::default());
    let mut out = Vec::new();
    trimmer.push(0.0, &tone(440.0, 0.5, 1.0, RATE, 1));
    // 0.3 s of silence: held, as it may yet be long enough to cut.
    trimmer.push(1.0, &vec![0.0; 13_230]);
    while trimmer.pull(&mut out, 4096).is_some() {}
    assert!(out.len() <= RATE as usize + 441, "{}", out.len());
    let held = trimmer.held_s();
    assert!((0.29..=0.31).contains(&held), "{held}");
    trimmer.reset();
    assert_eq!(trimmer.held_s(), 0.0);
    assert_eq!(trimmer.pull(&mut out, 4096), None);
    out.clear();
    let next = tone(880.0, 0.5, 0.5, RATE, 1);
    trimmer.push(50.0, &next);
    trimmer.finish();
    let mut times = Vec::new();
    while let Some(t) = trimmer.pull(&mut out, 4096) {
        times.push(t);
    }
    assert_eq!(times.first(), Some(&50.0));
    assert_eq!(out, next, "nothing of before the seek");
    assert_eq!(trimmer.saved_s(), 0.0);
}

#[test]
fn a_jump_in_the_input_starts_a_new_run_and_loses_nothing() {
    let mut trimmer = SilenceTrimmer::new(1, RATE, SilenceRule::default());
    let a = tone(440.0, 0.5, 0.5, RATE, 1);
    let quiet = vec![0.0; 8820]; // 0.2 s: too short to cut
    trimmer.push(0.0, &a);
    trimmer.push(0.5, &quiet);
    trimmer.push(30.0, &a);
    trimmer.finish();
    let (mut out, mut times) = (Vec::new(), Vec::new());
    while let Some(t) = trimmer.pull(&mut out, 100_000) {
        times.push(t);
    }
    assert_eq!(times, vec![0.0, 30.0]);
    assert_eq!(out, [&a[..], &quiet[..], &a[..]].concat());
}
