//! Listener time never runs back and a jump lands where it says: after opening at, or jumping
//! to, a chapter's start in MP3, M4A or Opus, every report (the first one included) is at or
//! after that start, times only grow, and the half-second reports land on exact half seconds.
//! And a limit on how much to play (`play --for`) stops after exactly that much audio.

use super::decode::Origin;
use super::output::FrameState;
use super::test_support::{CHAPTER_S, Listener, chapters};
use crate::core::PlayerEvent;

const FORMATS: [&str; 3] = ["cbr.mp3", "m4a", "opus"];

/// The times the events report, in order (`Started` carries none).
fn reported(events: &[PlayerEvent]) -> Vec<f64> {
    events
        .iter()
        .filter_map(|e| match e {
            PlayerEvent::Position { t, .. } | PlayerEvent::Seeked { t, .. } => Some(*t),
            _ => None,
        })
        .collect()
}

fn assert_never_back(what: &str, times: &[f64]) {
    for pair in times.windows(2) {
        assert!(pair[1] >= pair[0], "{what}: {} after {}", pair[1], pair[0]);
    }
}

#[test]
fn opening_at_a_chapter_start_reports_that_start_first_and_never_less() {
    for ext in FORMATS {
        let mut listener = Listener::open(&chapters(ext), CHAPTER_S, Origin::Local);
        let heard = listener.pull(listener_frames(&listener, 1.6));
        let events = listener.drain_events();
        let times = reported(&events);
        eprintln!(
            "{ext}: first frames at {:?}, reports {times:?}",
            &heard.position[..3]
        );
        assert_eq!(heard.position[0], CHAPTER_S, "{ext}: the first frame heard");
        assert_never_back(ext, &heard.position);
        assert!(matches!(events.first(), Some(PlayerEvent::Started { .. })));
        assert_eq!(times[..4], [4.0, 4.5, 5.0, 5.5], "{ext}: reports");
        assert_never_back(ext, &times);
    }
}

#[test]
fn a_jump_to_a_chapter_start_lands_on_it_and_time_goes_on_from_there() {
    for ext in FORMATS {
        let mut listener = Listener::open(&chapters(ext), 1.0, Origin::Local);
        listener.pull(listener_frames(&listener, 0.7));
        listener.drain_events();
        let after = listener.seek_and_pull(2.0 * CHAPTER_S, listener_frames(&listener, 1.1));
        let events = listener.drain_events();
        let times = reported(&events);
        eprintln!("{ext}: after the jump {times:?}");
        assert_eq!(
            events.first(),
            Some(&PlayerEvent::Seeked {
                t: 2.0 * CHAPTER_S,
                exact: true
            }),
            "{ext}"
        );
        assert_eq!(after.position[0], 2.0 * CHAPTER_S, "{ext}");
        assert!(
            after.position.iter().all(|&t| t >= 2.0 * CHAPTER_S),
            "{ext}"
        );
        assert_never_back(ext, &after.position);
        assert_eq!(times[..3], [8.0, 8.5, 9.0], "{ext}");
    }
}

#[test]
fn a_jump_between_samples_lands_on_the_first_sample_after_it() {
    for ext in FORMATS {
        let target = CHAPTER_S + 1e-5;
        let mut listener = Listener::open(&chapters(ext), target, Origin::Local);
        let rate = f64::from(rodio::Source::sample_rate(&listener.source).get());
        let heard = listener.pull(10);
        let first = heard.position[0];
        assert!(
            first >= target && first < target + 1.0 / rate,
            "{ext}: {first} for {target}"
        );
    }
}

#[test]
fn a_limit_plays_exactly_that_much_then_pauses_where_it_says() {
    for ext in FORMATS {
        let mut listener = Listener::open_limited(&chapters(ext), 5.25, 1.3);
        let rate = f64::from(rodio::Source::sample_rate(&listener.source).get());
        let mut played = 0usize;
        loop {
            listener.pull(1);
            match listener.source.state() {
                FrameState::Audio => played += 1,
                FrameState::Paused => break,
                _ => {}
            }
        }
        let events = listener.drain_events();
        eprintln!(
            "{ext}: {played} frames, then {:?}",
            &events[events.len() - 2..]
        );
        assert_eq!(played as f64, (1.3 * rate).round(), "{ext}: frames played");
        assert_eq!(events.last(), Some(&PlayerEvent::Paused), "{ext}");
        let times = reported(&events);
        assert_eq!(times[..3], [5.25, 5.75, 6.25], "{ext}");
        assert_eq!(times.len(), 4, "{ext}: {times:?}");
        assert!(
            (times[3] - 6.55).abs() < 1e-12,
            "{ext}: paused at {}",
            times[3]
        );
        assert!(listener.engine.is_paused(), "{ext}");
    }
}

/// Frames of `seconds` at the listener's output rate.
fn listener_frames(listener: &Listener, seconds: f64) -> usize {
    let rate = rodio::Source::sample_rate(&listener.source).get();
    (seconds * f64::from(rate)).round() as usize
}
