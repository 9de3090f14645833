//! The MPRIS interfaces (`org.mpris.MediaPlayer2` and `.Player`) over the player: each method
//! sends a command of the command language into the loop, and each property is read from the
//! report the loop last published.

use mpris_server::zbus::{self, fdo};
use mpris_server::{
    LoopStatus, Metadata, PlaybackRate, PlaybackStatus, PlayerInterface, RootInterface, Time,
    TrackId, Volume,
};
use tokio::sync::watch;

use super::Published;
use crate::config::{MAX_VOLUME, MprisNext};
use crate::control::status::StatusLine;
use crate::core::pace::{MAX_SPEED, MIN_SPEED, hundredths, on_grid};
use crate::core::{Command, Input, PlayState, Report};
use crate::runtime::event::{Event, Events};

/// What the player shows on the bus.
pub struct MprisPlayer {
    pub events: Events,
    pub published: watch::Receiver<Published>,
    /// What Next and Previous do.
    pub next: MprisNext,
    /// Seconds Next and Previous seek by when they seek.
    pub step_s: i32,
}

impl MprisPlayer {
    fn send(&self, command: Command) -> fdo::Result<()> {
        tracing::debug!("MPRIS: {command}");
        self.events
            .send(Event::Input(Input::Command(command)))
            .map_err(|_| fdo::Error::Failed("the player is quitting".into()))
    }

    fn report(&self) -> Report {
        self.published.borrow().report.clone()
    }

    /// The position heard now, in seconds.
    fn t_now(&self) -> Option<f64> {
        let published = self.published.borrow();
        StatusLine::of(&published.report, published.at.elapsed()).t
    }
}

/// The track id of an episode: the library's episode, or one shown without a subscription.
pub fn track_id(report: &Report) -> TrackId {
    let path = match report.episode.as_ref().map(|e| e.id) {
        Some(id) if id >= 0 => format!("/fm/netstack/tui/episode/{id}"),
        Some(id) => format!("/fm/netstack/tui/shown/{}", id.unsigned_abs()),
        None => return TrackId::NO_TRACK,
    };
    TrackId::try_from(path).unwrap_or(TrackId::NO_TRACK)
}

/// `seconds` as MPRIS time (microseconds).
pub fn time(seconds: f64) -> Time {
    Time::from_micros((seconds * 1e6).round() as i64)
}

/// The metadata of what is loaded: the episode as the title, the podcast as the album and the
/// artist, the chapter playing as the comment.
pub fn metadata(report: &Report) -> Metadata {
    let mut metadata = Metadata::new();
    metadata.set_trackid(Some(track_id(report)));
    let Some(episode) = &report.episode else {
        return metadata;
    };
    metadata.set_title(Some(episode.title.clone()));
    metadata.set_album(Some(episode.podcast.clone()));
    metadata.set_artist(Some([episode.podcast.clone()]));
    metadata.set_length(report.duration_s.map(time));
    metadata.set_art_url(episode.image.clone());
    if let (Some(n), Some(title)) = (report.chapter, &report.chapter_title) {
        let chapter = format!("Chapter {n}/{}: {title}", report.chapters);
        metadata.set_comment(Some([chapter]));
    }
    metadata
}

pub fn playback_status(report: &Report) -> PlaybackStatus {
    match report.state {
        PlayState::Playing => PlaybackStatus::Playing,
        PlayState::Paused => PlaybackStatus::Paused,
        PlayState::Stopped => PlaybackStatus::Stopped,
    }
}

impl RootInterface for MprisPlayer {
    async fn raise(&self) -> fdo::Result<()> {
        Ok(())
    }

    async fn quit(&self) -> fdo::Result<()> {
        self.send(Command::Quit)
    }

    async fn can_quit(&self) -> fdo::Result<bool> {
        Ok(true)
    }

    async fn fullscreen(&self) -> fdo::Result<bool> {
        Ok(false)
    }

    async fn set_fullscreen(&self, _fullscreen: bool) -> zbus::Result<()> {
        Ok(())
    }

    async fn can_set_fullscreen(&self) -> fdo::Result<bool> {
        Ok(false)
    }

    async fn can_raise(&self) -> fdo::Result<bool> {
        Ok(false)
    }

    async fn has_track_list(&self) -> fdo::Result<bool> {
        Ok(false)
    }

    async fn identity(&self) -> fdo::Result<String> {
        Ok("netstack-tui".into())
    }

    async fn desktop_entry(&self) -> fdo::Result<String> {
        Ok("netstack-tui".into())
    }

    async fn supported_uri_schemes(&self) -> fdo::Result<Vec<String>> {
        Ok(Vec::new())
    }

    async fn supported_mime_types(&self) -> fdo::Result<Vec<String>> {
        Ok(Vec::new())
    }
}

impl PlayerInterface for MprisPlayer {
    async fn next(&self) -> fdo::Result<()> {
        self.send(match self.next {
            MprisNext::Chapter => Command::NextChapter,
            MprisNext::Episode => Command::NextEpisode,
            MprisNext::Seek => Command::Seek(self.step_s),
        })
    }

    async fn previous(&self) -> fdo::Result<()> {
        self.send(match self.next {
            MprisNext::Chapter => Command::PreviousChapter,
            MprisNext::Episode => Command::PreviousEpisode,
            MprisNext::Seek => Command::Seek(-self.step_s),
        })
    }

    async fn pause(&self) -> fdo::Result<()> {
        self.send(Command::Pause)
    }

    async fn play_pause(&self) -> fdo::Result<()> {
        self.send(Command::TogglePause)
    }

    async fn stop(&self) -> fdo::Result<()> {
        self.send(Command::Stop)
    }

    async fn play(&self) -> fdo::Result<()> {
        self.send(Command::Play(None))
    }

    async fn seek(&self, offset: Time) -> fdo::Result<()> {
        let micros = offset.as_micros();
        if micros % 1_000_000 == 0 {
            let seconds = i32::try_from(micros / 1_000_000).unwrap_or(i32::MAX);
            return self.send(Command::Seek(seconds));
        }
        let Some(t) = self.t_now() else {
            return Ok(());
        };
        let to = (t + micros as f64 / 1e6).max(0.0);
        self.send(Command::SeekTo((to * 1000.0).round() as u64))
    }

    async fn set_position(&self, track_id: TrackId, position: Time) -> fdo::Result<()> {
        let report = self.report();
        let past_end = report
            .duration_s
            .is_some_and(|d| position.as_micros() as f64 / 1e6 > d);
        // The spec: a stale track id, a negative position or one past the end is ignored.
        if track_id != self::track_id(&report) || position.is_negative() || past_end {
            return Ok(());
        }
        let ms = u64::try_from(position.as_millis()).unwrap_or(0);
        self.send(Command::SeekTo(ms))
    }

    async fn open_uri(&self, _uri: String) -> fdo::Result<()> {
        Err(fdo::Error::NotSupported(
            "netstack-tui opens no URIs".into(),
        ))
    }

    async fn playback_status(&self) -> fdo::Result<PlaybackStatus> {
        Ok(playback_status(&self.report()))
    }

    async fn loop_status(&self) -> fdo::Result<LoopStatus> {
        Ok(LoopStatus::None)
    }

    async fn set_loop_status(&self, _loop_status: LoopStatus) -> zbus::Result<()> {
        Ok(())
    }

    async fn rate(&self) -> fdo::Result<PlaybackRate> {
        Ok(self.report().speed)
    }

    async fn set_rate(&self, rate: PlaybackRate) -> zbus::Result<()> {
        // MPRIS: a rate of 0 is a pause; others land on the speed grid within the range.
        if rate == 0.0 {
            return self.send(Command::Pause).map_err(zbus::Error::from);
        }
        let Some(speed) = on_grid(rate) else {
            return Ok(());
        };
        self.send(Command::Speed(hundredths(speed)))
            .map_err(zbus::Error::from)
    }

    async fn shuffle(&self) -> fdo::Result<bool> {
        Ok(false)
    }

    async fn set_shuffle(&self, _shuffle: bool) -> zbus::Result<()> {
        Ok(())
    }

    async fn metadata(&self) -> fdo::Result<Metadata> {
        Ok(metadata(&self.report()))
    }

    async fn volume(&self) -> fdo::Result<Volume> {
        Ok(f64::from(self.report().volume) / 100.0)
    }

    async fn set_volume(&self, volume: Volume) -> zbus::Result<()> {
        let percent = (volume * 100.0).round().clamp(0.0, f64::from(MAX_VOLUME));
        self.send(Command::SetVolume(percent as u8))
            .map_err(zbus::Error::from)
    }

    async fn position(&self) -> fdo::Result<Time> {
        Ok(self.t_now().map_or(Time::ZERO, time))
    }

    async fn minimum_rate(&self) -> fdo::Result<PlaybackRate> {
        Ok(MIN_SPEED)
    }

    async fn maximum_rate(&self) -> fdo::Result<PlaybackRate> {
        Ok(MAX_SPEED)
    }

    async fn can_go_next(&self) -> fdo::Result<bool> {
        Ok(self.report().episode.is_some())
    }

    async fn can_go_previous(&self) -> fdo::Result<bool> {
        Ok(self.report().episode.is_some())
    }

    async fn can_play(&self) -> fdo::Result<bool> {
        Ok(true)
    }

    async fn can_pause(&self) -> fdo::Result<bool> {
        Ok(true)
    }

    async fn can_seek(&self) -> fdo::Result<bool> {
        Ok(self.report().episode.is_some())
    }

    async fn can_control(&self) -> fdo::Result<bool> {
        Ok(true)
    }
}
