//! CPU of the signal processing between decoder and output queue, on speech-like audio.
//! Prints; asserts nothing.
//!
//! 1. decode (our decode path over a 128 kbit/s 44.1 kHz stereo MP3) alone, then decode + the
//!    chain at 1×, 1.5×, 2×, 3×, with skip silence, with voice levelling, and with skip silence,
//!    levelling and 2× together: CPU time (user + sys of the thread) per second of audio, as
//!    percent of one core, median of 3; then the leveller alone on decoded audio;
//! 2. time-stretch engines compared on decoded audio at 2×: ours and the `wsola` crate at its
//!    default search and a narrow one — CPU, and the splice damage on a steady voiced tone
//!    (the output's energy outside the tone's harmonics; lower is cleaner);
//! 3. the engine as the player runs it: its decode thread (decoder, stages, the history kept
//!    for changes of pace, chunking) at each pace, CPU of that thread per second of audio,
//!    the output pulled on this thread as a sound card would.
//!
//! The material is synthetic speech: a glottal pulse train with a wandering pitch (95–210 Hz)
//! through three formant resonators, noisy consonants, syllables, words, and pauses between
//! sentences (0.3–1.6 s over a −65 dB noise floor). Needs `lame` on PATH.
//! Run: `cargo bench --bench dsp`

use std::f64::consts::TAU;
use std::num::{NonZeroU16, NonZeroU32};
use std::path::Path;
use std::process::Command;

use netstack_tui::audio::Origin;
use netstack_tui::audio::decode::Stream;
use netstack_tui::audio::dsp::{Chain, LevelRule, Leveller, TimeStretch, Wsola, WsolaConfig};
use symphonia::core::probe::Hint;

const RATE: u32 = 44_100;
const SECONDS: f64 = 120.0;
const RUNS: usize = 3;

/// The paces measured, in the chain alone and in the engine: a name, the speed, skip silence,
/// level voices.
const PACES: [(&str, f64, bool, bool); 8] = [
    ("1× (bypass)", 1.0, false, false),
    ("stretch 1.5×", 1.5, false, false),
    ("stretch 2×", 2.0, false, false),
    ("stretch 3×", 3.0, false, false),
    ("skip silence", 1.0, true, false),
    ("skip silence + 2×", 2.0, true, false),
    ("level voices", 1.0, false, true),
    ("skip + level + 2×", 2.0, true, true),
];

fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let speech = speech_like(SECONDS, 7);
    let wav = dir.path().join("speech.wav");
    let mp3 = dir.path().join("speech.mp3");
    write_wav(&wav, &speech);
    let status = Command::new("lame")
        .args(["--quiet", "-b", "128", "--cbr"])
        .arg(&wav)
        .arg(&mp3)
        .status()
        .expect("lame on PATH");
    assert!(status.success(), "lame failed");
    println!("material: {SECONDS:.0} s of speech-like 44.1 kHz stereo, 128 kbit/s MP3");

    println!("\n1. decode + processing, CPU per second of audio (% of one core), median of {RUNS}");
    let decode_only = median(|| decode_with(&mp3, None));
    println!("   {:<28} {:>6.2} %", "decode alone", decode_only);
    for (name, speed, skip, level) in PACES {
        let mut saved = 0.0;
        let cpu = median(|| {
            let mut chain = Chain::new(2, RATE);
            chain.set_speed(speed);
            chain.set_skip_silence(skip);
            chain.set_level_voices(level);
            let cpu = decode_with(&mp3, Some(&mut chain));
            saved = chain.saved_s();
            cpu
        });
        let note = if skip {
            format!("   ({saved:.1} s of {SECONDS:.0} s skipped)")
        } else {
            String::new()
        };
        println!(
            "   {:<28} {cpu:>6.2} %   (processing alone {:.2} %){note}",
            format!("decode + {name}"),
            cpu - decode_only
        );
    }

    let pcm = decode_all(&mp3);
    let (cpu, gain) = level_alone(&pcm);
    println!(
        "   {:<28} {cpu:>6.2} %   (gain at the end {gain:+.1} dB)",
        "leveller alone, decoded audio"
    );

    println!("\n2. engines at 2× on decoded audio: CPU per second of audio; splice damage");
    let voiced = voiced_tone(4.0);
    println!(
        "   {:<34} {:>8} {:>14} {:>14} {:>14}",
        "engine", "CPU 2×", "damage 1.5×", "damage 2×", "damage 3×"
    );
    let engines = [
        (
            "ours (scaletempo2: 12 ms, ±20 ms)",
            Engine::Ours(WsolaConfig::default()),
        ),
        (
            "ours, Chromium's 20 ms, ±15 ms",
            Engine::Ours(WsolaConfig {
                window_ms: 20.0,
                search_ms: 15.0,
            }),
        ),
        ("wsola 0.3 default (30 ms, ±12 ms)", Engine::Crate(12.0)),
        ("wsola 0.3 search_ms 4", Engine::Crate(4.0)),
    ];
    for (name, engine) in engines {
        let cpu = median(|| {
            let before = thread_cpu();
            let out = engine.stretch(&pcm, 2.0);
            std::hint::black_box(out);
            (thread_cpu() - before) / (pcm.len() / 2) as f64 * f64::from(RATE) * 100.0
        });
        let damage: Vec<String> = [1.5, 2.0, 3.0]
            .iter()
            .map(|&speed| {
                format!(
                    "{:>11.1} dB",
                    splice_damage(&engine.stretch(&voiced, speed))
                )
            })
            .collect();
        println!("   {name:<34} {cpu:>6.2} % {}", damage.join("   "));
    }
    println!(
        "   (damage: the output's energy outside the tone's harmonics; the input itself: {:.1} dB)",
        splice_damage(&voiced)
    );

    println!("\n3. the engine's decode thread as wired, CPU per second of audio (% of one core)");
    for (name, speed, skip, level) in PACES {
        let pace = netstack_tui::core::Pace {
            speed,
            skip_silence: skip,
            level_voices: level,
        };
        let cpu = median(|| engine_decode_thread(&mp3, pace));
        println!("   {name:<28} {cpu:>6.2} %");
    }
}

/// Plays the MP3 headless at `pace`, pulling the output here as fast as it comes; returns the
/// CPU of the engine's decode thread per second of episode audio, % of one core.
fn engine_decode_thread(path: &Path, pace: netstack_tui::core::Pace) -> f64 {
    use netstack_tui::audio::{Engine, FrameState, OpenOptions};
    let file = std::fs::File::open(path).expect("the MP3 just written");
    let options = OpenOptions {
        extension: Some("mp3".into()),
        pace,
        ..OpenOptions::default()
    };
    let (engine, mut output) = Engine::open_headless(Box::new(file), options).expect("opens");
    loop {
        let _ = output.next();
        if output.state() == FrameState::Ended {
            break;
        }
    }
    let cpu = decode_thread_cpu().expect("the decode thread is there until the engine goes");
    drop(engine);
    // Wait for the thread to go, so the next run finds only its own.
    while decode_thread_cpu().is_some() {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    cpu / SECONDS * 100.0
}

/// CPU seconds (user + system) of the thread named `audio-decode`, from /proc.
fn decode_thread_cpu() -> Option<f64> {
    // SAFETY: sysconf only reads a constant.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if comm.trim() != "audio-decode" {
            continue;
        }
        let stat = std::fs::read_to_string(task.path().join("stat")).ok()?;
        // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
        let rest = stat.rsplit_once(')')?.1;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let utime: f64 = fields.get(11)?.parse().ok()?;
        let stime: f64 = fields.get(12)?.parse().ok()?;
        return Some((utime + stime) / ticks);
    }
    None
}

/// Decodes the MP3 with our decode path, feeding `chain` when given; CPU % of one core.
fn decode_with(path: &Path, mut chain: Option<&mut Chain>) -> f64 {
    let mut stream = open(path);
    stream.prime().expect("the MP3 decodes");
    let mut out = Vec::with_capacity(8192);
    let mut frames = 0usize;
    let before = thread_cpu();
    while let Some(block) = stream.next_block().expect("the MP3 decodes") {
        frames += block.samples.len() / block.channels.max(1);
        match chain.as_deref_mut() {
            Some(chain) => {
                chain.push(block.sample as f64 / f64::from(RATE), block.samples);
                while chain.pull(&mut out, 2048).is_some() {
                    out.clear();
                }
            }
            None => {
                out.extend_from_slice(block.samples);
                out.clear();
            }
        }
    }
    if let Some(chain) = chain {
        chain.finish();
        while chain.pull(&mut out, 2048).is_some() {
            out.clear();
        }
    }
    (thread_cpu() - before) / (frames as f64 / f64::from(RATE)) * 100.0
}

/// The leveller alone over decoded stereo audio in decoder-sized pieces: CPU % of one core per
/// second of audio (median of 3), and its gain at the end.
fn level_alone(pcm: &[f32]) -> (f64, f64) {
    let mut gain = 0.0;
    let cpu = median(|| {
        let mut leveller = Leveller::new(2, RATE, LevelRule::default());
        let mut out = Vec::with_capacity(8192);
        let before = thread_cpu();
        for (i, piece) in pcm.chunks(2 * 1152).enumerate() {
            leveller.push(i as f64 * 1152.0 / f64::from(RATE), piece);
            while leveller.pull(&mut out, 2048).is_some() {
                out.clear();
            }
        }
        leveller.finish();
        while leveller.pull(&mut out, 2048).is_some() {
            out.clear();
        }
        gain = leveller.gain_db();
        (thread_cpu() - before) / (pcm.len() / 2) as f64 * f64::from(RATE) * 100.0
    });
    (cpu, gain)
}

fn open(path: &Path) -> Stream {
    let file = std::fs::File::open(path).expect("the MP3 just written");
    let mut hint = Hint::new();
    hint.with_extension("mp3");
    Stream::open(Box::new(file), &hint, Origin::Local).expect("the MP3 opens")
}

fn decode_all(path: &Path) -> Vec<f32> {
    let mut stream = open(path);
    let mut pcm = Vec::new();
    while let Some(block) = stream.next_block().expect("the MP3 decodes") {
        pcm.extend_from_slice(block.samples);
    }
    pcm
}

/// The engines compared.
#[derive(Clone, Copy)]
enum Engine {
    Ours(WsolaConfig),
    /// The `wsola` crate with this search range (ms).
    Crate(f32),
}

impl Engine {
    fn stretch(self, input: &[f32], speed: f64) -> Vec<f32> {
        match self {
            Engine::Ours(config) => {
                let mut engine = Wsola::with_config(2, RATE, config);
                engine.set_tempo(speed);
                run_ours(&mut engine, input)
            }
            Engine::Crate(search_ms) => run_crate(input, search_ms, speed),
        }
    }
}

fn run_ours(engine: &mut Wsola, input: &[f32]) -> Vec<f32> {
    let mut out = Vec::with_capacity(input.len());
    for piece in input.chunks(2 * 2048) {
        engine.push(piece);
        while engine.pull(&mut out, 2048).is_some() {}
    }
    engine.finish();
    while engine.pull(&mut out, 2048).is_some() {}
    out
}

fn run_crate(input: &[f32], search_ms: f32, speed: f64) -> Vec<f32> {
    let config = wsola::Config {
        search_ms,
        ..wsola::Config::default()
    };
    let rate = NonZeroU32::new(RATE).expect("a rate");
    let channels = NonZeroU16::new(2).expect("two channels");
    let mut ts = wsola::TimeStretch::with_config(rate, channels, config).expect("a stretcher");
    ts.set_tempo(speed as f32);
    let mut buf = vec![0.0; ts.min_output_buff_size() * 4];
    let mut out = Vec::with_capacity(input.len());
    for piece in input.chunks(2 * 2048) {
        ts.push(piece);
        while let Ok(n) = ts.pull(&mut buf) {
            out.extend_from_slice(&buf[..n]);
        }
    }
    ts.set_draining();
    while let Ok(n) = ts.pull(&mut buf) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    out
}

/// The voiced tone's pitch: a period of 334.86 samples, so that no splice can land exactly a
/// whole number of periods away.
const VOICED_F0: f64 = 131.7;

/// A steady voiced tone, stereo: [`VOICED_F0`] with 12 harmonics falling off as 1/k.
fn voiced_tone(seconds: f64) -> Vec<f32> {
    let frames = (seconds * f64::from(RATE)) as usize;
    let mut out = Vec::with_capacity(frames * 2);
    for i in 0..frames {
        let phase = TAU * VOICED_F0 * i as f64 / f64::from(RATE);
        let v: f64 = (1..=12)
            .map(|k| (phase * k as f64).sin() * 0.3 / k as f64)
            .sum();
        out.extend([v as f32, v as f32]);
    }
    out
}

/// What of the left channel is not the voiced tone's 12 harmonics, in dB of the signal:
/// harmonics fitted by least squares at their exact frequencies on each 2048-sample block
/// (0.1 s off each end), so that a splice's phase shift between blocks is allowed but a splice
/// that does not join in phase inside a block — a click, a dip, a doubled cycle — is not.
fn splice_damage(stereo: &[f32]) -> f64 {
    let mono: Vec<f64> = stereo.iter().step_by(2).map(|&s| f64::from(s)).collect();
    let skip = 4410;
    if mono.len() < 4 * skip {
        return f64::NAN;
    }
    let (mut residue, mut total) = (0.0, 0.0);
    for block in mono[skip..mono.len() - skip].chunks_exact(2048) {
        let mut rest = block.to_vec();
        let n = block.len() as f64;
        // Sweeps of fitting each harmonic to what the others left converge on the joint fit
        // (the harmonics are nearly orthogonal over a block).
        for k in (1..=12).cycle().take(12 * 8) {
            let w = TAU * VOICED_F0 * k as f64 / f64::from(RATE);
            let (mut c, mut s) = (0.0, 0.0);
            for (i, &x) in rest.iter().enumerate() {
                c += x * (w * i as f64).cos();
                s += x * (w * i as f64).sin();
            }
            let (c, s) = (2.0 * c / n, 2.0 * s / n);
            for (i, r) in rest.iter_mut().enumerate() {
                *r -= c * (w * i as f64).cos() + s * (w * i as f64).sin();
            }
        }
        residue += rest.iter().map(|x| x * x).sum::<f64>();
        total += block.iter().map(|x| x * x).sum::<f64>();
    }
    10.0 * (residue / total.max(1e-30)).log10()
}

/// CPU seconds (user + system) this thread has used.
fn thread_cpu() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut usage) };
    assert_eq!(rc, 0, "getrusage");
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

fn median(mut run: impl FnMut() -> f64) -> f64 {
    let mut values: Vec<f64> = (0..RUNS).map(|_| run()).collect();
    values.sort_by(f64::total_cmp);
    values[RUNS / 2]
}

/// A deterministic xorshift in [0, 1).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next()
    }
}

/// A two-pole resonator at `freq` Hz with `bandwidth` Hz.
struct Resonator {
    a1: f64,
    a2: f64,
    gain: f64,
    y1: f64,
    y2: f64,
}

impl Resonator {
    fn new(freq: f64, bandwidth: f64) -> Resonator {
        let r = (-std::f64::consts::PI * bandwidth / f64::from(RATE)).exp();
        let theta = TAU * freq / f64::from(RATE);
        Resonator {
            a1: 2.0 * r * theta.cos(),
            a2: -r * r,
            gain: 1.0 - r,
            y1: 0.0,
            y2: 0.0,
        }
    }

    fn tune(&mut self, freq: f64, bandwidth: f64) {
        let next = Resonator::new(freq, bandwidth);
        (self.a1, self.a2, self.gain) = (next.a1, next.a2, next.gain);
    }

    fn step(&mut self, x: f64) -> f64 {
        let y = self.gain * x + self.a1 * self.y1 + self.a2 * self.y2;
        (self.y2, self.y1) = (self.y1, y);
        y
    }
}

/// Speech-like audio, stereo interleaved (the same in both channels but for the noise).
fn speech_like(seconds: f64, seed: u64) -> Vec<f32> {
    let total = (seconds * f64::from(RATE)) as usize;
    let mut rng = Rng(seed | 1);
    let mut out = Vec::with_capacity(total * 2);
    let mut formants = [
        Resonator::new(600.0, 90.0),
        Resonator::new(1500.0, 110.0),
        Resonator::new(2600.0, 150.0),
    ];
    let mut hiss = Resonator::new(4500.0, 1500.0);
    let mut pitch_phase = 0.0f64;
    let mut f0 = 140.0;
    let floor = 10f64.powf(-65.0 / 20.0);
    while out.len() / 2 < total {
        // A sentence: words of syllables, then a pause.
        let words = 4 + (rng.next() * 8.0) as usize;
        for _ in 0..words {
            for _ in 0..1 + (rng.next() * 3.0) as usize {
                let len = (rng.between(0.09, 0.22) * f64::from(RATE)) as usize;
                let consonant = if rng.next() < 0.5 {
                    (rng.between(0.02, 0.07) * f64::from(RATE)) as usize
                } else {
                    0
                };
                let vowel = [
                    (730.0, 1090.0, 2440.0),
                    (270.0, 2290.0, 3010.0),
                    (530.0, 1840.0, 2480.0),
                    (570.0, 840.0, 2410.0),
                    (440.0, 1020.0, 2240.0),
                ][(rng.next() * 5.0) as usize % 5];
                for (r, f) in formants.iter_mut().zip([vowel.0, vowel.1, vowel.2]) {
                    r.tune(f, 80.0 + f * 0.04);
                }
                let target = rng.between(95.0, 210.0);
                let amp = rng.between(0.25, 0.6);
                for i in 0..len + consonant {
                    f0 += (target - f0) * 0.0005;
                    let mut v = 0.0;
                    if i < consonant {
                        v += hiss.step(rng.between(-1.0, 1.0)) * 3.0 * amp;
                    } else {
                        let j = (i - consonant) as f64 / len as f64;
                        let envelope = (std::f64::consts::PI * j).sin().powf(0.7);
                        pitch_phase += f0 / f64::from(RATE);
                        let pulse = if pitch_phase >= 1.0 {
                            pitch_phase -= 1.0;
                            1.0
                        } else {
                            0.0
                        };
                        let source = pulse * 60.0 + rng.between(-0.05, 0.05);
                        let voiced: f64 = formants.iter_mut().map(|r| r.step(source)).sum();
                        v += voiced * envelope * amp;
                    }
                    push_frame(&mut out, v, floor, &mut rng);
                }
            }
            let gap = (rng.between(0.03, 0.12) * f64::from(RATE)) as usize;
            for _ in 0..gap {
                push_frame(&mut out, 0.0, floor, &mut rng);
            }
        }
        let pause = (rng.between(0.3, 1.6) * f64::from(RATE)) as usize;
        for _ in 0..pause {
            push_frame(&mut out, 0.0, floor, &mut rng);
        }
    }
    out.truncate(total * 2);
    out
}

fn push_frame(out: &mut Vec<f32>, v: f64, floor: f64, rng: &mut Rng) {
    for _ in 0..2 {
        let noise = rng.between(-1.0, 1.0) * floor * 1.7;
        out.push((v + noise).clamp(-1.0, 1.0) as f32);
    }
}

fn write_wav(path: &Path, stereo: &[f32]) {
    let data_len = (stereo.len() * 2) as u32;
    let mut bytes = Vec::with_capacity(44 + stereo.len() * 2);
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36 + data_len).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes()); // PCM
    bytes.extend_from_slice(&2u16.to_le_bytes());
    bytes.extend_from_slice(&RATE.to_le_bytes());
    bytes.extend_from_slice(&(RATE * 4).to_le_bytes());
    bytes.extend_from_slice(&4u16.to_le_bytes());
    bytes.extend_from_slice(&16u16.to_le_bytes());
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&data_len.to_le_bytes());
    for &s in stereo {
        bytes.extend_from_slice(&((s * 32767.0).round() as i16).to_le_bytes());
    }
    std::fs::write(path, bytes).expect("the WAV written");
}
