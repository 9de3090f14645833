//! Changing speed while playing, in the real terminal (tmux) with a private PulseAudio sink:
//! `]` ten times takes the playing episode to 1.5×, shown in the player bar, and the sink hears
//! chapter 2's 880 Hz tone for 4 s / 1.5 of sound at its own pitch (never the 660 Hz a plain
//! resampling would make of chapter 1's 440 Hz). Skip silence and the sleep timer show in the
//! bar, the list shows the length measured from the media (the feed gives none), and the
//! podcast remembers its speed for the next `play`.

mod support;

use std::time::Duration;

use support::player::{Home, stderr};
use support::pulse::{PulseSink, RATE};
use support::tone::tones;
use support::tone_mp3::serve_three_tones;

/// Chapter 1's tone, what resampling to 1.5× would make of it, chapter 2's and chapter 3's.
const HEARD: [f32; 4] = [440.0, 660.0, 880.0, 1318.0];

/// Seconds each candidate tone sounds in `samples`, by 50 ms windows.
fn seconds_of(samples: &[f32], hz: f32) -> f64 {
    let found = tones(samples, RATE, RATE as usize / 20, &HEARD);
    found.iter().filter(|f| **f == Some(hz)).count() as f64 / 20.0
}

#[test]
fn speed_changed_while_playing_keeps_the_pitch_and_is_remembered() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let home = Home::bare(Some(&sink), &[]);
    home.add(&serve_three_tones(&home.server, home.dir.path()));
    let tmux = home.player_showing("comfort", "tones", "Three tones");
    let recording = sink.record().expect("parec").attached();
    tmux.keys(&["Tab", "Enter"]);
    tmux.wait_for("Playing", Duration::from_secs(10));
    for _ in 0..10 {
        tmux.keys(&["]"]);
    }
    let pane = tmux.wait_for("1.5×", Duration::from_secs(5));
    assert!(
        pane.contains("Playing · 1.5×"),
        "in the player bar:\n{pane}"
    );
    // Until chapter 3 is named in the bar: chapter 2 was heard whole.
    tmux.wait_for("› 3/3 High", Duration::from_secs(15));
    std::thread::sleep(Duration::from_millis(300));
    let heard = recording.stop();
    let (low, resampled, middle) = (
        seconds_of(&heard, 440.0),
        seconds_of(&heard, 660.0),
        seconds_of(&heard, 880.0),
    );
    eprintln!("440 Hz {low} s, 660 Hz {resampled} s, 880 Hz {middle} s");
    assert!(low > 0.5, "chapter 1 heard at its pitch");
    assert!(
        resampled <= 0.1,
        "no chipmunk voice: {resampled} s at 660 Hz"
    );
    assert!(
        (middle - 4.0 / 1.5).abs() < 0.25,
        "chapter 2's 4 s sounded for {middle} s"
    );
    // The length read from the media, in the episode list (the feed gives none).
    let pane = tmux.pane();
    assert!(
        pane.lines()
            .any(|l| l.contains("Three tones") && l.contains("0:12")),
        "{pane}"
    );

    tmux.keys(&["s"]);
    tmux.wait_for("skipping silences", Duration::from_secs(5));
    tmux.keys(&["z"]);
    let pane = tmux.wait_for("· sleep ", Duration::from_secs(5));
    assert!(
        pane.contains("sleep 15:00") || pane.contains("sleep 14:5"),
        "a countdown:\n{pane}"
    );
    tmux.keys(&["Z"]);
    tmux.wait_gone("· sleep ", Duration::from_secs(5));
    tmux.quit();

    // The podcast remembers its pace: `play` uses it.
    let played = home.run(&["play", "tones", "1", "--at", "0", "--for", "0.5", "--json"]);
    let stdout = String::from_utf8_lossy(&played.stdout);
    assert!(played.status.success(), "{}", stderr(&played));
    let first: serde_json::Value =
        serde_json::from_str(stdout.lines().next().unwrap_or_default()).expect("JSON");
    assert_eq!(first["speed"], 1.5, "{stdout}");
}
