//! Stopping the server: a shutdown signal that interrupts every sleep, and a
//! registry of open connections so they can be closed and waited for.

use std::collections::HashMap;
use std::net::{self, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Set once when the server is dropped; every sleep in the server (delays,
/// stalls, throttling) waits on it so that dropping the server is prompt.
#[derive(Default)]
pub(crate) struct Shutdown {
    stopped: Mutex<bool>,
    wake: Condvar,
}

impl Shutdown {
    pub fn trigger(&self) {
        *self.stopped.lock().unwrap() = true;
        self.wake.notify_all();
    }

    pub fn is_triggered(&self) -> bool {
        *self.stopped.lock().unwrap()
    }

    /// Sleeps for `duration`; returns false if shutdown interrupted it.
    pub fn sleep(&self, duration: Duration) -> bool {
        let deadline = Instant::now() + duration;
        let mut stopped = self.stopped.lock().unwrap();
        loop {
            if *stopped {
                return false;
            }
            let now = Instant::now();
            if now >= deadline {
                return true;
            }
            stopped = self.wake.wait_timeout(stopped, deadline - now).unwrap().0;
        }
    }
}

#[derive(Default)]
struct Open {
    streams: HashMap<u64, TcpStream>,
    threads: usize,
}

/// Open connections, each served by one thread.
#[derive(Default)]
pub(crate) struct Connections {
    open: Mutex<Open>,
    changed: Condvar,
}

/// Held by a connection thread; unregisters the connection when dropped,
/// including when the thread panics.
pub(crate) struct ConnectionGuard {
    connections: Arc<Connections>,
    id: u64,
}

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        let mut open = self.connections.open.lock().unwrap();
        open.streams.remove(&self.id);
        open.threads -= 1;
        self.connections.changed.notify_all();
    }
}

impl Connections {
    /// Registers a connection before its thread is spawned.
    pub fn register(self: &Arc<Self>, id: u64, stream: &TcpStream) -> ConnectionGuard {
        let mut open = self.open.lock().unwrap();
        if let Ok(clone) = stream.try_clone() {
            open.streams.insert(id, clone);
        }
        open.threads += 1;
        ConnectionGuard {
            connections: Arc::clone(self),
            id,
        }
    }

    /// Shuts down every open socket, which unblocks reads and writes in
    /// connection threads, then waits (bounded) for those threads to end.
    pub fn close_all_and_wait(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut open = self.open.lock().unwrap();
        for stream in open.streams.values() {
            let _ = stream.shutdown(net::Shutdown::Both);
        }
        while open.threads > 0 {
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            open = self.changed.wait_timeout(open, deadline - now).unwrap().0;
        }
        true
    }
}
