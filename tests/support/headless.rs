//! A remote episode played headlessly: the range cache over the loopback server, the engine,
//! and a pull loop standing in for the sound card (as fast as audio is decoded).

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use netstack_tui::audio::cache::{self, CacheHandle, CacheOptions, MemoryCacheLog};
use netstack_tui::audio::{Engine, FrameState, OpenOptions, Origin, PlayerSource};
use netstack_tui::core::PlayerEvent;
use rodio::Source;

/// One episode streaming through a fresh cache file.
pub struct Playing {
    pub engine: Engine,
    pub source: PlayerSource,
    pub cache: CacheHandle,
    pub events: Receiver<PlayerEvent>,
    pub channels: usize,
    pub rate: u32,
    pub runtime: tokio::runtime::Runtime,
}

/// A frame pulled: its state, its first channel, and the position the engine reported for it.
pub struct Frame {
    pub state: FrameState,
    pub sample: f32,
    pub t: f64,
    pub exact: bool,
}

impl Playing {
    /// Opens `url` through a cache file in `dir` and the engine, from the start.
    pub fn open(url: &str, dir: &Path, options: CacheOptions) -> Playing {
        Playing::open_at(url, dir, options, 0.0)
    }

    /// Opens `url` through a cache file in `dir` and the engine, at `start_at` seconds.
    pub fn open_at(url: &str, dir: &Path, options: CacheOptions, start_at: f64) -> Playing {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let client = netstack_tui::net::client().expect("client");
        let (media, cache) = cache::open(
            url,
            &dir.join("episode.cache"),
            Arc::new(MemoryCacheLog::new()),
            options,
            runtime.handle().clone(),
            client,
        )
        .expect("the stream opens");
        let options = OpenOptions {
            episode: 1,
            start_at,
            extension: Some("mp3".into()),
            mime: Some("audio/mpeg".into()),
            origin: Origin::Remote(Some(Arc::new(cache.clone()))),
            ..OpenOptions::default()
        };
        let (mut engine, source) =
            Engine::open_headless(Box::new(media), options).expect("the engine opens");
        let events = engine.take_events().expect("events");
        let channels = usize::from(source.channels().get());
        let rate = source.sample_rate().get();
        Playing {
            engine,
            source,
            cache,
            events,
            channels,
            rate,
            runtime,
        }
    }

    /// Pulls one frame as the sound card would.
    pub fn frame(&mut self) -> Frame {
        let mut sample = 0.0;
        for c in 0..self.channels {
            let s = self.source.next().expect("the output never ends by itself");
            if c == 0 {
                sample = s;
            }
        }
        let (t, exact) = self.engine.position();
        Frame {
            state: self.source.state(),
            sample,
            t,
            exact,
        }
    }

    /// Pulls until a frame of audio satisfies `done` (waiting briefly while starved), and
    /// returns that frame.
    pub fn until(&mut self, mut done: impl FnMut(&Frame) -> bool) -> Frame {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let frame = self.frame();
            match frame.state {
                FrameState::Audio if done(&frame) => return frame,
                FrameState::Starved => std::thread::sleep(Duration::from_micros(200)),
                FrameState::Ended => panic!("the episode ended first"),
                _ => {}
            }
            assert!(Instant::now() < deadline, "no such audio within a minute");
        }
    }

    /// The next `seconds` of audio (first channel), starting with `first` if given.
    pub fn take(&mut self, seconds: f64, first: Option<f32>) -> Vec<f32> {
        let n = (seconds * f64::from(self.rate)) as usize;
        let mut out: Vec<f32> = first.into_iter().collect();
        while out.len() < n {
            let frame = self.until(|_| true);
            out.push(frame.sample);
        }
        out
    }

    /// Pulls whatever comes (audio or the silence of a starved output) for `wall` of time.
    pub fn pull_for(&mut self, wall: Duration) {
        let until = Instant::now() + wall;
        while Instant::now() < until {
            if self.frame().state == FrameState::Starved {
                std::thread::sleep(Duration::from_micros(200));
            }
        }
    }

    /// Waits until the cache's fetcher has nothing to do (read-ahead done).
    pub fn settle(&self) {
        assert!(
            self.cache.wait_idle(Duration::from_secs(30)),
            "the fetcher never settled"
        );
    }

    /// The events so far.
    pub fn events(&self) -> Vec<PlayerEvent> {
        std::thread::sleep(Duration::from_millis(20));
        self.events.try_iter().collect()
    }
}
