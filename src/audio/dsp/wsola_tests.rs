//! The WSOLA engine on tones: pitch kept, length as the tempo says, no clicks at the splices,
//! tempo changes mid-stream, reset, and an account that never drifts.

use super::stretch::{Account, TimeStretch};
use super::test_signal::{channel, frequency, max_step, tone};
use super::wsola::Wsola;

/// Pushes `input` in chunks of `chunk` frames, pulling in odd-sized pieces as it goes, then
/// finishes and pulls the rest. Returns the output and every account.
fn run(
    engine: &mut Wsola,
    input: &[f32],
    channels: usize,
    chunk: usize,
) -> (Vec<f32>, Vec<Account>) {
    let mut out = Vec::new();
    let mut accounts = Vec::new();
    for piece in input.chunks(chunk * channels) {
        engine.push(piece);
        while let Some(a) = engine.pull(&mut out, 777) {
            accounts.push(a);
        }
    }
    engine.finish();
    while let Some(a) = engine.pull(&mut out, 777) {
        accounts.push(a);
    }
    (out, accounts)
}

/// Accounts follow on from each other and add up to the frames handed out.
fn assert_contiguous(accounts: &[Account], out_frames: usize) {
    let mut frames = 0;
    for pair in accounts.windows(2) {
        let gap = pair[1].input_start - pair[0].input_end();
        assert!(gap.abs() < 1e-6, "accounts do not follow on: {pair:?}");
    }
    for a in accounts {
        frames += a.frames;
    }
    assert_eq!(frames, out_frames);
    assert_eq!(accounts.first().map(|a| a.input_start), Some(0.0));
}

#[test]
fn pitch_and_length_follow_the_tempo() {
    for (rate, channels) in [(44_100u32, 2usize), (48_000, 1)] {
        let input = tone(440.0, 0.5, 3.0, rate, channels);
        let in_frames = input.len() / channels;
        let steepest = max_step(&channel(&input, channels, 0));
        for tempo in [0.5, 1.5, 2.0, 3.0] {
            let mut engine = Wsola::new(channels as u16, rate);
            engine.set_tempo(tempo);
            let (out, accounts) = run(&mut engine, &input, channels, 1000);
            let out_frames = out.len() / channels;
            let expected = in_frames as f64 / tempo;
            let bound = engine.window_frames() as f64;
            assert!(
                (out_frames as f64 - expected).abs() <= bound,
                "{rate} Hz ×{tempo}: {out_frames} frames, expected {expected:.0} ± {bound}"
            );
            assert_contiguous(&accounts, out_frames);
            // Every account covers the input: the last one ends at its end or just past it.
            let end = accounts.last().map_or(0.0, Account::input_end);
            assert!(
                end >= in_frames as f64 && end <= in_frames as f64 + bound,
                "{end}"
            );
            for c in 0..channels {
                let mono = channel(&out, channels, c);
                let skip = engine.window_frames() * 2;
                let f = frequency(&mono, rate, skip);
                assert!(
                    (f - 440.0).abs() < 2.0,
                    "{rate} Hz ×{tempo}: heard {f:.1} Hz"
                );
                // The splices add in phase: no step steeper than the tone's own (plus 10 %).
                let step = max_step(&mono[skip..mono.len() - skip]);
                assert!(
                    step <= steepest * 1.1,
                    "{rate} Hz ×{tempo}: a jump of {step} (the tone's steepest is {steepest})"
                );
            }
        }
    }
}

#[test]
fn a_voice_like_tone_keeps_its_pitch_and_has_no_clicks() {
    // 120 Hz with harmonics at 2× and 3× — the shape of a low voice, whose period (8.3 ms)
    // is most of a block.
    let rate = 44_100;
    let mut input = tone(120.0, 0.4, 2.0, rate, 1);
    for (k, amp) in [(2.0, 0.2), (3.0, 0.1)] {
        for (s, h) in input.iter_mut().zip(tone(120.0 * k, amp, 2.0, rate, 1)) {
            *s += h;
        }
    }
    let steepest = max_step(&input);
    for tempo in [0.5, 1.5, 2.0, 3.0] {
        let mut engine = Wsola::new(1, rate);
        engine.set_tempo(tempo);
        let (out, _) = run(&mut engine, &input, 1, 2048);
        let skip = engine.window_frames() * 2;
        let f = frequency(&out, rate, skip);
        assert!((f - 120.0).abs() < 1.0, "×{tempo}: heard {f:.2} Hz");
        let step = max_step(&out[skip..out.len() - skip]);
        assert!(
            step <= steepest * 1.1,
            "×{tempo}: jump {step} vs {steepest}"
        );
    }
}

#[test]
fn at_one_the_engine_gives_back_its_input() {
    let input = tone(330.0, 0.5, 1.0, 44_100, 2);
    let mut engine = Wsola::new(2, 44_100);
    let (out, accounts) = run(&mut engine, &input, 2, 500);
    assert_contiguous(&accounts, out.len() / 2);
    let common = input.len().min(out.len());
    assert!(common >= input.len() - 2 * engine.window_frames() * 2);
    let worst = input[..common]
        .iter()
        .zip(&out[..common])
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f32::max);
    assert!(worst < 1e-5, "differs by {worst}");
}

#[test]
fn a_tempo_change_mid_stream_takes_effect_and_keeps_the_account() {
    let rate = 44_100;
    let input = tone(440.0, 0.5, 4.0, rate, 2);
    let mut engine = Wsola::new(2, rate);
    engine.set_tempo(1.5);
    let half = input.len() / 2;
    let (mut out, mut accounts) = (Vec::new(), Vec::new());
    engine.push(&input[..half]);
    while let Some(a) = engine.pull(&mut out, 1000) {
        accounts.push(a);
    }
    let before = out.len() / 2;
    engine.set_tempo(2.5);
    engine.push(&input[half..]);
    engine.finish();
    while let Some(a) = engine.pull(&mut out, 1000) {
        accounts.push(a);
    }
    assert_contiguous(&accounts, out.len() / 2);
    assert!(accounts.iter().all(|a| a.tempo == 1.5 || a.tempo == 2.5));
    // Runs at one tempo, then the other: no account mixes them and none goes back.
    let first_fast = accounts.iter().position(|a| a.tempo == 2.5).unwrap();
    assert!(accounts[first_fast..].iter().all(|a| a.tempo == 2.5));
    // 2 s at 1.5× then 2 s at 2.5×: 1.33 s + 0.8 s of output, give or take a block.
    let total = (out.len() / 2) as f64 / f64::from(rate);
    assert!(
        (total - (2.0 / 1.5 + 2.0 / 2.5)).abs() < 0.03,
        "{total:.3} s"
    );
    let mono = channel(&out, 2, 0);
    let skip = engine.window_frames() * 2;
    assert!((frequency(&mono[..before], rate, skip) - 440.0).abs() < 2.0);
    assert!((frequency(&mono[before..], rate, skip) - 440.0).abs() < 2.0);
    assert!(max_step(&mono[skip..mono.len() - skip]) <= max_step(&input) * 1.1);
}

#[test]
fn reset_forgets_the_old_audio_and_starts_positions_again() {
    let rate = 44_100;
    let mut engine = Wsola::new(1, rate);
    engine.set_tempo(2.0);
    let mut out = Vec::new();
    engine.push(&tone(300.0, 0.5, 1.0, rate, 1));
    while engine.pull(&mut out, 4096).is_some() {}
    assert!(engine.held_frames() > 0.0);
    engine.reset();
    assert_eq!(engine.held_frames(), 0.0);
    assert_eq!(engine.tempo(), 2.0, "a seek keeps the tempo");
    out.clear();
    let (out, accounts) = run(&mut engine, &tone(1000.0, 0.5, 1.0, rate, 1), 1, 4096);
    assert_contiguous(&accounts, out.len());
    // Nothing of the 300 Hz tone: the very first frames are the new tone's.
    let f = frequency(&out[..2000], rate, 0);
    assert!((f - 1000.0).abs() < 5.0, "{f}");
    assert!((out.len() as f64 - 22_050.0).abs() <= engine.window_frames() as f64);
}

#[test]
fn nothing_in_nothing_out() {
    let mut engine = Wsola::new(2, 44_100);
    engine.set_tempo(2.0);
    let mut out = Vec::new();
    assert_eq!(engine.pull(&mut out, 100), None);
    engine.push(&[0.1; 20]);
    assert_eq!(engine.pull(&mut out, 100), None, "not a block yet");
    engine.finish();
    let a = engine.pull(&mut out, 10_000);
    assert!(
        a.is_some_and(|a| a.frames > 0 && a.input_start == 0.0),
        "{a:?}"
    );
    while engine.pull(&mut out, 10_000).is_some() {}
    assert!(out.iter().all(|s| s.is_finite()));
    engine.set_tempo(f64::NAN);
    engine.set_tempo(-1.0);
    assert_eq!(engine.tempo(), 2.0);
    engine.set_tempo(100.0);
    assert_eq!(engine.tempo(), super::stretch::MAX_TEMPO);
}
