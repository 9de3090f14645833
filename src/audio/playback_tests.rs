//! Playback end to end on real files, with no sound card: chapters play in order, the
//! reported position is that of the audio handed out, pause silences and resume continues,
//! volume scales, and the events tell the story.

use super::decode::Origin;
use super::test_support::{
    CHAPTER_HZ, CHAPTER_S, Heard, Listener, RATE, chapters, frames, loudest,
};
use crate::core::PlayerEvent;

/// Every 50 ms window well inside a chapter (by the reported position) sounds that chapter's
/// tone, and the chapters come in order.
fn assert_chapters_in_order(heard: &Heard) {
    let win = frames(0.05);
    let mut order = Vec::new();
    let mut checked = 0;
    for start in (0..heard.left.len().saturating_sub(win)).step_by(win) {
        let t = heard.position[start];
        let chapter = (t / CHAPTER_S) as usize;
        let into = t - chapter as f64 * CHAPTER_S;
        if into < 0.03 || into + 0.05 > CHAPTER_S - 0.03 {
            continue;
        }
        let got = loudest(&heard.left[start..start + win], CHAPTER_HZ);
        assert_eq!(got, chapter, "at {t:.3} s the tone of chapter {got} sounds");
        if order.last() != Some(&got) {
            order.push(got);
        }
        checked += 1;
    }
    assert_eq!(order, [0, 1, 2]);
    assert!(checked > 200, "only {checked} windows checked");
}

/// The frame at which `heard` switches from chapter `from` to the next, to within 2 ms.
fn boundary(heard: &Heard, from: usize) -> usize {
    let win = frames(0.01);
    let hop = frames(0.002);
    // Search from well inside chapter `from`, past any silence or ramp at the start.
    let inside = from as f64 * CHAPTER_S + CHAPTER_S / 2.0;
    let mut start = heard
        .position
        .iter()
        .position(|&t| t >= inside)
        .unwrap_or(0);
    while start + win <= heard.left.len() {
        if loudest(&heard.left[start..start + win], CHAPTER_HZ) == from + 1 {
            return start + win / 2;
        }
        start += hop;
    }
    panic!("chapter {} never starts", from + 1);
}

fn play_whole(ext: &str) -> (Heard, Vec<PlayerEvent>) {
    let mut listener = Listener::open(&chapters(ext), 0.0, Origin::Local);
    let heard = listener.pull(frames(20.0));
    let events = listener.drain_events();
    (heard, events)
}

fn assert_story(events: &[PlayerEvent]) {
    assert_eq!(
        events.first(),
        Some(&PlayerEvent::Started {
            episode: 7,
            duration_s: events_duration(events)
        })
    );
    assert_eq!(events.last(), Some(&PlayerEvent::Ended));
    let positions = events
        .iter()
        .filter(|e| matches!(e, PlayerEvent::Position { .. }))
        .count();
    assert!(
        (20..=30).contains(&positions),
        "{positions} position reports for 12 s"
    );
    assert!(!events.contains(&PlayerEvent::Buffering));
}

fn events_duration(events: &[PlayerEvent]) -> Option<f64> {
    match events.first() {
        Some(PlayerEvent::Started { duration_s, .. }) => *duration_s,
        _ => None,
    }
}

#[test]
fn wav_chapters_play_in_order_and_positions_match_the_sound() {
    let (heard, events) = play_whole("wav");
    assert_eq!(heard.left.len(), frames(12.0));
    assert_chapters_in_order(&heard);
    for (from, at) in [(0, 4.0), (1, 8.0)] {
        let t = heard.position[boundary(&heard, from)];
        eprintln!(
            "wav: chapter {} starts at {at} s, heard at {t:.4} s",
            from + 1
        );
        assert!(
            (t - at).abs() < 0.003,
            "chapter {} heard at {t:.4} s",
            from + 1
        );
    }
    assert_story(&events);
    assert!((events_duration(&events).unwrap() - 12.0).abs() < 1e-9);
}

#[test]
fn cbr_mp3_chapters_play_in_order_and_positions_match_the_sound() {
    let (heard, events) = play_whole("cbr.mp3");
    // Encoder delay and padding are trimmed: the listener hears the 12 s that went in.
    let heard_s = heard.left.len() as f64 / f64::from(RATE);
    assert!((heard_s - 12.0).abs() < 0.03, "heard {heard_s:.3} s");
    assert_chapters_in_order(&heard);
    for (from, at) in [(0, 4.0), (1, 8.0)] {
        let t = heard.position[boundary(&heard, from)];
        eprintln!(
            "cbr.mp3: chapter {} starts at {at} s, heard at {t:.4} s",
            from + 1
        );
        assert!(
            (t - at).abs() < 0.004,
            "chapter {} heard at {t:.4} s",
            from + 1
        );
    }
    assert_story(&events);
    assert!((events_duration(&events).unwrap() - 12.0).abs() < 0.001);
}

#[test]
fn m4a_and_ogg_chapters_play_in_order() {
    for ext in ["m4a", "ogg"] {
        let (heard, events) = play_whole(ext);
        let heard_s = heard.left.len() as f64 / f64::from(RATE);
        assert!((heard_s - 12.0).abs() < 0.1, "{ext}: heard {heard_s:.3} s");
        assert_chapters_in_order(&heard);
        for (from, at) in [(0, 4.0), (1, 8.0)] {
            let t = heard.position[boundary(&heard, from)];
            eprintln!(
                "{ext}: chapter {} starts at {at} s, heard at {t:.4} s",
                from + 1
            );
            // AAC's priming (1024 samples here) is trimmed as the edit list says.
            assert!(
                (t - at).abs() < 0.003,
                "{ext}: chapter {} heard at {t:.4} s",
                from + 1
            );
        }
        assert_eq!(events.last(), Some(&PlayerEvent::Ended), "{ext}");
    }
}

#[test]
fn pause_silences_and_resume_continues_where_it_stopped() {
    let mut listener = Listener::open(&chapters("wav"), 0.0, Origin::Local);
    let before = listener.pull(frames(1.0));
    let stopped_at = *before.position.last().unwrap();
    listener.engine.pause();
    let paused = listener.pull(frames(0.5));
    assert!(paused.left.iter().all(|&v| v == 0.0), "sound while paused");
    assert!(
        paused.position.iter().all(|&t| t == stopped_at),
        "position moved while paused"
    );
    listener.engine.play();
    let after = listener.pull(frames(0.5));
    let first = after.position[0];
    assert!(
        (first - stopped_at - 1.0 / f64::from(RATE)).abs() < 1e-9,
        "resumed at {first}"
    );
    // The tone goes on with its phase: no sample was lost or repeated.
    let joined: Vec<f32> = before.left[before.left.len() - 200..]
        .iter()
        .chain(&after.left[..200])
        .copied()
        .collect();
    let expected = |i: usize| {
        let n = frames(1.0) - 200 + i;
        (0.5 * (std::f64::consts::TAU * 440.0 * n as f64 / f64::from(RATE)).sin()) as f32
    };
    for (i, &v) in joined.iter().enumerate() {
        assert!(
            (v - expected(i)).abs() < 2e-3,
            "sample {i}: {v} vs {}",
            expected(i)
        );
    }
    let events = listener.drain_events();
    let pause_events: Vec<_> = events
        .iter()
        .filter(|e| matches!(e, PlayerEvent::Paused | PlayerEvent::Resumed))
        .collect();
    assert_eq!(pause_events, [&PlayerEvent::Paused, &PlayerEvent::Resumed]);
}

#[test]
fn volume_scales_the_samples() {
    let mut listener = Listener::open(&chapters("wav"), 0.0, Origin::Local);
    let peak = |h: &Heard| h.left.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    let full = peak(&listener.pull(frames(0.2)));
    listener.engine.set_volume(50);
    let half = peak(&listener.pull(frames(0.2)));
    listener.engine.set_volume(200);
    let most = peak(&listener.pull(frames(0.2)));
    assert!((full - 0.5).abs() < 0.01, "full {full}");
    assert!((half - 0.25).abs() < 0.01, "half {half}");
    assert!((most - 0.75).abs() < 0.01, "capped at 150 %: {most}");
}

#[test]
fn starting_part_way_reports_the_start_and_plays_from_there() {
    let mut listener = Listener::open(&chapters("wav"), 6.5, Origin::Local);
    assert_eq!(listener.engine.position(), (6.5, true));
    let heard = listener.pull(frames(0.3));
    assert_eq!(heard.position[0], 6.5);
    assert_eq!(loudest(&heard.left, CHAPTER_HZ), 1);
    let events = listener.drain_events();
    assert!(matches!(events[0], PlayerEvent::Started { episode: 7, .. }));
    assert_eq!(
        events[1],
        PlayerEvent::Position {
            t: 6.5,
            exact: true
        }
    );
}

#[test]
fn unknown_bytes_fail_to_open_with_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("noise.bin");
    std::fs::write(&path, vec![0x5Au8; 10_000]).unwrap();
    let file = std::fs::File::open(&path).unwrap();
    let err = super::Engine::open_headless(Box::new(file), Default::default())
        .err()
        .unwrap();
    assert!(matches!(err, super::AudioError::Probe(_)), "{err:?}");
}

#[test]
fn a_seek_while_paused_reports_where_playback_will_resume() {
    let mut listener = Listener::open(&chapters("cbr.mp3"), 0.0, Origin::Local);
    listener.pull(frames(0.5));
    listener.engine.pause();
    listener.engine.seek(9.25);
    // The card keeps pulling (silence) while the decoder lands the seek.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while listener.engine.position() != (9.25, true) {
        let paused = listener.pull(frames(0.01));
        assert!(paused.left.iter().all(|&v| v == 0.0), "sound while paused");
        assert!(
            std::time::Instant::now() < deadline,
            "no landing reported while paused"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let events = listener.drain_events();
    assert!(
        events.contains(&PlayerEvent::Seeked {
            t: 9.25,
            exact: true
        }),
        "{events:?}"
    );
    listener.engine.play();
    let heard = listener.pull(frames(0.3));
    assert!((heard.position[0] - 9.25).abs() < 1e-9);
    assert_eq!(loudest(&heard.left, CHAPTER_HZ), 2);
    let again = listener.drain_events();
    assert!(
        !again
            .iter()
            .any(|e| matches!(e, PlayerEvent::Seeked { .. })),
        "{again:?}"
    );
}

#[test]
fn engine_and_output_move_between_threads() {
    fn send<T: Send>() {}
    send::<super::Engine>();
    send::<super::PlayerSource>();
}
