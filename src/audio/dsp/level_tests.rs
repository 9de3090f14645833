//! Voice levelling: quiet voices raised toward the target and loud ones lowered, never above the
//! ceiling, the gate holding the gain in silence and noise, a gain that moves smoothly, lengths
//! and episode times unchanged, and the loudness measured as BS.1770 measures it.

use super::level::Leveller;
use super::level_gain::{KWeight, LevelRule, lufs};
use super::test_signal::{channel, collect, frequency, noise, rms, run_stage, tone};

const RATE: u32 = 44_100;

/// The ceiling, −1 dBFS, as a sample value.
fn ceiling() -> f32 {
    10f32.powf(-1.0 / 20.0)
}

/// A sine's amplitude for an RMS of `db` dBFS.
fn amp(db: f64) -> f64 {
    10f64.powf(db / 20.0) * 2f64.sqrt()
}

fn db(x: f64) -> f64 {
    20.0 * x.max(1e-12).log10()
}

/// Levels `input` pushed in pieces of `chunk` frames from episode time `t0`: the output.
fn level(input: &[f32], channels: usize, t0: f64, chunk: usize) -> Vec<f32> {
    let mut leveller = Leveller::new(channels as u16, RATE, LevelRule::default());
    run_stage(&mut leveller, input, channels, RATE, t0, chunk).0
}

/// The last `seconds` of interleaved audio.
fn last(samples: &[f32], channels: usize, seconds: f64) -> &[f32] {
    let n = (seconds * f64::from(RATE)) as usize * channels;
    &samples[samples.len() - n..]
}

fn peak(samples: &[f32]) -> f32 {
    samples.iter().fold(0.0, |m, s| m.max(s.abs()))
}

/// Loudness (LUFS, counted as stereo) of interleaved audio.
fn loudness(samples: &[f32], channels: usize) -> f64 {
    let mut weight = KWeight::new(channels, f64::from(RATE));
    lufs(weight.mean_square(samples))
}

#[test]
fn k_weighting_reads_a_full_scale_1_khz_tone_at_0_lufs() {
    // BS.1770: a 997 Hz sine at 0 dBFS on both channels of a pair reads 0 LUFS (−3.01 on one
    // channel; a mono stream is counted as the pair it plays on).
    let sine = tone(997.0, 1.0, 2.0, RATE, 2);
    assert!(loudness(&sine, 2).abs() < 0.05, "{}", loudness(&sine, 2));
    let mono = tone(997.0, 1.0, 2.0, RATE, 1);
    assert!(loudness(&mono, 1).abs() < 0.05);
    // The shelf lifts the highs and the high-pass cuts the lows, as the `ebur128` crate (0.1.11)
    // reads a sine peaking at −20 dBFS on both channels at 44.1 kHz.
    let crate_reads = [
        (100.0, -21.822),
        (400.0, -20.702),
        (1000.0, -19.991),
        (10_000.0, -16.645),
    ];
    for (freq, want) in crate_reads {
        let sine = tone(freq, 0.1, 2.0, RATE, 2);
        let got = loudness(&sine, 2);
        assert!((got - want).abs() < 0.05, "{freq} Hz: {got} LUFS");
    }
}

#[test]
fn a_quiet_voice_is_raised_by_at_most_15_db_and_never_clips() {
    // −35 dBFS RMS reads about −32.7 LUFS: 16.7 dB under the target, more than the gain allows.
    let input = tone(400.0, amp(-35.0), 6.0, RATE, 2);
    let out = level(&input, 2, 0.0, 4096);
    assert_eq!(out.len(), input.len());
    let raised = db(rms(last(&out, 2, 2.0)) / rms(last(&input, 2, 2.0)));
    assert!((raised - 15.0).abs() < 0.3, "raised by {raised} dB");
    assert!(peak(&out) <= ceiling(), "{}", peak(&out));
    let mono = channel(&out, 2, 0);
    assert!((frequency(&mono, RATE, 1000) - 400.0).abs() < 0.5);
}

#[test]
fn a_moderately_quiet_voice_reaches_the_target() {
    let input = tone(400.0, amp(-26.0), 8.0, RATE, 1);
    let out = level(&input, 1, 0.0, 1024);
    let heard = loudness(last(&out, 1, 2.0), 1);
    assert!(
        (heard - LevelRule::default().target_lufs).abs() < 0.5,
        "{heard} LUFS"
    );
}

#[test]
fn a_loud_voice_is_lowered_by_at_most_6_db() {
    let input = tone(400.0, amp(-6.0), 6.0, RATE, 2);
    let out = level(&input, 2, 0.0, 4096);
    let lowered = db(rms(last(&out, 2, 2.0)) / rms(last(&input, 2, 2.0)));
    assert!((lowered + 6.0).abs() < 0.3, "changed by {lowered} dB");
    assert!(peak(&out) <= ceiling());
    // A voice on target is left as it is.
    let input = tone(400.0, amp(-18.3), 6.0, RATE, 2);
    let out = level(&input, 2, 0.0, 4096);
    let changed = db(rms(last(&out, 2, 2.0)) / rms(last(&input, 2, 2.0)));
    assert!(changed.abs() < 0.5, "changed by {changed} dB");
}

#[test]
fn silence_and_room_noise_are_not_raised() {
    // Noise at −60 dBFS alone: under the gate, untouched (only delayed).
    let hiss = noise(0.001, 3.0, RATE, 2, 3);
    let out = level(&hiss, 2, 0.0, 4096);
    assert_eq!(out, hiss);
    // After a quiet voice, its gain is held through noise 25 dB under it and digital silence:
    // neither pushes the gain further up.
    let mut leveller = Leveller::new(2, RATE, LevelRule::default());
    leveller.push(0.0, &tone(400.0, amp(-32.0), 12.0, RATE, 2));
    let voiced = leveller.gain_db();
    leveller.push(12.0, &noise(amp(-57.0) / 2f64.sqrt(), 3.0, RATE, 2, 5));
    leveller.push(15.0, &vec![0.0; 2 * RATE as usize * 3]);
    let after = leveller.gain_db();
    assert!(voiced > 13.0, "{voiced} dB");
    // (The window where the voice stops counts, a 0.1 dB nudge; the 6 s after it none.)
    assert!((after - voiced).abs() < 0.2, "{voiced} dB, then {after} dB");
}

#[test]
fn the_gain_moves_smoothly_between_windows() {
    // A voice jumping 34 dB up and down: the gain follows by at most 0.7 dB per 10 ms window.
    let quiet = tone(300.0, amp(-40.0), 3.0, RATE, 1);
    let loud = tone(300.0, amp(-6.0), 3.0, RATE, 1);
    let input = [&quiet[..], &loud[..], &quiet[..]].concat();
    let mut leveller = Leveller::new(1, RATE, LevelRule::default());
    let mut out = Vec::new();
    let mut gains = vec![leveller.gain_db()];
    for (i, window) in input.chunks(441).enumerate() {
        leveller.push(i as f64 * 0.01, window);
        gains.push(leveller.gain_db());
        while leveller.pull(&mut out, 4096).is_some() {}
    }
    let largest = gains
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(0.0, f64::max);
    assert!(largest <= 0.7, "a step of {largest} dB");
    // It went up for the quiet voice and down for the loud one.
    let (top, bottom) = gains
        .iter()
        .fold((f64::MIN, f64::MAX), |(t, b), g| (t.max(*g), b.min(*g)));
    assert!(top > 14.0 && bottom < -5.0, "{bottom}..{top} dB");
    assert!(peak(&out) <= ceiling());
}

#[test]
fn a_burst_after_silence_does_not_clip() {
    // A quiet voice (gain +15 dB), a pause, then a full-scale shout.
    let input = [
        &tone(400.0, amp(-35.0), 3.0, RATE, 2)[..],
        &vec![0.0; 2 * RATE as usize * 2][..],
        &tone(400.0, 0.99, 1.0, RATE, 2)[..],
    ]
    .concat();
    for chunk in [1, 441, 4096] {
        let out = level(&input, 2, 0.0, chunk);
        assert_eq!(out.len(), input.len());
        assert!(peak(&out) <= ceiling(), "{} with {chunk}", peak(&out));
        // The shout is still a shout: the limiter holds it just under the ceiling.
        assert!(peak(last(&out, 2, 0.5)) > 0.5);
    }
}

#[test]
fn lengths_and_episode_times_are_unchanged() {
    let mut leveller = Leveller::new(2, RATE, LevelRule::default());
    let (mut out, mut runs) = (Vec::new(), Vec::new());
    // 1 s from 12 s, then (a silence cut before this stage) 1 s from 30 s.
    let piece = tone(400.0, amp(-30.0), 0.5, RATE, 2);
    for t in [12.0, 12.5, 30.0, 30.5] {
        leveller.push(t, &piece);
        collect(&mut leveller, &mut out, &mut runs, 2, RATE);
    }
    leveller.finish();
    collect(&mut leveller, &mut out, &mut runs, 2, RATE);
    assert_eq!(out.len(), 4 * piece.len());
    assert_eq!(runs, [(12.0, RATE as usize), (30.0, RATE as usize)]);
    assert_eq!(leveller.held_s(), 0.0);
}

#[test]
fn a_seek_drops_what_is_held_and_keeps_the_gain() {
    let mut leveller = Leveller::new(2, RATE, LevelRule::default());
    leveller.push(0.0, &tone(400.0, amp(-32.0), 3.0, RATE, 2));
    let gain = leveller.gain_db();
    assert!(leveller.held_s() > 0.0);
    leveller.reset();
    assert_eq!(leveller.held_s(), 0.0);
    assert_eq!(leveller.gain_db(), gain);
    let (mut out, mut runs) = (Vec::new(), Vec::new());
    let piece = tone(400.0, amp(-32.0), 1.0, RATE, 2);
    leveller.push(600.0, &piece);
    leveller.finish();
    collect(&mut leveller, &mut out, &mut runs, 2, RATE);
    assert_eq!(runs, [(600.0, RATE as usize)]);
    // Raised from the first frame on, with no swell.
    let first = db(rms(&out[..2 * 4410]) / rms(&piece[..2 * 4410]));
    assert!(
        (first - gain).abs() < 1.0,
        "{first} dB after a seek, {gain} dB before"
    );
}
