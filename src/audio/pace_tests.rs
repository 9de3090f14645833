//! The engine at another pace, decoding real files: at 2× a tone keeps its pitch while the
//! positions run twice as fast; a change of pace while playing goes on from where the audio is
//! (no seek reported, time never back, the new speed from the switch on); skipped silence is
//! reported and positions run past it; `pause_after` counts episode seconds; a jump past the
//! end says so.

use super::decode::Origin;
use super::test_support::{
    CHAPTER_HZ, Listener, RATE, chapters, fixture, frames, loudest, write_wav,
};
use crate::core::{Pace, PlayerEvent};

fn pace(speed: f64, skip_silence: bool) -> Pace {
    Pace {
        speed,
        skip_silence,
        level_voices: false,
    }
}

/// 1 s of 440 Hz, 20 s of silence, 1 s of 440 Hz, as WAV.
fn tone_silence_tone() -> std::path::PathBuf {
    fixture("tone-silence-tone.wav", |p| {
        let tone: Vec<f32> = (0..RATE as usize)
            .map(|i| {
                let phase = std::f64::consts::TAU * 440.0 * i as f64 / f64::from(RATE);
                (0.5 * phase.sin()) as f32
            })
            .collect();
        let silence = vec![0.0f32; 20 * RATE as usize];
        write_wav(p, &[&tone[..], &silence[..], &tone[..]].concat());
    })
}

/// Pitch candidates around the chapter tones: octaves, and what 2× without pitch keeping gives.
fn tone_in(x: &[f32]) -> f64 {
    let candidates = [220.0, 440.0, 660.0, 880.0, 1318.0, 1760.0, 2636.0];
    candidates[loudest(x, candidates)]
}

#[test]
fn at_double_speed_the_tone_keeps_its_pitch_and_the_episode_goes_by_twice_as_fast() {
    let mut listener = Listener::open_paced(&chapters("wav"), 0.0, pace(2.0, false));
    let heard = listener.pull(frames(20.0));
    let events = listener.drain_events();
    let seconds = heard.left.len() as f64 / f64::from(RATE);
    eprintln!("12 s of episode heard in {seconds} s");
    assert!((seconds - 6.0).abs() < 0.1, "{seconds} s");
    assert_eq!(heard.position[0], 0.0);
    let last = heard.position[heard.position.len() - 1];
    assert!((last - 12.0).abs() < 0.05, "last position {last}");
    for pair in heard.position.windows(2) {
        assert!(pair[1] >= pair[0]);
    }
    // Each chapter's tone, at its pitch, for the 2 s it now lasts.
    for (i, hz) in CHAPTER_HZ.iter().enumerate() {
        let from = frames(2.0 * i as f64 + 0.3);
        assert_eq!(
            tone_in(&heard.left[from..from + frames(1.0)]),
            *hz,
            "chapter {i}"
        );
    }
    let reported: Vec<f64> = events
        .iter()
        .filter_map(|e| match e {
            PlayerEvent::Position { t, .. } => Some(*t),
            _ => None,
        })
        .collect();
    assert_eq!(
        reported[..4],
        [0.0, 1.0, 2.0, 3.0],
        "a report every second heard"
    );
    assert!(events.contains(&PlayerEvent::Ended));
}

#[test]
fn a_change_of_pace_goes_on_from_where_the_audio_is() {
    let mut listener = Listener::open(&chapters("wav"), 0.0, Origin::Local);
    let before = listener.pull(frames(1.0));
    listener.drain_events();
    let (heard_at, _) = listener.engine.position();
    listener.engine.set_pace(pace(1.5, false));
    assert_eq!(listener.engine.pace(), pace(1.5, false));
    let after = listener.pull(frames(3.0));
    let events = listener.drain_events();
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, PlayerEvent::Seeked { .. })),
        "not a seek: {events:?}"
    );
    let t: Vec<f64> = before
        .position
        .iter()
        .chain(&after.position)
        .copied()
        .collect();
    for pair in t.windows(2) {
        assert!(pair[1] >= pair[0], "time ran back: {pair:?}");
        assert!(
            pair[1] - pair[0] < 2.0 / f64::from(RATE),
            "a jump: {pair:?}"
        );
    }
    // The new speed from the switch on, 0.12 s of listening after it was asked for.
    let switch = heard_at + super::engine::PACE_LEAD_S;
    let at = after
        .position
        .iter()
        .position(|&p| p >= switch - 1e-9)
        .expect("switched");
    assert!(at <= frames(0.125), "heard after {at} frames");
    let step = after.position[at + 101] - after.position[at + 100];
    assert!((step - 1.5 / f64::from(RATE)).abs() < 1e-9, "step {step}");
    assert_eq!(tone_in(&after.left[frames(0.5)..frames(1.0)]), 440.0);
    // Chapter 2 (880 Hz) starts at 4 s of the episode: about 1.9 s of listening at 1.5×.
    let chapter_2 = after
        .position
        .iter()
        .position(|&p| p >= 4.3)
        .expect("chapter 2");
    assert_eq!(
        tone_in(&after.left[chapter_2..chapter_2 + frames(0.3)]),
        880.0
    );
}

#[test]
fn skipped_silence_is_reported_and_the_positions_run_past_it() {
    let mut listener = Listener::open_paced(&tone_silence_tone(), 0.0, pace(1.0, true));
    let heard = listener.pull(frames(30.0));
    let events = listener.drain_events();
    let seconds = heard.left.len() as f64 / f64::from(RATE);
    let skipped: f64 = events
        .iter()
        .filter_map(|e| match e {
            PlayerEvent::SilenceSkipped { seconds } => Some(*seconds),
            _ => None,
        })
        .sum();
    eprintln!("22 s heard in {seconds} s, {skipped} s skipped");
    // 1 s of tone, half a second of the silence, 1 s of tone.
    assert!((seconds - 2.5).abs() < 0.05, "{seconds} s");
    assert!((skipped - 19.5).abs() < 0.05, "{skipped} s skipped");
    let last = heard.position[heard.position.len() - 1];
    assert!((last - 22.0).abs() < 0.05, "{last}");
    assert!(heard.position.iter().any(|&t| t > 21.0 && t < 21.5));
    assert_eq!(
        tone_in(&heard.left[heard.left.len() - frames(0.8)..]),
        440.0
    );
    assert!(events.contains(&PlayerEvent::Ended));
}

#[test]
fn pause_after_counts_episode_seconds_at_any_speed() {
    let mut listener = Listener::open_paced(&chapters("wav"), 1.0, pace(2.0, false));
    listener.engine.pause_after(8.0);
    let heard = listener.pull(frames(4.5));
    let audio = heard.exact.len() - heard.left.iter().rev().take_while(|x| **x == 0.0).count();
    let seconds = audio as f64 / f64::from(RATE);
    assert!(
        (seconds - 4.0).abs() < 0.02,
        "8 s of the episode in {seconds} s"
    );
    let events = listener.drain_events();
    let last = events.iter().rev().find_map(|e| match e {
        PlayerEvent::Position { t, .. } => Some(*t),
        _ => None,
    });
    assert!(last.is_some_and(|t| (t - 9.0).abs() < 0.01), "{last:?}");
    assert_eq!(events.last(), Some(&PlayerEvent::Paused));
}

#[test]
fn a_jump_past_the_end_is_reported_as_such() {
    let mut listener = Listener::open_paced(&chapters("wav"), 0.0, pace(1.5, false));
    listener.pull(frames(0.5));
    listener.drain_events();
    listener.engine.seek(60.0);
    listener.pull(frames(0.5));
    let events = listener.drain_events();
    assert!(events.contains(&PlayerEvent::PastEnd), "{events:?}");
    assert!(!events.contains(&PlayerEvent::Ended), "{events:?}");
}
