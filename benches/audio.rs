//! The player's streaming figures, over a loopback server, pulling the engine's output as a
//! headless sound card would. Prints; asserts nothing.
//!
//! 1. open → first audible sample of a 30-minute 128 kbit/s MP3 served at ~1 MB/s (fetch,
//!    probe and first decode), median of 5;
//! 2. a chapter jump to 25:00 → first sample of the target, median of 5, with the bytes and
//!    requests the jump cost;
//! 3. process CPU while playing at real-time pace for 10 s, as percent of one core;
//! 4. as `play` opens a stream (its first 64 KiB fetched with the opening request, the engine
//!    opened at 0:00 or straight at 25:00) → first audible sample, with the requests and bytes
//!    that took;
//! 5. peak RSS streaming a 3-hour MP3 from an unthrottled server, for its first 10 minutes and
//!    for all of it (the two should match: memory does not grow with the episode's length).
//!
//! Needs `sox` and `lame` on PATH to make the audio. Run: `cargo bench --bench audio`

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::Arc;
use std::time::{Duration, Instant};

use netstack_tui::audio::cache::{self, CacheHandle, CacheOptions, MemoryCacheLog};
use netstack_tui::audio::{Engine, FrameState, OpenOptions, Origin, PlayerSource};
use rodio::Source;
use support::server::{Resource, TestServer};
use support::tone;

const RUNS: usize = 5;
/// Minutes in the chapter-test episode; minute `i` is a tone of `300 + 20·i` Hz.
const MINUTES: u32 = 30;
/// The chapter the jump goes to, in seconds (25:00).
const JUMP_TO: f64 = 1500.0;
/// A slow but usable connection.
const THROTTLE: u64 = 1_000_000;
/// A sample louder than this is sound, not the encoder's leading silence.
const AUDIBLE: f32 = 1e-3;
/// What `play` fetches with a stream's opening request.
const HEAD: u64 = 64 * 1024;

fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory for the audio and caches");
    let started = Instant::now();
    let chapters = make_chapters_mp3(dir.path());
    let long = make_long_mp3(dir.path());
    println!(
        "audio made in {:.1} s: 30 min 128 kbit/s CBR ({:.1} MB), 3 h 32 kbit/s CBR ({:.1} MB)",
        started.elapsed().as_secs_f64(),
        file_mb(&chapters),
        file_mb(&long),
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime for the cache's fetcher");
    let client = netstack_tui::net::client().expect("an HTTP client");
    let server = TestServer::start();
    server.route(
        "/chapters.mp3",
        Resource::file(&chapters)
            .mime("audio/mpeg")
            .throttle(THROTTLE),
    );
    server.route("/long.mp3", Resource::file(&long).mime("audio/mpeg"));
    let open_as = |path: &str, run: &str, head: u64, start_at: f64| {
        let cache_file = dir.path().join(format!("{run}.cache"));
        stream(
            &server.url(path),
            &cache_file,
            &runtime,
            &client,
            head,
            start_at,
        )
    };
    let open = |path: &str, run: &str| open_as(path, run, 0, 0.0);

    // 1. Open to first sound.
    let mut firsts = Vec::new();
    for run in 0..RUNS {
        let t0 = Instant::now();
        let mut play = open("/chapters.mp3", &format!("first-{run}"));
        play.until_audible();
        firsts.push(t0.elapsed());
    }
    report("open → first sample", &firsts, "< 150 ms");

    // 2. Chapter jump to 25:00.
    let mut jumps = Vec::new();
    let (mut bytes, mut requests) = (Vec::new(), Vec::new());
    let mut heard = Vec::new();
    for run in 0..RUNS {
        let mut play = open("/chapters.mp3", &format!("jump-{run}"));
        play.until_audible();
        // A second of the start first, as a listener would hear before choosing a chapter.
        play.pull_seconds(1.0);
        let before = play.cache.stats();
        let t0 = Instant::now();
        play.engine.seek(JUMP_TO);
        play.until(|p| p.engine.position().0 >= JUMP_TO - 1.0);
        jumps.push(t0.elapsed());
        let after = play.cache.stats();
        bytes.push(after.bytes_fetched - before.bytes_fetched);
        requests.push(after.requests - before.requests);
        heard.push(play.dominant_tone(0.25));
    }
    report("jump to 25:00 → first sample", &jumps, "< 150 ms");
    bytes.sort_unstable();
    requests.sort_unstable();
    println!(
        "    jump cost: median {:.0} KB (runs {:?} bytes), requests {:?}; tone heard {:?} Hz \
         (25:00 is {} Hz)",
        bytes[RUNS / 2] as f64 / 1e3,
        bytes,
        requests,
        heard,
        300 + 20 * 25,
    );

    // 3. CPU at real-time pace.
    let mut play = open("/chapters.mp3", "cpu");
    play.until_audible();
    let window = Duration::from_secs(10);
    let cpu_before = process_cpu();
    let t0 = Instant::now();
    play.pull_real_time(window);
    let wall = t0.elapsed().as_secs_f64();
    let cpu = (process_cpu() - cpu_before) / wall * 100.0;
    println!(
        "{:<32} {cpu:>8.2} %   (goal < 2 %; whole process over {wall:.1} s, \
         the loopback server and fetcher included)",
        "CPU at 1× real time",
    );
    drop(play);

    // 4. As `play` opens a stream: the head with the opening request, at 0:00 or at 25:00.
    for (label, at) in [("play at 0:00", 0.0), ("play at 25:00", JUMP_TO)] {
        let mut firsts = Vec::new();
        let mut costs = Vec::new();
        for run in 0..RUNS {
            let t0 = Instant::now();
            let mut play = open_as("/chapters.mp3", &format!("{label}-{run}"), HEAD, at);
            play.until_audible();
            firsts.push(t0.elapsed());
            let stats = play.cache.stats();
            costs.push((stats.requests, stats.bytes_fetched));
        }
        report(&format!("{label} → first sample"), &firsts, "< 150 ms");
        println!("    cost to the first sample (requests, bytes): {costs:?}");
    }

    // 5. Peak RSS over the 3-hour episode: its first 10 minutes, then all of it.
    for (label, upto) in [("first 10 min", Some(600.0)), ("whole 3 h", None)] {
        let reset = reset_peak_rss();
        let base = status_kib("VmRSS:");
        let t0 = Instant::now();
        let mut play = open("/long.mp3", &format!("rss-{label}"));
        match upto {
            Some(t) => play.until(|p| p.engine.position().0 >= t),
            None => play.until(|p| p.source.state() == FrameState::Ended),
        }
        let peak = status_kib("VmHWM:");
        println!(
            "{:<32} {:>8.1} MiB (goal < 64 MiB; {:.1} MiB before opening, {}; \
             streamed to {:.0} s in {:.1} s)",
            format!("peak RSS, 3 h file, {label}"),
            peak as f64 / 1024.0,
            base as f64 / 1024.0,
            if reset {
                "peak reset before this run"
            } else {
                "peak NOT reset: includes earlier runs"
            },
            play.engine.position().0,
            t0.elapsed().as_secs_f64(),
        );
    }
}

/// One episode playing headlessly, with its cache.
struct Playing {
    engine: Engine,
    source: PlayerSource,
    cache: CacheHandle,
    channels: usize,
    rate: u32,
}

/// Opens `url` through a fresh cache file, as the player streams a remote episode.
/// `head`: bytes the opening request fetches (0: only the length); `start_at`: where the
/// engine opens.
fn stream(
    url: &str,
    cache_file: &Path,
    runtime: &tokio::runtime::Runtime,
    client: &reqwest::Client,
    head: u64,
    start_at: f64,
) -> Playing {
    let (media, cache) = cache::open_with_head(
        url,
        cache_file,
        Arc::new(MemoryCacheLog::new()),
        CacheOptions::default(),
        head,
        runtime.handle().clone(),
        client.clone(),
    )
    .unwrap_or_else(|e| panic!("streaming {url}: {e}"));
    let options = OpenOptions {
        episode: 0,
        start_at,
        extension: Some("mp3".into()),
        mime: Some("audio/mpeg".into()),
        origin: Origin::Remote(Some(Arc::new(cache.clone()))),
        ..OpenOptions::default()
    };
    let (engine, source) = Engine::open_headless(Box::new(media), options)
        .unwrap_or_else(|e| panic!("opening {url}: {e}"));
    let channels = usize::from(source.channels().get());
    let rate = source.sample_rate().get();
    Playing {
        engine,
        source,
        cache,
        channels,
        rate,
    }
}

impl Playing {
    fn sample(&mut self) -> f32 {
        let next = self.source.next();
        next.expect("the engine stopped while playing")
    }

    /// Pulls one frame, as the sound card does; its state and its loudest sample.
    fn frame(&mut self) -> (FrameState, f32) {
        let mut loudest = 0.0f32;
        for _ in 0..self.channels {
            let sample = self.sample();
            loudest = loudest.max(sample.abs());
        }
        (self.source.state(), loudest)
    }

    /// Pulls as fast as audio comes until `done` holds after an audible frame. Waiting for the
    /// decoder sleeps briefly rather than spinning, so the pull does not steal its core.
    fn until(&mut self, mut done: impl FnMut(&Self) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(600);
        loop {
            let (state, _) = self.frame();
            match state {
                FrameState::Audio if done(self) => return,
                FrameState::Audio | FrameState::Paused => {}
                FrameState::Ended if done(self) => return,
                FrameState::Ended => panic!("the episode ended before the awaited moment"),
                FrameState::Starved => std::thread::sleep(Duration::from_micros(200)),
            }
            assert!(Instant::now() < deadline, "no progress in 10 minutes");
        }
    }

    fn until_audible(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            match self.frame() {
                (FrameState::Audio, loudest) if loudest > AUDIBLE => return,
                (FrameState::Starved, _) => std::thread::sleep(Duration::from_micros(200)),
                (FrameState::Ended, _) => panic!("the episode ended silent"),
                _ => {}
            }
            assert!(Instant::now() < deadline, "no sound within a minute");
        }
    }

    /// Pulls `seconds` of audio (silence of a starved output not counted).
    fn pull_seconds(&mut self, seconds: f64) {
        let mut frames = (seconds * f64::from(self.rate)) as u64;
        while frames > 0 {
            match self.frame().0 {
                FrameState::Audio => frames -= 1,
                FrameState::Ended => return,
                _ => std::thread::sleep(Duration::from_micros(200)),
            }
        }
    }

    /// Pulls 10 ms periods at the pace a sound card would, for `window`.
    fn pull_real_time(&mut self, window: Duration) {
        let period = Duration::from_millis(10);
        let frames = self.rate as usize / 100;
        let start = Instant::now();
        let mut next = start;
        while next - start < window {
            for _ in 0..frames {
                self.frame();
            }
            next += period;
            if let Some(wait) = next.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
        }
    }

    /// The strongest of the episode's minute tones over the next `seconds` of audio.
    fn dominant_tone(&mut self, seconds: f64) -> u32 {
        let mut mono = Vec::new();
        while mono.len() < (seconds * f64::from(self.rate)) as usize {
            let before = mono.len();
            for _ in 0..self.channels {
                let sample = self.sample();
                if mono.len() == before {
                    mono.push(sample);
                }
            }
            if self.source.state() != FrameState::Audio {
                mono.truncate(before);
                std::thread::sleep(Duration::from_micros(200));
            }
        }
        let tones: Vec<f32> = (0..MINUTES).map(|i| (300 + 20 * i) as f32).collect();
        tone::dominant(&mono, self.rate, &tones).unwrap_or(0.0) as u32
    }
}

/// Prints the median of `times` with every run and the goal.
fn report(what: &str, times: &[Duration], goal: &str) {
    let mut ms: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    let runs: Vec<String> = ms.iter().map(|m| format!("{m:.0}")).collect();
    println!(
        "{what:<32} {:>8.1} ms  (goal {goal}; runs {} ms)",
        ms[ms.len() / 2],
        runs.join(", ")
    );
}

/// The 30-minute chapter episode: minute `i` a `300 + 20·i` Hz tone, 44.1 kHz mono, 128 kbit/s
/// CBR, encoded in one pass (with its Info frame, as podcasts are) so minutes start on time.
fn make_chapters_mp3(dir: &Path) -> PathBuf {
    let tones: Vec<String> = (0..MINUTES)
        .map(|i| format!("synth 60 sine {}", 300 + 20 * i))
        .collect();
    let out = dir.join("chapters.mp3");
    finish(encode(&tones.join(" : "), 44_100, 128, "", &out));
    out
}

/// The 3-hour episode: ten minutes of a 440 Hz tone (22.05 kHz mono, 32 kbit/s CBR) repeated 18
/// times, which is far quicker than encoding three hours.
fn make_long_mp3(dir: &Path) -> PathBuf {
    let part = dir.join("ten-minutes.mp3");
    // Without an Info frame, copies of the part join into one valid CBR stream.
    finish(encode("synth 600 sine 440", 22_050, 32, "-t", &part));
    join(&part, 18, &dir.join("long.mp3"))
}

/// Starts `sox -n … <effects> | lame` writing a mono CBR MP3 to `out`.
fn encode(effects: &str, rate: u32, kbps: u32, lame_flags: &str, out: &Path) -> Child {
    let script = format!(
        "sox -V1 -n -r {rate} -c 1 -b 16 -t wav - {effects} \
         | lame --quiet --cbr -b {kbps} {lame_flags} - '{}'",
        out.display()
    );
    Command::new("sh")
        .args(["-c", &script])
        .spawn()
        .expect("running sh to start sox and lame")
}

fn finish(mut child: Child) {
    let status = child.wait().expect("waiting for sox | lame");
    assert!(
        status.success(),
        "sox | lame failed ({status}): both installed?"
    );
}

/// `count` copies of `part` back to back in `out`.
fn join(part: &Path, count: usize, out: &Path) -> PathBuf {
    let data = std::fs::read(part).unwrap_or_else(|e| panic!("{}: {e}", part.display()));
    std::fs::write(out, data.repeat(count)).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    out.to_owned()
}

fn file_mb(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6)
}

/// User plus system CPU seconds of the whole process (every thread), from `/proc/self/stat`.
fn process_cpu() -> f64 {
    /// The kernel's USER_HZ, 100 on every Linux this runs on.
    const TICKS_PER_SECOND: f64 = 100.0;
    let stat = std::fs::read_to_string("/proc/self/stat").expect("reading /proc/self/stat");
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')').expect("a /proc/self/stat line") + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime, fields 14 and 15 of the line: indices 11 and 12 after the name.
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    let ticks = |i| ticks(i).expect("utime and stime in /proc/self/stat");
    (ticks(11) + ticks(12)) / TICKS_PER_SECOND
}

/// A `/proc/self/status` figure in KiB (`VmRSS:`, `VmHWM:`).
fn status_kib(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("reading /proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no {key} in /proc/self/status"))
}

/// Resets the process's peak RSS to its current RSS; false where the kernel does not allow it.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}
