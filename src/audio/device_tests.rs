//! The engine on a real output device: a private PulseAudio daemon with a null sink (a sound
//! card that plays in real time into nothing), recorded back from its monitor with parec.
//! Ignored by default: needs pulseaudio and parec, and takes about 12 s. The outer test starts
//! the daemon and runs the session in a child test process whose environment points ALSA at
//! it, so no setting of this process (or of the user's) changes.

use std::io::Read;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use super::engine::{AudioDevice, Engine, OpenOptions};
use super::test_support::{CHAPTER_HZ, RATE, chapters, frames, loudest};
use crate::core::PlayerEvent;

const SESSION_ENV: &str = "NETSTACK_AUDIO_DEVICE_SESSION";

#[test]
#[ignore = "needs pulseaudio and parec; about 12 s"]
fn plays_in_real_time_through_a_null_sink() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path().to_str().expect("utf-8 temp dir");
    let socket = dir.path().join("native");
    let mut daemon = Command::new("pulseaudio")
        .args([
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
        ])
        .arg("--use-pid-file=no")
        .arg("--load=module-null-sink sink_name=nullsink rate=44100 channels=2")
        .arg(format!(
            "--load=module-native-protocol-unix auth-anonymous=1 socket={d}/native"
        ))
        .env("HOME", d)
        .env("XDG_RUNTIME_DIR", d)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("pulseaudio");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !socket.exists() && Instant::now() < deadline {
        sleep(Duration::from_millis(50));
    }
    let server = format!("unix:{d}/native");
    let alsa_conf = dir.path().join("alsa.conf");
    std::fs::write(
        &alsa_conf,
        format!(
            "</usr/share/alsa/alsa.conf>\npcm.!default {{ type pulse server \"{server}\" }}\n\
             ctl.!default {{ type pulse server \"{server}\" }}\n"
        ),
    )
    .expect("alsa config");
    let status = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--ignored",
            "--exact",
            "audio::device_tests::device_session",
        ])
        .args(["--nocapture", "--test-threads=1"])
        .env(SESSION_ENV, d)
        .env("PULSE_SERVER", &server)
        .env("ALSA_CONFIG_PATH", &alsa_conf)
        .env("HOME", d)
        .status()
        .expect("session");
    let _ = daemon.kill();
    let _ = daemon.wait();
    assert!(status.success(), "the device session failed");
}

/// Runs only inside [`plays_in_real_time_through_a_null_sink`].
#[test]
#[ignore = "run by plays_in_real_time_through_a_null_sink"]
fn device_session() {
    if std::env::var_os(SESSION_ENV).is_none() {
        return;
    }
    let mut parec = Command::new("parec")
        .args(["-d", "nullsink.monitor", "--format=s16le", "--rate=44100"])
        .args(["--channels=2", "--raw"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("parec");
    let mut out = parec.stdout.take().expect("parec output");
    let recorder = std::thread::spawn(move || {
        let mut raw = Vec::new();
        let _ = out.read_to_end(&mut raw);
        raw
    });
    // parec needs about a second to attach.
    sleep(Duration::from_millis(1200));

    let device = AudioDevice::open_default().expect("open the null sink");
    let file = std::fs::File::open(chapters("wav")).expect("fixture");
    let options = OpenOptions {
        episode: 1,
        extension: Some("wav".into()),
        ..Default::default()
    };
    let mut engine = Engine::open(Box::new(file), options, &device).expect("open");
    let events = engine.take_events().expect("events");
    let started = Instant::now();

    // The position follows the sound card's clock: one second per second once it runs.
    sleep(Duration::from_millis(1000));
    let (t1, wall1) = (engine.position().0, started.elapsed().as_secs_f64());
    sleep(Duration::from_millis(1500));
    let (t2, wall2) = (engine.position().0, started.elapsed().as_secs_f64());
    let pace = (t2 - t1) / (wall2 - wall1);
    eprintln!(
        "position {t1:.3} s after {wall1:.3} s, {t2:.3} s after {wall2:.3} s: pace {pace:.3}"
    );
    assert!(
        (pace - 1.0).abs() < 0.1,
        "the position runs at {pace} s per second"
    );
    assert!(t1 > 0.2 && t1 <= wall1, "started {:.3} s late", wall1 - t1);

    engine.seek(6.0);
    sleep(Duration::from_secs(1));
    let (t, _) = engine.position();
    eprintln!("1 s after seeking to 6.0 the position is {t:.3} s");
    assert!((t - 7.0).abs() < 0.3, "position {t} 1 s after seeking to 6");

    engine.pause();
    let (paused_at, _) = engine.position();
    sleep(Duration::from_millis(500));
    assert_eq!(engine.position().0, paused_at, "moved while paused");
    engine.play();

    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !seen.contains(&PlayerEvent::Ended) {
        let left = deadline.saturating_duration_since(Instant::now());
        seen.push(events.recv_timeout(left).expect("Ended within 10 s"));
    }
    drop(engine);
    sleep(Duration::from_millis(300));
    let _ = parec.kill();
    let _ = parec.wait();
    let raw = recorder.join().expect("recorder");

    assert!(
        matches!(seen[0], PlayerEvent::Started { episode: 1, .. }),
        "{seen:?}"
    );
    let seeked = seen.iter().find_map(|e| match e {
        PlayerEvent::Seeked { t, exact } => Some((*t, *exact)),
        _ => None,
    });
    assert_eq!(seeked, Some((6.0, true)));
    assert!(seen.contains(&PlayerEvent::Paused) && seen.contains(&PlayerEvent::Resumed));
    assert!(
        !seen.iter().any(|e| matches!(e, PlayerEvent::Error(_))),
        "{seen:?}"
    );
    assert_heard_in_order(&raw);
}

/// The recording sounds the three chapter tones, in order.
fn assert_heard_in_order(raw: &[u8]) {
    let left: Vec<f32> = raw
        .chunks_exact(4)
        .map(|f| f32::from(i16::from_le_bytes([f[0], f[1]])) / 32768.0)
        .collect();
    eprintln!("recorded {:.2} s", left.len() as f64 / f64::from(RATE));
    let win = frames(0.05);
    let mut order: Vec<usize> = Vec::new();
    for x in left.chunks_exact(win) {
        let rms = (x.iter().map(|v| v * v).sum::<f32>() / x.len() as f32).sqrt();
        if rms > 0.2 {
            let tone = loudest(x, CHAPTER_HZ);
            if order.last() != Some(&tone) {
                order.push(tone);
            }
        }
    }
    assert_eq!(order, [0, 1, 2], "tones heard in this order");
}
