//! Voice levelling end to end: `play` through a real (null) sound card, a private PulseAudio
//! daemon recording what is heard, a quiet episode streamed from the loopback server. With
//! `--level-voices` a 400 Hz tone at −35 dBFS RMS is heard about 15 dB louder than without,
//! still at 400 Hz and never clipped. Asserted on samples, never on wall time.

mod support;

use std::path::Path;

use support::comfort_media::encode;
use support::episode_feed::serve_without_durations;
use support::media_tools::sine_wav_peaking;
use support::pulse::{PulseSink, RATE};
use support::server::{Resource, TestServer};
use support::sink_play::play_heard;
use support::tone::{assert_mostly, rms};

/// `seconds` of a `hz` sine peaking at `amplitude`, stereo 44.1 kHz 16-bit WAV.
fn quiet_tone_wav(dir: &Path, seconds: f64, hz: f64, amplitude: f64) -> std::path::PathBuf {
    let wav = dir.join("quiet.wav");
    sine_wav_peaking(&wav, seconds, hz, amplitude);
    wav
}

/// RMS of the sounding part of a recording (10 ms windows above `floor`), from `skip_s`
/// seconds after the sound starts to its end.
fn sounding_rms(samples: &[f32], floor: f32, skip_s: f64) -> f32 {
    let window = RATE as usize / 100;
    let first = samples
        .chunks(window)
        .position(|w| rms(w) > floor)
        .expect("something was heard");
    let from = first * window + (skip_s * f64::from(RATE)) as usize;
    let sounding: Vec<f32> = samples[from.min(samples.len())..]
        .chunks(window)
        .filter(|w| rms(w) > floor)
        .flatten()
        .copied()
        .collect();
    rms(&sounding)
}

#[test]
fn a_quiet_voice_is_heard_louder_with_level_voices_and_stays_400_hz() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    // Amplitude 0.025: RMS −35 dBFS, about −32.7 LUFS.
    let wav = quiet_tone_wav(dir.path(), 12.0, 400.0, 0.025);
    let feed = serve_without_durations(&server, Resource::bytes(encode(&wav, "mp3")), "mp3");

    let plain_dir = dir.path().join("plain");
    let (_, events, plain) = play_heard(&sink, &plain_dir, &feed, &["--for", "6"]);
    assert!(!events.is_empty());
    let levelled_dir = dir.path().join("levelled");
    let (_, events, levelled) = play_heard(
        &sink,
        &levelled_dir,
        &feed,
        &["--for", "6", "--level-voices"],
    );
    assert!(!events.is_empty());

    // Past the first 2 s (the gain rises over about one), the level each run settles at.
    let floor = 0.002;
    let (quiet, loud) = (
        sounding_rms(&plain, floor, 2.0),
        sounding_rms(&levelled, floor, 2.0),
    );
    let raised = 20.0 * (loud / quiet).log10();
    eprintln!("without: {quiet:.4} RMS, with --level-voices: {loud:.4} RMS, +{raised:.1} dB");
    assert!(
        (13.0..=15.5).contains(&raised),
        "heard {raised:.1} dB louder"
    );
    let peak = levelled.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    assert!(peak < 0.9, "peak {peak}");
    assert_mostly(&levelled, RATE, &[200.0, 400.0, 800.0], 400.0);
}
