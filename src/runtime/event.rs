//! What reaches the event loop, and how: the loop owns one channel, and every producer (the
//! terminal's reader thread, the audio engine, downloads, background tasks, the panic watch,
//! the control socket and MPRIS)
//! holds a clone of its sender, [`Events`], and sends straight into it. Nothing relays.

use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::oneshot;

use super::player::Opened;
use crate::audio::EventSink;
use crate::core::{Command, Input, PlayerEvent};
use crate::download::DownloadEvent;
use crate::model::Failure;

/// The sender of the event loop's channel.
pub type Events = UnboundedSender<Event>;

/// What reaches the event loop from the world.
pub enum Event {
    /// Something the terminal reported.
    Terminal(crossterm::event::Event),
    /// The terminal cannot be read any more.
    TerminalGone(String),
    /// An input for the core, from background work.
    Input(Input),
    /// A command from outside that wants its answer: `None` done, else why it was refused.
    Request(Command, oneshot::Sender<Option<String>>),
    /// The engine of playback number `.0` reported.
    Player(u64, PlayerEvent),
    /// Playback number `.0` opened (or failed to).
    Opened(u64, Result<Opened, Failure>),
    /// A download reported.
    Download(DownloadEvent),
    /// A thread or task panicked (the terminal is restored already): the player stops.
    Panicked(String),
}

/// The audio engine's sink for playback number `generation`: each report goes straight into
/// the loop's channel, marked with the playback it belongs to.
pub fn player_sink(events: &Events, generation: u64) -> EventSink {
    let events = events.clone();
    std::sync::Arc::new(move |event| {
        let _ = events.send(Event::Player(generation, event));
    })
}
