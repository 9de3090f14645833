//! Trimmer and stretcher together, as the decode thread will drive them.

use super::Span;
use super::chain::Chain;
use super::test_signal::{channel, frequency, rms, tone};

const RATE: u32 = 44_100;

fn run(chain: &mut Chain, input: &[f32], t0: f64) -> (Vec<f32>, Vec<Span>) {
    let (mut out, mut spans) = (Vec::new(), Vec::new());
    for (i, piece) in input.chunks(2 * 2048).enumerate() {
        chain.push(t0 + i as f64 * 2048.0 / f64::from(RATE), piece);
        while let Some(span) = chain.pull(&mut out, 2048) {
            spans.push(span);
        }
    }
    chain.finish();
    while let Some(span) = chain.pull(&mut out, 2048) {
        spans.push(span);
    }
    (out, spans)
}

#[test]
fn off_by_default_the_chain_changes_nothing() {
    let input = tone(440.0, 0.5, 1.0, RATE, 2);
    let mut chain = Chain::new(2, RATE);
    assert!(!chain.skips_silence() && !chain.levels_voices() && chain.speed() == 1.0);
    let (out, spans) = run(&mut chain, &input, 12.0);
    assert_eq!(out, input);
    assert_eq!(spans[0].t, 12.0);
    assert!((spans.last().unwrap().end(RATE) - 13.0).abs() < 1e-9);
}

#[test]
fn twenty_seconds_of_silence_at_double_speed() {
    let loud = tone(440.0, 0.5, 1.0, RATE, 2);
    let input = [&loud[..], &vec![0.0; 2 * 20 * RATE as usize], &loud[..]].concat();
    let mut chain = Chain::new(2, RATE);
    chain.set_skip_silence(true);
    chain.set_speed(2.0);
    let (out, spans) = run(&mut chain, &input, 0.0);
    // 1 s + 0.5 s of pause + 1 s, at 2×.
    let heard = (out.len() / 2) as f64 / f64::from(RATE);
    assert!((heard - 1.25).abs() < 0.02, "{heard} s");
    assert!((chain.saved_s() - 19.5).abs() < 0.01, "{}", chain.saved_s());
    // Positions run past the silence to the end of the episode.
    assert!(spans.iter().all(|s| s.speed == 2.0));
    assert!((spans.last().unwrap().end(RATE) - 22.0).abs() < 0.02);
    // Of the silence, only its first 0.125 s and last 0.375 s are heard.
    assert!(
        !spans.iter().any(|s| (1.13..20.62).contains(&s.t)),
        "{spans:?}"
    );
    assert!(
        spans.iter().any(|s| (s.t - 20.62).abs() < 1e-6),
        "{spans:?}"
    );
    let mono = channel(&out, 2, 0);
    assert!((frequency(&mono[..20_000], RATE, 1000) - 440.0).abs() < 2.0);
    assert!((frequency(&mono[mono.len() - 20_000..], RATE, 1000) - 440.0).abs() < 2.0);
}

#[test]
fn switching_skip_silence_off_lets_go_of_what_was_held() {
    let mut chain = Chain::new(1, RATE);
    chain.set_skip_silence(true);
    let (mut out, mut spans) = (Vec::new(), Vec::new());
    chain.push(0.0, &tone(440.0, 0.5, 1.0, RATE, 1));
    chain.push(1.0, &vec![0.0; 13_230]); // held: might become a long silence
    chain.set_skip_silence(false);
    chain.push(1.3, &tone(440.0, 0.5, 1.0, RATE, 1));
    chain.finish();
    while let Some(span) = chain.pull(&mut out, 4096) {
        spans.push(span);
    }
    assert_eq!(out.len(), 2 * RATE as usize + 13_230);
    for pair in spans.windows(2) {
        assert!((pair[1].t - pair[0].end(RATE)).abs() < 1e-9);
    }
    assert_eq!(chain.saved_s(), 0.0);
}

#[test]
fn a_seek_resets_both_stages_and_keeps_the_settings() {
    let mut chain = Chain::new(2, RATE);
    chain.set_skip_silence(true);
    chain.set_speed(1.5);
    let mut out = Vec::new();
    chain.push(0.0, &tone(440.0, 0.5, 1.0, RATE, 2));
    while chain.pull(&mut out, 4096).is_some() {}
    chain.reset();
    assert_eq!(chain.held_s(), 0.0);
    assert!(chain.skips_silence() && chain.speed() == 1.5);
    let (_, spans) = run(&mut chain, &tone(440.0, 0.5, 1.0, RATE, 2), 300.0);
    assert_eq!((spans[0].t, spans[0].speed), (300.0, 1.5));
}

#[test]
fn levelling_sits_between_skip_silence_and_the_stretch() {
    // A quiet voice (RMS −35 dBFS), 20 s of silence, the voice again; all three stages on.
    let quiet = tone(400.0, 0.025, 3.0, RATE, 2);
    let input = [&quiet[..], &vec![0.0; 2 * 20 * RATE as usize], &quiet[..]].concat();
    let mut chain = Chain::new(2, RATE);
    chain.set_skip_silence(true);
    chain.set_level_voices(true);
    chain.set_speed(2.0);
    let (out, spans) = run(&mut chain, &input, 0.0);
    // 3 s + 0.5 s of pause + 3 s, at 2×: lengths as without levelling.
    let heard = (out.len() / 2) as f64 / f64::from(RATE);
    assert!((heard - 3.25).abs() < 0.02, "{heard} s");
    assert!((chain.saved_s() - 19.5).abs() < 0.01);
    assert!((spans.last().unwrap().end(RATE) - 26.0).abs() < 0.02);
    // The end of the second voice is heard 15 dB louder, still at 400 Hz.
    let tail = &out[out.len() - 2 * 22_050..];
    let raised = 20.0 * (rms(tail) / rms(&quiet[..2 * 22_050])).log10();
    assert!((raised - 15.0).abs() < 0.5, "{raised} dB");
    assert!((frequency(&channel(tail, 2, 0), RATE, 500) - 400.0).abs() < 2.0);
    assert_eq!(chain.level_gain_db().map(|g| g.round()), Some(15.0));
    // Switched off, it lets go of what it held and the chain bypasses it.
    chain.set_level_voices(false);
    assert!(!chain.levels_voices() && chain.level_gain_db().is_none());
}
