//! The end-to-end sound card works: a private null sink hears what is played into it, and the
//! tone analysis tells tones apart. Every audio end-to-end test relies on this.

mod support;

use std::process::Command;

use support::pulse::{PulseSink, RATE};
use support::tone::{rms, tones};

#[test]
fn a_tone_played_into_the_null_sink_is_heard_back() {
    let Some(sink) = PulseSink::start() else {
        panic!("PulseAudio is required for the end-to-end tests: run scripts/setup --test");
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let wav = dir.path().join("tone.wav");
    let made = Command::new("sox")
        .args(["-n", "-r", "44100", "-c", "2", "-b", "16"])
        .arg(&wav)
        .args(["synth", "1.0", "sine", "440", "vol", "0.5"])
        .status()
        .expect("sox runs");
    assert!(made.success());
    let recording = sink.record().expect("parec starts").attached();
    let played = Command::new("paplay")
        .arg(&wav)
        .envs(sink.env())
        .status()
        .expect("paplay runs");
    assert!(played.success());
    std::thread::sleep(std::time::Duration::from_millis(300));
    let heard = recording.stop();
    assert!(rms(&heard) > 0.01, "something was heard");
    let found: Vec<f32> = tones(&heard, RATE, RATE as usize / 10, &[440.0, 880.0, 1318.0])
        .into_iter()
        .flatten()
        .collect();
    assert!(found.contains(&440.0), "{found:?}");
}
