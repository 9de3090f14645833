//! Carrying out what the core asks for: audio, saving, refreshing, adding, opening links.
//!
//! Short writes (position, played) and the short reads of what the screen shows (a podcast's
//! list, an episode whole) go to the store inline on the event-loop thread: they take about a
//! millisecond at most (a list of 200 episodes), the store's connection cannot be shared
//! between threads, and a read's answer is in the channel before the next frame. Long
//! work (a refresh, a subscription) runs as a task with a connection of its own (SQLite in WAL
//! mode lets both write in turn) and reports back with inputs on the loop's channel.

use std::path::PathBuf;

use super::event::{Event, Events};
use super::library_tasks::{self, unix_now};
use super::library_view;
use super::player::{self, MediaPlace, Opened, Output, Start};
use super::search::Search;
use super::transcripts::{Request, Transcripts};
use crate::audio::Engine;
use crate::config::{Config, Endpoints, Listening};
use crate::core::{
    AudioCommand, DownloadAction, Effect, EpisodeId, Input, Media, Pace, PlayerEvent, PodcastId,
    UpNextChange,
};
use crate::download::{self, DownloadEvent, Downloader};

use crate::model::{Failure, FailureKind};
use crate::store::Store;

/// Everything the effects touch.
pub struct World {
    pub data_dir: PathBuf,
    download_dir: PathBuf,
    downloader: Downloader,
    pub store: Store,
    pub client: reqwest::Client,
    pub endpoints: Endpoints,
    pub events: Events,
    /// Up Next, refresh and cleanup settings.
    listening: Listening,
    output: Output,
    engine: Option<Engine>,
    transcripts: Transcripts,
    /// Answers the search prompt and keeps the search index current.
    pub search: Search,
    /// Counts the episodes opened, so reports of an earlier one are ignored.
    generation: u64,
    /// Commands given while the episode was still opening, applied once it plays.
    pending: Vec<AudioCommand>,
    /// The episode asked to play last.
    playing: Option<EpisodeId>,
    volume: u8,
}

impl World {
    /// The world of a player whose library is in `data_dir`, set up as `config` says.
    pub fn new(
        data_dir: PathBuf,
        config: &Config,
        store: Store,
        client: reqwest::Client,
        events: Events,
    ) -> World {
        let download_dir = config.download_dir_in(&data_dir);
        let downloader = {
            let events = events.clone();
            Downloader::new(
                download::Settings::new(&data_dir, download_dir.clone()),
                tokio::runtime::Handle::current(),
                client.clone(),
                move |event| {
                    let _ = events.send(Event::Download(event));
                },
            )
        };
        let transcripts = Transcripts::start(
            data_dir.clone(),
            client.clone(),
            tokio::runtime::Handle::current(),
            events.clone(),
        );
        let search = Search::start(data_dir.clone(), events.clone());
        World {
            transcripts,
            search,
            data_dir,
            download_dir,
            downloader,
            store,
            client,
            endpoints: config.endpoints.clone(),
            events,
            listening: config.listening.clone(),
            output: Output::lazy(),
            engine: None,
            generation: 0,
            pending: Vec::new(),
            playing: None,
            volume: config.volume,
        }
    }

    fn send(&self, input: Input) {
        let _ = self.events.send(Event::Input(input));
    }

    fn failed(&self, action: impl Into<String>, cause: impl Into<Failure>) {
        self.send(Input::Failed {
            action: action.into(),
            cause: cause.into(),
        });
    }

    /// Carries out one effect other than the loop's own (`WakeAt`, `Redraw`, `Answer`, `Quit`).
    pub fn run(&mut self, effect: Effect) {
        match effect {
            Effect::Audio(command) => self.audio(command),
            Effect::SavePosition { episode, t } => {
                if let Err(e) = self.store.set_position(episode, t, unix_now()) {
                    self.failed("Could not save the listening position", e);
                }
            }
            Effect::SetPlayed { episode, played } => {
                if let Err(e) = self.store.set_played(episode, played) {
                    self.failed("Could not mark the episode", e);
                }
            }
            Effect::SaveLength { episode, seconds } => {
                if let Err(e) = self.store.set_media_length(episode, seconds) {
                    self.failed("Could not save the episode's length", e);
                }
            }
            Effect::SaveTimeSaved { episode, seconds } => {
                if let Err(e) = self.store.set_time_saved(episode, seconds) {
                    self.failed("Could not save the time saved", e);
                }
            }
            Effect::RememberPace { podcast, pace } => {
                let saved = self.store.set_podcast_pace(podcast, pace);
                if let Err(e) = saved {
                    self.failed("Could not remember the podcast's speed", e);
                }
            }
            Effect::ReadEpisodeList { podcast } => {
                let outcome =
                    library_view::episode_list(&self.store, podcast).map_err(Failure::from);
                self.send(Input::EpisodeListRead { podcast, outcome });
            }
            Effect::ReadEpisode { episode } => {
                let outcome = library_view::episode(&self.store, episode)
                    .map(|read| read.map(|(podcast, view)| (podcast, Box::new(view))))
                    .map_err(Failure::from);
                self.send(Input::EpisodeRead { episode, outcome });
            }
            Effect::LoadTranscript {
                episode,
                podcast,
                in_library,
                fetch,
                data,
            } => self.transcripts.get(Request {
                episode,
                podcast,
                in_library,
                fetch,
                data,
            }),
            Effect::RefreshFeed { podcast } => self.refresh(vec![podcast]),
            Effect::RefreshFeeds { podcasts } => self.refresh(podcasts),
            Effect::AddPodcast { query } => self.add(query),
            Effect::SearchDirectory { terms } => self.search_directory(terms),
            Effect::SearchLibrary { query } => self.search.query(query),
            Effect::LoadChapters {
                episode,
                in_library,
                data,
            } => self.load_chapters(episode, in_library, *data),
            Effect::Download { episode, action } => self.download(episode, action),
            Effect::DeleteDownload { episode } => {
                if let Err(e) = download::delete(&mut self.store, episode) {
                    self.failed("Could not delete the download", e);
                }
            }
            Effect::SaveSession(session) => {
                if let Err(e) = library_view::save_session(&mut self.store, session) {
                    self.failed("Could not remember the selection", e);
                }
            }
            Effect::OpenUrl(url) => {
                let spawned = std::process::Command::new("xdg-open")
                    .arg(&url)
                    .stdin(std::process::Stdio::null())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn();
                match spawned {
                    // Reap the browser launcher when it exits, off the loop.
                    Ok(mut child) => drop(std::thread::spawn(move || child.wait())),
                    Err(e) => self.failed(
                        format!("Could not open {url}"),
                        Failure::from_error(FailureKind::Other, &e),
                    ),
                }
            }
            Effect::UpNext(change) => {
                let changed = match change {
                    UpNextChange::Put { episodes, place } => {
                        self.store.up_next_put(&episodes, place)
                    }
                    UpNextChange::Remove { episodes } => {
                        self.store.up_next_remove(&episodes).map(drop)
                    }
                    UpNextChange::Clear => self.store.up_next_clear().map(drop),
                };
                if let Err(e) = changed {
                    self.failed("Could not change Up Next", e);
                }
            }
            Effect::Dismiss { episodes } => {
                if let Err(e) = self.store.dismiss(&episodes) {
                    self.failed("Could not dismiss the episodes", e);
                }
            }
            Effect::CleanUp { playing } => {
                tokio::spawn(library_tasks::clean_up(
                    self.data_dir.clone(),
                    self.download_dir.clone(),
                    self.listening.clone(),
                    playing,
                    self.events.clone(),
                ));
            }
            Effect::WakeAt(_) | Effect::Redraw | Effect::Answer { .. } | Effect::Quit => {}
        }
    }

    /// Up Next and the inbox as the library holds them now, into a library read a moment ago
    /// in the background (a change made meanwhile on this thread would be missing from it).
    pub fn read_listening(&self, library: &mut crate::core::state::Library) {
        match (self.store.up_next_ids(), self.store.inbox_ids()) {
            (Ok(up_next), Ok(inbox)) => {
                library.up_next = up_next;
                library.inbox = inbox;
            }
            (Err(e), _) | (_, Err(e)) => tracing::warn!("reading Up Next and the inbox: {e}"),
        }
    }

    fn download(&mut self, episode: EpisodeId, action: DownloadAction) {
        match action {
            DownloadAction::Queue => {
                if let Err(e) = self.store.queue_download(episode) {
                    self.failed("Could not queue the download", e);
                }
            }
            DownloadAction::Start => self.downloader.start(episode),
            DownloadAction::Cancel => {
                // A running download removes its own files once it stops.
                if !self.downloader.cancel(episode)
                    && let Err(e) = download::delete(&mut self.store, episode)
                {
                    self.failed("Could not cancel the download", e);
                }
            }
        }
    }

    /// What a download's report means for the core.
    pub fn download_event(&mut self, event: DownloadEvent) -> Input {
        match event {
            DownloadEvent::Progress { episode, progress } => Input::DownloadProgress {
                episode,
                bytes: progress.bytes,
                total: progress.total,
            },
            DownloadEvent::Finished {
                episode, outcome, ..
            } => {
                self.downloader.forget(episode);
                Input::DownloadFinished {
                    episode,
                    outcome: outcome.map(|_| ()),
                }
            }
        }
    }

    fn audio(&mut self, command: AudioCommand) {
        match command {
            AudioCommand::Play { media, at, pace } => self.play(*media, at, pace),
            AudioCommand::Stop => {
                self.generation += 1;
                self.engine = None;
                self.pending.clear();
            }
            other => match &self.engine {
                Some(engine) => apply(engine, &other, &mut self.volume),
                None => self.pending.push(other),
            },
        }
    }

    fn play(&mut self, media: Media, at: f64, pace: Pace) {
        self.generation += 1;
        self.engine = None;
        self.pending.clear();
        self.playing = Some(media.episode);
        let generation = self.generation;
        let Some(enclosure) = media.enclosure else {
            let cause = Failure::new(FailureKind::Other, "the episode has no media to play");
            let _ = self.events.send(Event::Opened(generation, Err(cause)));
            return;
        };
        let (client, output, events) = (
            self.client.clone(),
            self.output.clone(),
            self.events.clone(),
        );
        let place = MediaPlace {
            library: media
                .in_library
                .then(|| (crate::library::library_file(&self.data_dir), media.episode)),
            cache_dir: download::streaming_dir(&self.download_dir),
        };
        let reports = super::event::player_sink(&events, generation);
        let start = Start {
            at,
            episode: media.episode,
            pace,
        };
        tokio::spawn(async move {
            let opened = player::open(
                &client,
                &enclosure,
                &media.guid,
                place,
                start,
                &output,
                reports,
            )
            .await;
            let _ = events.send(Event::Opened(generation, opened));
        });
    }

    /// Takes over an opened engine if it is still the one wanted, and says what its opening
    /// means for the core: why playback failed (the core tells an unreachable network from the
    /// failure's kind), or that a stream's server answered. Nothing when another episode was
    /// asked for meanwhile (this one just stops) or it plays from disk.
    pub fn opened(&mut self, generation: u64, opened: Result<Opened, Failure>) -> Option<Input> {
        if generation != self.generation {
            return None;
        }
        let Opened {
            engine,
            streams,
            measured_s,
        } = match opened {
            Ok(opened) => opened,
            Err(cause) => return Some(Input::Player(PlayerEvent::Error(cause))),
        };
        if let (Some(seconds), Some(episode)) = (measured_s, self.playing) {
            self.send(Input::LengthMeasured { episode, seconds });
        }
        engine.set_volume(self.volume);
        for command in std::mem::take(&mut self.pending) {
            apply(&engine, &command, &mut self.volume);
        }
        self.engine = Some(engine);
        streams.then_some(Input::Connectivity { online: true })
    }

    /// Whether engine reports of playback `generation` are current.
    pub fn is_current(&self, generation: u64) -> bool {
        generation == self.generation
    }

    fn refresh(&self, podcasts: Vec<PodcastId>) {
        tokio::spawn(library_tasks::refresh(
            self.data_dir.clone(),
            self.client.clone(),
            self.endpoints.clone(),
            self.listening.clone(),
            podcasts,
            self.events.clone(),
        ));
    }

    fn add(&self, query: String) {
        let url = query.trim().to_owned();
        if !url.starts_with("http://") && !url.starts_with("https://") {
            self.failed(
                format!("Could not add {url}"),
                Failure::new(
                    FailureKind::Other,
                    "give the feed's address (http://… or https://…) or words to search for",
                ),
            );
            return;
        }
        tokio::spawn(library_tasks::add(
            self.data_dir.clone(),
            self.client.clone(),
            url,
            self.events.clone(),
        ));
    }

    fn search_directory(&self, terms: String) {
        tokio::spawn(library_tasks::search(
            self.client.clone(),
            self.endpoints.apple_search.clone(),
            terms,
            self.events.clone(),
        ));
    }

    /// Gathers the chapter sources of an episode; a downloaded one is read from disk.
    fn load_chapters(&self, id: EpisodeId, in_library: bool, episode: crate::model::Episode) {
        let local_media = if in_library {
            match self.store.downloaded_file(id) {
                Ok(path) => path.filter(|p| p.is_file()),
                Err(e) => {
                    tracing::warn!("finding the download of episode {id}: {e}");
                    None
                }
            }
        } else {
            None
        };
        tokio::spawn(library_tasks::chapters(
            self.data_dir.clone(),
            self.client.clone(),
            id,
            in_library,
            episode,
            local_media,
            self.events.clone(),
        ));
    }
}

fn apply(engine: &Engine, command: &AudioCommand, volume: &mut u8) {
    match command {
        AudioCommand::Pause => engine.pause(),
        AudioCommand::Resume => engine.play(),
        AudioCommand::Seek { t } => engine.seek(*t),
        AudioCommand::Volume(percent) => {
            *volume = *percent;
            engine.set_volume(*percent);
        }
        AudioCommand::Pace(pace) => engine.set_pace(*pace),
        AudioCommand::PauseAt(t) => engine.pause_at(*t),
        AudioCommand::FadeOut { seconds } => engine.fade_out(*seconds),
        AudioCommand::Unfade => engine.unfade(),
        AudioCommand::Play { .. } | AudioCommand::Stop => {}
    }
}
