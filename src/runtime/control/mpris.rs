//! MPRIS 2 on the session bus, as `org.mpris.MediaPlayer2.netstack_tui` (with `.instance<PID>`
//! after it when another player holds that name), through the `mpris-server` crate (zbus,
//! pure Rust, on our tokio runtime). With no session bus it stays off: one log line, nothing on
//! the terminal.
//!
//! A task follows the published report and tells the bus what changed: PropertiesChanged for
//! the playback status, metadata (episode, podcast, chapter), volume and what can be done, and
//! `Seeked` after every jump the engine confirms (chapter jumps included).

use mpris_server::{Property, Server, Signal};
use tokio::sync::watch;

use super::Published;
use super::mpris_player::{MprisPlayer, metadata, playback_status, time};
use crate::config::MprisNext;
use crate::core::{PlayState, Report};
use crate::runtime::event::Events;

/// The bus name after `org.mpris.MediaPlayer2.`.
pub const BUS_NAME: &str = "netstack_tui";

/// Starts MPRIS in the background; it ends with the player.
pub fn start(events: Events, published: watch::Receiver<Published>, next: MprisNext, step_s: u32) {
    let player = move || MprisPlayer {
        events: events.clone(),
        published: published.clone(),
        next,
        step_s: i32::try_from(step_s).unwrap_or(i32::MAX),
    };
    tokio::spawn(async move {
        let server = match Server::new(BUS_NAME, player()).await {
            Ok(server) => server,
            Err(first) => {
                let instance = format!("{BUS_NAME}.instance{}", std::process::id());
                match Server::new(&instance, player()).await {
                    Ok(server) => server,
                    Err(_) => {
                        tracing::info!("MPRIS is off: {first}");
                        return;
                    }
                }
            }
        };
        tracing::info!("MPRIS on the session bus as {}", server.bus_name());
        follow(&server).await;
    });
}

/// What the bus was last told.
#[derive(PartialEq)]
struct Told {
    status: mpris_server::PlaybackStatus,
    metadata: Report,
    volume: u8,
    speed: f64,
    loaded: bool,
}

impl Told {
    fn of(report: &Report) -> Told {
        // Metadata changes with what it shows: the episode, its length and the chapter.
        let shown = Report {
            state: PlayState::Stopped,
            t: None,
            advancing: false,
            speed: 1.0,
            seeks: 0,
            volume: 0,
            ..report.clone()
        };
        Told {
            status: playback_status(report),
            metadata: shown,
            volume: report.volume,
            speed: report.speed,
            loaded: report.episode.is_some(),
        }
    }
}

/// Tells the bus about every change of the published report, until the player quits.
async fn follow(server: &Server<MprisPlayer>) {
    let mut published = server.imp().published.clone();
    let (mut told, mut seeks) = {
        let now = published.borrow_and_update();
        (Told::of(&now.report), now.report.seeks)
    };
    while published.changed().await.is_ok() {
        let report = published.borrow_and_update().report.clone();
        let now = Told::of(&report);
        let mut changed = Vec::new();
        if now.status != told.status {
            changed.push(Property::PlaybackStatus(now.status));
        }
        if now.metadata != told.metadata {
            changed.push(Property::Metadata(metadata(&report)));
        }
        if now.volume != told.volume {
            changed.push(Property::Volume(f64::from(now.volume) / 100.0));
        }
        if now.speed != told.speed {
            changed.push(Property::Rate(now.speed));
        }
        if now.loaded != told.loaded {
            changed.push(Property::CanGoNext(now.loaded));
            changed.push(Property::CanGoPrevious(now.loaded));
            changed.push(Property::CanSeek(now.loaded));
        }
        if !changed.is_empty()
            && let Err(e) = server.properties_changed(changed).await
        {
            tracing::debug!("MPRIS: telling what changed: {e}");
        }
        if report.seeks != seeks {
            seeks = report.seeks;
            let position = time(report.t.unwrap_or(0.0));
            if let Err(e) = server.emit(Signal::Seeked { position }).await {
                tracing::debug!("MPRIS: telling of a jump: {e}");
            }
        }
        told = now;
    }
}
