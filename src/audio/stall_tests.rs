//! A stalled server: the episode's bytes stop arriving part-way. The output must keep running
//! (silence, `Buffering`), and a seek into bytes already here must not wait for the server:
//! the engine interrupts the waiting read. The stalling source stands in for the HTTP cache;
//! the audio is a real MP3.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::ops::Range;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use symphonia::core::io::MediaSource;

use super::decode::{CachedRanges, Origin};
use super::output::FrameState;
use super::test_support::{CHAPTER_HZ, Listener, RATE, chapters, frames, loudest};
use crate::core::PlayerEvent;

#[derive(Default)]
struct GateState {
    /// Bytes that have "arrived"; reads past them wait.
    available: u64,
    interrupted: bool,
}

#[derive(Default)]
struct Gate {
    state: Mutex<GateState>,
    changed: Condvar,
}

impl Gate {
    fn release_all(&self) {
        self.state.lock().unwrap().available = u64::MAX;
        self.changed.notify_all();
    }
}

impl CachedRanges for Gate {
    fn is_cached(&self, range: Range<u64>) -> bool {
        range.end <= self.state.lock().unwrap().available
    }

    fn interrupt(&self) {
        self.state.lock().unwrap().interrupted = true;
        self.changed.notify_all();
    }
}

/// A file whose bytes past the gate's mark arrive only when the gate says so.
struct StallingFile {
    file: File,
    pos: u64,
    len: u64,
    gate: Arc<Gate>,
}

impl Read for StallingFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut state = self.gate.state.lock().unwrap();
        loop {
            if state.interrupted {
                state.interrupted = false;
                return Err(io::Error::other("interrupted"));
            }
            if self.pos < state.available || self.pos >= self.len {
                break;
            }
            state = self.gate.changed.wait(state).unwrap();
        }
        let room = state
            .available
            .saturating_sub(self.pos)
            .min(buf.len() as u64) as usize;
        drop(state);
        self.file.seek(SeekFrom::Start(self.pos))?;
        let n = self.file.read(&mut buf[..room])?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for StallingFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.pos = match to {
            SeekFrom::Start(p) => p,
            SeekFrom::Current(d) => self.pos.saturating_add_signed(d),
            SeekFrom::End(d) => self.len.saturating_add_signed(d),
        };
        Ok(self.pos)
    }
}

impl MediaSource for StallingFile {
    fn is_seekable(&self) -> bool {
        true
    }

    fn byte_len(&self) -> Option<u64> {
        Some(self.len)
    }
}

#[test]
fn a_seek_does_not_wait_for_a_stalled_server() {
    let path = chapters("cbr.mp3");
    let gate = Arc::new(Gate::default());
    gate.state.lock().unwrap().available = 100_000; // about 6 s of 128 kbit/s
    let file = File::open(&path).unwrap();
    let len = file.metadata().unwrap().len();
    let source = StallingFile {
        file,
        pos: 0,
        len,
        gate: gate.clone(),
    };
    let origin = Origin::Remote(Some(gate.clone()));
    let mut listener = Listener::open_source(Box::new(source), Some("mp3".into()), 0.0, origin);

    // Play until the bytes run out: the output keeps going, silent, and says it is buffering.
    let mut audio = 0usize;
    let mut starved = 0usize;
    let deadline = Instant::now() + Duration::from_secs(20);
    while starved < frames(0.3) {
        assert!(Instant::now() < deadline, "never ran out of bytes");
        for _ in 0..listener.channels {
            listener.source.next();
        }
        match listener.source.state() {
            FrameState::Audio => audio += 1,
            FrameState::Starved => {
                starved += 1;
                std::thread::sleep(Duration::from_micros(20));
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    let played = audio as f64 / f64::from(RATE);
    assert!((5.0..6.5).contains(&played), "played {played:.2} s of 6");
    assert!(listener.drain_events().contains(&PlayerEvent::Buffering));

    let asked = Instant::now();
    let heard = listener.seek_and_pull(2.0, frames(0.2));
    let waited = asked.elapsed();
    eprintln!("seek while the server stalls: sound after {waited:?}");
    assert!(
        waited < Duration::from_secs(2),
        "the seek waited {waited:?} for the server"
    );
    assert_eq!(heard.position[0], 2.0);
    assert_eq!(loudest(&heard.left, CHAPTER_HZ), 0);
    let events = listener.drain_events();
    assert!(
        events.contains(&PlayerEvent::Seeked {
            t: 2.0,
            exact: true
        }),
        "{events:?}"
    );
    assert!(
        !events.iter().any(|e| matches!(e, PlayerEvent::Error(_))),
        "{events:?}"
    );

    // The rest arrives: playback goes on to the end.
    gate.release_all();
    let rest = listener.pull(frames(20.0));
    let end = rest.position.last().copied().unwrap_or_default();
    assert!((end - 12.0).abs() < 0.05, "ended at {end}");
    assert!(listener.drain_events().contains(&PlayerEvent::Ended));
}
