//! A private PulseAudio daemon with a null sink: the sound card of end-to-end tests.
//!
//! Each test starts its own daemon (own socket, HOME and runtime dir), so parallel tests never
//! hear each other. Programs started with [`PulseSink::env`] play into the sink through ALSA's
//! pulse plugin; [`PulseSink::record`] captures what the sink plays, as the listener would hear
//! it, in real time.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Sample rate of the sink and of recordings.
pub const RATE: u32 = 44_100;

pub struct PulseSink {
    dir: tempfile::TempDir,
    daemon: Child,
}

impl PulseSink {
    /// Starts a daemon, or `None` (with a note on stderr) when PulseAudio is not installed.
    pub fn start() -> Option<PulseSink> {
        let dir = tempfile::tempdir().ok()?;
        for sub in ["home", "run"] {
            std::fs::create_dir_all(dir.path().join(sub)).ok()?;
        }
        let socket = dir.path().join("run/native");
        let daemon = Command::new("pulseaudio")
            .args([
                "-n",
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--disallow-exit",
                "--use-pid-file=no",
                "--disable-shm",
                &format!("--load=module-null-sink sink_name=nullsink rate={RATE} channels=2"),
                &format!(
                    "--load=module-native-protocol-unix auth-anonymous=1 socket={}",
                    socket.display()
                ),
            ])
            .env("HOME", dir.path().join("home"))
            .env("XDG_RUNTIME_DIR", dir.path().join("run"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let Ok(daemon) = daemon else {
            eprintln!("PulseAudio is not installed: run scripts/setup --test");
            return None;
        };
        let alsa = format!(
            "pcm.!default {{ type pulse; server \"unix:{0}\" }}\nctl.!default {{ type pulse; server \"unix:{0}\" }}\n",
            socket.display()
        );
        std::fs::write(dir.path().join("home/.asoundrc"), alsa).ok()?;
        let sink = PulseSink { dir, daemon };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !sink.ready() {
            if Instant::now() > deadline {
                eprintln!("PulseAudio did not start within 10 s");
                return None;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(sink)
    }

    fn socket(&self) -> PathBuf {
        self.dir.path().join("run/native")
    }

    fn ready(&self) -> bool {
        Command::new("pactl")
            .arg("info")
            .env("PULSE_SERVER", format!("unix:{}", self.socket().display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Environment for a program that should play into this sink.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            (
                "HOME".into(),
                self.dir.path().join("home").display().to_string(),
            ),
            (
                "XDG_RUNTIME_DIR".into(),
                self.dir.path().join("run").display().to_string(),
            ),
            (
                "PULSE_SERVER".into(),
                format!("unix:{}", self.socket().display()),
            ),
        ]
    }

    /// Starts recording the sink's monitor. parec needs about a second to attach: wait for
    /// [`Recording::attached`] before playing.
    pub fn record(&self) -> Option<Recording> {
        let mut child = Command::new("parec")
            .args([
                "-d",
                "nullsink.monitor",
                "--format=s16le",
                &format!("--rate={RATE}"),
                "--channels=2",
                "--raw",
                "--latency-msec=20",
            ])
            .env("PULSE_SERVER", format!("unix:{}", self.socket().display()))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        // Read as it records: a pipe holds only ~0.4 s of audio, then parec would stall.
        let mut stdout = child.stdout.take()?;
        let reader = std::thread::spawn(move || {
            let mut raw = Vec::new();
            let _ = stdout.read_to_end(&mut raw);
            raw
        });
        Some(Recording {
            child,
            reader: Some(reader),
        })
    }

    pub fn home(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for PulseSink {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// A running capture of the sink.
pub struct Recording {
    child: Child,
    reader: Option<std::thread::JoinHandle<Vec<u8>>>,
}

impl Recording {
    /// Gives parec time to attach to the monitor.
    pub fn attached(self) -> Recording {
        std::thread::sleep(Duration::from_millis(1200));
        self
    }

    /// Stops and returns the left channel as samples in [-1, 1].
    pub fn stop(mut self) -> Vec<f32> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let raw = self
            .reader
            .take()
            .and_then(|r| r.join().ok())
            .unwrap_or_default();
        raw.chunks_exact(4)
            .map(|frame| f32::from(i16::from_le_bytes([frame[0], frame[1]])) / 32768.0)
            .collect()
    }
}
