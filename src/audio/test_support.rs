//! Test audio and a headless listener: real files made with sox, lame and ffmpeg
//! (`crate::media_tools`; cached in the temp dir across runs), pulled from the engine's output
//! as fast as it decodes, and analysed by tone (Goertzel power at the candidate frequencies).

use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use symphonia::core::io::MediaSource;

use super::decode::Origin;
use super::engine::{Engine, OpenOptions};
use super::output::{FrameState, PlayerSource};
use crate::core::PlayerEvent;
use crate::media_tools::{ffmpeg, lame, path_str, run, sine_wav};

pub const RATE: u32 = 44_100;
/// The step file's tone changes every quarter second.
pub const STEP_S: f64 = 0.25;
/// Chapter tones of the three-chapter file, 4 s each.
pub const CHAPTER_HZ: [f64; 3] = [440.0, 880.0, 1318.0];
pub const CHAPTER_S: f64 = 4.0;

/// Frequency of step `k` of the step file.
pub fn step_hz(k: usize) -> f64 {
    400.0 + 10.0 * k as f64
}

static MAKING: Mutex<()> = Mutex::new(());

fn dir() -> PathBuf {
    let dir = std::env::temp_dir().join("netstack-audio-fixtures-v1");
    std::fs::create_dir_all(&dir).expect("fixture dir");
    dir
}

/// The fixture `name`, made by `make(path)` on first use and kept for later runs. `make` must
/// not ask for another fixture (they are made one at a time): get those first.
pub fn fixture(name: &str, make: impl FnOnce(&Path)) -> PathBuf {
    let path = dir().join(name);
    let _one_at_a_time = MAKING.lock().unwrap_or_else(|e| e.into_inner());
    if !path.exists() {
        let partial = dir().join(format!("{}.{}.part.{name}", std::process::id(), name.len()));
        make(&partial);
        std::fs::rename(&partial, &path).expect("keep fixture");
    }
    path
}

/// LAME's options for a 128 kbit/s CBR MP3.
const CBR: &[&str] = &["-b", "128", "--cbr"];

/// Writes 16-bit stereo PCM at [`RATE`], the same signal in both channels.
pub fn write_wav(path: &Path, signal: &[f32]) {
    let data_len = (signal.len() * 4) as u32;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&RATE.to_le_bytes());
    out.extend_from_slice(&(RATE * 4).to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for &x in signal {
        let v = (x.clamp(-1.0, 1.0) * 32767.0) as i16;
        out.extend_from_slice(&v.to_le_bytes());
        out.extend_from_slice(&v.to_le_bytes());
    }
    File::create(path)
        .and_then(|mut f| f.write_all(&out))
        .expect("write wav");
}

/// `seconds` of tone steps: step `k` is [`step_hz`]`(k)`, phase-continuous, at half scale.
pub fn steps_signal(seconds: f64) -> Vec<f32> {
    let n = (seconds * f64::from(RATE)) as usize;
    let mut phase = 0.0f64;
    (0..n)
        .map(|i| {
            let k = (i as f64 / f64::from(RATE) / STEP_S) as usize;
            phase += std::f64::consts::TAU * step_hz(k) / f64::from(RATE);
            (0.5 * phase.sin()) as f32
        })
        .collect()
}

/// A 60 s step file as WAV.
pub fn steps_wav() -> PathBuf {
    fixture("steps60.wav", |p| write_wav(p, &steps_signal(60.0)))
}

/// The step file in another format: `ext` picks the encoder.
pub fn steps_as(ext: &str) -> PathBuf {
    let wav = steps_wav();
    match ext {
        "cbr.mp3" => fixture("steps60.cbr.mp3", |p| lame(&wav, p, CBR)),
        "vbr.mp3" => fixture("steps60.vbr.mp3", |p| lame(&wav, p, &["-V", "2"])),
        "flac" => fixture("steps60.flac", |p| {
            run("sox", &[path_str(&wav), "-t", "flac", path_str(p)])
        }),
        other => panic!("no step file as {other}"),
    }
}

/// Three chapters, 4 s each, at [`CHAPTER_HZ`]; `ext` is wav, cbr.mp3, m4a, ogg or opus.
pub fn chapters(ext: &str) -> PathBuf {
    let wav = fixture("chapters.wav", |p| {
        let parts: Vec<PathBuf> = CHAPTER_HZ
            .iter()
            .enumerate()
            .map(|(i, hz)| {
                let part = dir().join(format!("{}.chapter{i}.wav", std::process::id()));
                sine_wav(&part, CHAPTER_S, *hz);
                part
            })
            .collect();
        let mut args: Vec<&str> = parts.iter().map(|p| path_str(p)).collect();
        args.extend(["-t", "wav", path_str(p)]);
        run("sox", &args);
        for part in &parts {
            let _ = std::fs::remove_file(part);
        }
    });
    match ext {
        "wav" => wav,
        "cbr.mp3" => fixture("chapters.cbr.mp3", |p| lame(&wav, p, CBR)),
        "m4a" => fixture("chapters.m4a", |p| {
            ffmpeg(&wav, p, &["-c:a", "aac", "-b:a", "128k", "-f", "mp4"])
        }),
        "ogg" => fixture("chapters.ogg", |p| {
            run("sox", &[path_str(&wav), "-t", "ogg", path_str(p)])
        }),
        "opus" => fixture("chapters.opus", |p| {
            ffmpeg(&wav, p, &["-c:a", "libopus", "-b:a", "96k", "-f", "ogg"])
        }),
        other => panic!("no chapter file as {other}"),
    }
}

/// 60 s of loud white noise, then the 60 s step file, as `lame -V 2`: the noise takes far
/// more bytes per second than the tones, which throws the Xing table's interpolation off.
pub fn noise_then_steps_vbr() -> PathBuf {
    let steps = steps_wav();
    fixture("noise-steps.vbr.mp3", |p| {
        let noise = dir().join(format!("{}.noise.wav", std::process::id()));
        run(
            "sox",
            &[
                "-n",
                "-r",
                "44100",
                "-c",
                "2",
                "-b",
                "16",
                path_str(&noise),
                "synth",
                "60",
                "whitenoise",
                "vol",
                "0.9",
            ],
        );
        let wav = dir().join(format!("{}.noise-steps.wav", std::process::id()));
        run("sox", &[path_str(&noise), path_str(&steps), path_str(&wav)]);
        lame(&wav, p, &["-V", "2"]);
        let _ = std::fs::remove_file(noise);
        let _ = std::fs::remove_file(wav);
    })
}

/// Goertzel power of `freq` in `x`, mono at `rate`, normalised by the window length.
pub fn power_at(x: &[f32], freq: f64, rate: u32) -> f64 {
    let w = std::f64::consts::TAU * freq / f64::from(rate);
    let coeff = 2.0 * w.cos();
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    for &v in x {
        let s0 = f64::from(v) + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    (s1 * s1 + s2 * s2 - coeff * s1 * s2) / (x.len() as f64).powi(2)
}

/// Index of the loudest of `freqs` in `x` (mono at [`RATE`]).
pub fn loudest(x: &[f32], freqs: impl IntoIterator<Item = f64>) -> usize {
    loudest_at(x, freqs, RATE)
}

/// Index of the loudest of `freqs` in `x`, mono at `rate`.
pub fn loudest_at(x: &[f32], freqs: impl IntoIterator<Item = f64>, rate: u32) -> usize {
    let mut best = (0, f64::MIN);
    for (i, f) in freqs.into_iter().enumerate() {
        let p = power_at(x, f, rate);
        if p > best.1 {
            best = (i, p);
        }
    }
    best.0
}

/// The step (of the first `steps`) sounding in `x`.
pub fn step_in(x: &[f32], steps: usize) -> usize {
    loudest(x, (0..steps).map(step_hz))
}

/// What a headless listener heard: per frame, the left channel and the reported position.
#[derive(Default)]
pub struct Heard {
    pub left: Vec<f32>,
    pub position: Vec<f64>,
    pub exact: Vec<bool>,
}

impl Heard {
    /// Index of the first frame louder than `level`.
    pub fn first_sound(&self, level: f32) -> Option<usize> {
        self.left.iter().position(|v| v.abs() > level)
    }
}

/// An engine opened headless plus the listener pulling from it.
pub struct Listener {
    pub engine: Engine,
    pub source: PlayerSource,
    pub events: Receiver<PlayerEvent>,
    pub channels: usize,
}

impl Listener {
    pub fn open(path: &Path, start_at: f64, origin: Origin) -> Listener {
        let file = File::open(path).expect("fixture");
        let extension = path.extension().map(|e| e.to_string_lossy().into_owned());
        Listener::open_source(Box::new(file), extension, start_at, origin)
    }

    /// Opens a local file at `start_at` that pauses by itself after `seconds` of audio.
    pub fn open_limited(path: &Path, start_at: f64, seconds: f64) -> Listener {
        let listener = Listener::open(path, start_at, Origin::Local);
        listener.engine.pause_after(seconds);
        listener
    }

    /// Opens a local file at `start_at`, playing at `pace`.
    pub fn open_paced(path: &Path, start_at: f64, pace: crate::core::Pace) -> Listener {
        let file = File::open(path).expect("fixture");
        let extension = path.extension().map(|e| e.to_string_lossy().into_owned());
        let options = OpenOptions {
            episode: 7,
            start_at,
            extension,
            pace,
            ..Default::default()
        };
        Listener::with_options(Box::new(file), options)
    }

    pub fn open_source(
        source: Box<dyn MediaSource>,
        extension: Option<String>,
        start_at: f64,
        origin: Origin,
    ) -> Listener {
        let options = OpenOptions {
            episode: 7,
            start_at,
            extension,
            origin,
            ..Default::default()
        };
        Listener::with_options(source, options)
    }

    fn with_options(source: Box<dyn MediaSource>, options: OpenOptions) -> Listener {
        let (mut engine, source) = Engine::open_headless(source, options).expect("open");
        let events = engine.take_events().expect("events");
        let channels = usize::from(rodio::Source::channels(&source).get());
        Listener {
            engine,
            source,
            events,
            channels,
        }
    }

    /// Pulls up to `frames` frames the way a sound card would, but as fast as the decoder
    /// goes: starved frames (nothing decoded yet) are skipped. Stops early at the end.
    pub fn pull(&mut self, frames: usize) -> Heard {
        let mut heard = Heard::default();
        let deadline = Instant::now() + Duration::from_secs(60);
        while heard.left.len() < frames {
            let mut frame = [0.0f32; 8];
            for slot in frame.iter_mut().take(self.channels) {
                *slot = self.source.next().expect("the output never ends by itself");
            }
            match self.source.state() {
                FrameState::Starved => {
                    assert!(Instant::now() < deadline, "decoder stalled");
                    std::thread::sleep(Duration::from_micros(100));
                }
                FrameState::Ended => break,
                FrameState::Audio | FrameState::Paused => {
                    let (t, exact) = self.engine.position();
                    heard.left.push(frame[0]);
                    heard.position.push(t);
                    heard.exact.push(exact);
                }
            }
        }
        heard
    }

    /// Pulls until the first audio after a seek and returns it with the rest of `frames`.
    pub fn seek_and_pull(&mut self, t: f64, frames: usize) -> Heard {
        self.engine.seek(t);
        self.pull(frames)
    }

    /// Every event reported so far. The relay thread forwards them a moment after the output
    /// emits them (later on a loaded machine), so this waits until none arrived for 150 ms.
    pub fn drain_events(&self) -> Vec<PlayerEvent> {
        let mut events = Vec::new();
        while let Ok(event) = self.events.recv_timeout(Duration::from_millis(150)) {
            events.push(event);
        }
        events
    }
}

/// Frames in `seconds` at [`RATE`].
pub fn frames(seconds: f64) -> usize {
    (seconds * f64::from(RATE)).round() as usize
}

/// Bytes in memory as a seekable media source.
pub struct MemorySource(Cursor<Vec<u8>>);

impl MemorySource {
    pub fn new(data: Vec<u8>) -> MemorySource {
        MemorySource(Cursor::new(data))
    }
}

impl Read for MemorySource {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

impl Seek for MemorySource {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.0.seek(to)
    }
}

impl MediaSource for MemorySource {
    fn is_seekable(&self) -> bool {
        true
    }

    fn byte_len(&self) -> Option<u64> {
        Some(self.0.get_ref().len() as u64)
    }
}
