//! The stretcher in episode time: bypass at 1.0×, runs that never straddle a jump, positions
//! that match the audio heard, and a switch from the bypass to the engine without a gap.

use super::Span;
use super::stretcher::Stretcher;
use super::test_signal::{channel, frequency, max_step, tone};

const RATE: u32 = 44_100;

/// Pulls everything ready in pieces of `piece` frames.
fn drain(s: &mut Stretcher, out: &mut Vec<f32>, spans: &mut Vec<Span>, piece: usize) {
    while let Some(span) = s.pull(out, piece) {
        assert!(span.frames > 0 && span.frames <= piece);
        spans.push(span);
    }
}

/// A chirp rising `slope` Hz per second from `f0`: its frequency tells the time it was taken
/// from.
fn chirp(f0: f64, slope: f64, seconds: f64, channels: usize) -> Vec<f32> {
    let frames = (seconds * f64::from(RATE)) as usize;
    let mut out = Vec::with_capacity(frames * channels);
    for i in 0..frames {
        let t = i as f64 / f64::from(RATE);
        let v = (0.5 * (std::f64::consts::TAU * (f0 * t + slope * t * t / 2.0)).sin()) as f32;
        out.extend(std::iter::repeat_n(v, channels));
    }
    out
}

#[test]
fn at_one_the_audio_passes_untouched() {
    let input = tone(440.0, 0.5, 1.0, RATE, 2);
    let mut s = Stretcher::new(2, RATE);
    assert!(s.is_bypassed());
    let (mut out, mut spans) = (Vec::new(), Vec::new());
    for (i, piece) in input.chunks(2 * 1000).enumerate() {
        s.push(3.0 + i as f64 * 1000.0 / f64::from(RATE), piece);
        drain(&mut s, &mut out, &mut spans, 700);
    }
    s.finish();
    drain(&mut s, &mut out, &mut spans, 700);
    assert_eq!(out, input);
    assert!(s.is_bypassed());
    let mut frames = 0;
    for span in &spans {
        assert_eq!(span.speed, 1.0);
        let expected = 3.0 + frames as f64 / f64::from(RATE);
        assert!((span.t - expected).abs() < 1e-9, "{span:?} vs {expected}");
        frames += span.frames;
    }
}

#[test]
fn positions_follow_the_audio_heard_at_every_speed() {
    // From 300 Hz, +200 Hz per second: 10 ms of episode time is 2 Hz.
    let input = chirp(300.0, 200.0, 5.0, 1);
    for speed in [0.5, 1.5, 2.0, 3.0] {
        let mut s = Stretcher::new(1, RATE);
        s.set_tempo(speed);
        let (mut out, mut spans) = (Vec::new(), Vec::new());
        for (i, piece) in input.chunks(2048).enumerate() {
            s.push(60.0 + i as f64 * 2048.0 / f64::from(RATE), piece);
            drain(&mut s, &mut out, &mut spans, 1024);
        }
        s.finish();
        drain(&mut s, &mut out, &mut spans, 1024);
        let mono = out;
        // Every 40 ms piece of output, away from the ends: the time its pitch says vs the time
        // the spans say for its middle.
        let piece = 1764;
        let mut errors = Vec::new();
        let mut start = 4 * piece;
        while start + 4 * piece < mono.len() {
            let middle = start + piece / 2;
            let (mut first, mut said) = (0, None);
            for span in &spans {
                assert_eq!(span.speed, speed);
                if (first..first + span.frames).contains(&middle) {
                    said = Some(span.time_of(middle - first, RATE));
                }
                first += span.frames;
            }
            let f = frequency(&mono[start..start + piece], RATE, 0);
            let heard = 60.0 + (f - 300.0) / 200.0;
            errors.push(heard - said.unwrap());
            start += piece;
        }
        // The sound at a frame comes from near the position reported: behind it when speeding
        // up, ahead when slowing down (the engine keeps the natural continuation while it stays
        // within its ±20 ms search), by up to ~40 ms at 3×; single pieces are also off by the
        // splices inside them. Over time the positions neither drift ahead nor fall behind.
        assert!(errors.len() > 20);
        let mean = |e: &[f64]| e.iter().sum::<f64>() / e.len() as f64;
        let worst = errors.iter().fold(0.0f64, |w, e| w.max(e.abs()));
        let (early, late) = errors.split_at(errors.len() / 2);
        let drift = mean(late) - mean(early);
        assert!(
            worst < 0.06,
            "×{speed}: positions off by up to {worst:.3} s"
        );
        assert!(
            mean(&errors).abs() < 0.04,
            "×{speed}: off by {:.4} s",
            mean(&errors)
        );
        assert!(
            drift.abs() < 0.004,
            "×{speed}: positions drift by {drift:.4} s"
        );
        let last = spans.last().unwrap();
        assert!(
            (last.end(RATE) - 65.0).abs() < 0.03,
            "×{speed}: ends at {}",
            last.end(RATE)
        );
    }
}

#[test]
fn a_run_never_straddles_a_jump_in_episode_time() {
    let mut s = Stretcher::new(1, RATE);
    s.set_tempo(2.0);
    let (mut out, mut spans) = (Vec::new(), Vec::new());
    s.push(0.0, &tone(440.0, 0.5, 1.0, RATE, 1));
    drain(&mut s, &mut out, &mut spans, 4096);
    // The next audio is from 10 s on (say the trimmer cut 9 s).
    s.push(10.0, &tone(440.0, 0.5, 1.0, RATE, 1));
    s.finish();
    drain(&mut s, &mut out, &mut spans, 4096);
    let jump = spans.iter().position(|sp| sp.t >= 10.0).unwrap();
    for sp in &spans[..jump] {
        assert!(sp.t >= 0.0 && sp.end(RATE) <= 1.0 + 1e-9, "{sp:?}");
    }
    assert_eq!(spans[jump].t, 10.0);
    for pair in spans[jump..].windows(2) {
        assert!((pair[1].t - pair[0].end(RATE)).abs() < 1e-9, "{pair:?}");
    }
    assert!((spans.last().unwrap().end(RATE) - 11.0).abs() < 0.02);
}

#[test]
fn leaving_the_bypass_mid_stream_leaves_no_gap() {
    let input = tone(440.0, 0.5, 2.0, RATE, 2);
    let mut s = Stretcher::new(2, RATE);
    let (mut out, mut spans) = (Vec::new(), Vec::new());
    let half = input.len() / 2;
    s.push(0.0, &input[..half]);
    drain(&mut s, &mut out, &mut spans, 1000);
    s.set_tempo(2.0);
    assert!(!s.is_bypassed());
    s.push(1.0, &input[half..]);
    s.finish();
    drain(&mut s, &mut out, &mut spans, 1000);
    for pair in spans.windows(2) {
        assert!((pair[1].t - pair[0].end(RATE)).abs() < 1e-9, "{pair:?}");
    }
    assert_eq!(spans.first().unwrap().speed, 1.0);
    assert_eq!(spans.last().unwrap().speed, 2.0);
    let mono = channel(&out, 2, 0);
    assert!(max_step(&mono) <= max_step(&input) * 1.1);
    assert!((frequency(&mono, RATE, 0) - 440.0).abs() < 2.0);
    // 1 s as it was, then 1 s at 2×.
    let seconds = mono.len() as f64 / f64::from(RATE);
    assert!((seconds - 1.5).abs() < 0.02, "{seconds}");
}

#[test]
fn reset_starts_again_at_the_time_pushed() {
    let mut s = Stretcher::new(2, RATE);
    s.set_tempo(1.5);
    let (mut out, mut spans) = (Vec::new(), Vec::new());
    s.push(0.0, &tone(440.0, 0.5, 1.0, RATE, 2));
    drain(&mut s, &mut out, &mut spans, 4096);
    assert!(s.held_s() > 0.0);
    s.reset();
    assert_eq!(s.held_s(), 0.0);
    spans.clear();
    s.push(100.0, &tone(440.0, 0.5, 1.0, RATE, 2));
    drain(&mut s, &mut out, &mut spans, 4096);
    assert_eq!(spans.first().map(|sp| (sp.t, sp.speed)), Some((100.0, 1.5)));
    // At 1.0× a reset goes back to the bypass.
    s.set_tempo(1.0);
    s.reset();
    assert!(s.is_bypassed());
}
