//! Pacing a response body to a byte rate.
//!
//! A token bucket whose capacity is one chunk: the first chunk goes out at
//! once, and chunk k is released no earlier than `k * chunk / rate` seconds
//! after the body started. Chunks are sized to about 1/20 s of data (256 B to
//! 16 KiB), so the rate is smooth at any scale a test uses.

use std::time::{Duration, Instant};

use super::lifecycle::Shutdown;

/// Chunk size for unthrottled bodies.
const UNTHROTTLED_CHUNK: usize = 64 * 1024;

pub(crate) struct Pacer {
    bytes_per_second: Option<u64>,
    start: Instant,
    released: u64,
}

impl Pacer {
    /// `None` or `Some(0)` means unthrottled.
    pub fn new(bytes_per_second: Option<u64>) -> Self {
        Pacer {
            bytes_per_second: bytes_per_second.filter(|r| *r > 0),
            start: Instant::now(),
            released: 0,
        }
    }

    pub fn chunk_size(&self) -> usize {
        match self.bytes_per_second {
            None => UNTHROTTLED_CHUNK,
            Some(rate) => (rate / 20).clamp(256, 16 * 1024) as usize,
        }
    }

    /// Waits until `n` more bytes may be sent. Returns false if the server
    /// shut down meanwhile.
    pub fn admit(&mut self, n: usize, shutdown: &Shutdown) -> bool {
        if let Some(rate) = self.bytes_per_second {
            let due = self.start + Duration::from_secs_f64(self.released as f64 / rate as f64);
            let now = Instant::now();
            if due > now && !shutdown.sleep(due - now) {
                return false;
            }
        }
        self.released += n as u64;
        true
    }

    /// Starts pacing afresh, e.g. after a stall, so the pause is not made up
    /// for with a burst.
    pub fn restart(&mut self) {
        self.start = Instant::now();
        self.released = 0;
    }
}
