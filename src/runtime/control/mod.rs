//! The player's end of control from outside: the control socket (`server`) and MPRIS on the
//! session bus (`mpris`). Both send commands into the loop's one channel and read playback from
//! the report the loop publishes after every input (`Link`).

pub mod mpris;
mod mpris_player;
pub mod server;

use std::collections::HashMap;
use std::time::Instant;

use tokio::sync::{oneshot, watch};

use crate::core::{Command, Input, Report, State};

/// The report the loop last published, and when it was made.
#[derive(Clone, Debug)]
pub struct Published {
    pub report: Report,
    pub at: Instant,
}

/// The loop's side: requests waiting for their answer, and the published report.
pub struct Link {
    next_id: u64,
    waiting: HashMap<u64, oneshot::Sender<Option<String>>>,
    published: watch::Sender<Published>,
}

impl Link {
    /// A link publishing `state`'s report.
    pub fn new(state: &State) -> Link {
        let (published, _) = watch::channel(Published {
            report: state.report(),
            at: Instant::now(),
        });
        Link {
            next_id: 0,
            waiting: HashMap::new(),
            published,
        }
    }

    /// The report as it changes.
    pub fn subscribe(&self) -> watch::Receiver<Published> {
        self.published.subscribe()
    }

    /// The input for a request, remembering where its answer goes.
    pub fn request(&mut self, command: Command, reply: oneshot::Sender<Option<String>>) -> Input {
        self.next_id = self.next_id.wrapping_add(1);
        self.waiting.insert(self.next_id, reply);
        Input::Request {
            id: self.next_id,
            command,
        }
    }

    /// Sends the core's answer to request `id`.
    pub fn answer(&mut self, id: u64, refused: Option<String>) {
        if let Some(reply) = self.waiting.remove(&id) {
            // The asker may have gone: nothing to tell then.
            let _ = reply.send(refused);
        }
    }

    /// Publishes `state`'s report when it changed.
    pub fn publish(&self, state: &State) {
        let report = state.report();
        self.published.send_if_modified(|published| {
            if published.report == report {
                return false;
            }
            *published = Published {
                report,
                at: Instant::now(),
            };
            true
        });
    }
}
