//! The interactive player: the terminal set up, one event loop, and the terminal put back.
//!
//! The loop waits for the next event on its one channel (the terminal's reader, background
//! work, the audio engine and downloads each hold its sender: see `event`) or the next wake-up
//! the core asked for, hands every pending event to the core before drawing, and draws
//! once when anything visible changed. The terminal is restored on quit, on error (by a guard)
//! and on panic (by the hook installed in `main`).

use std::collections::BTreeSet;
use std::io::Stdout;
use std::time::{Duration, Instant};

use crossterm::{cursor, event, execute, terminal as term};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use super::control::{Link, mpris, server};
use super::effects::World;
use super::event::Event;
use super::open_podcast::{self, Opening};
use super::{library_tasks, library_view, terminal_events};
use crate::config;
use crate::core::{DownloadQueue, Effect, Input, Millis, Stamped, State};
use crate::library::lock::InstanceLock;
use crate::paths::Paths;
use crate::ui::Drawn;
use crate::ui::hit::HitMap;

/// Why the player did not run until the listener quit: what failed and why, and whether it was the
/// PODCAST argument that names nothing here (a usage error, exit status 2 as the scripting
/// commands give) rather than the world failing.
#[derive(Debug)]
pub struct Stopped {
    pub message: String,
    pub usage: bool,
}

impl From<String> for Stopped {
    fn from(message: String) -> Stopped {
        Stopped {
            message,
            usage: false,
        }
    }
}

impl From<&str> for Stopped {
    fn from(message: &str) -> Stopped {
        Stopped::from(message.to_owned())
    }
}

/// Runs the player until the listener quits. The error says what failed and why; the terminal is
/// already restored when it returns.
/// `open` is the PODCAST argument: a subscription to open on, or a feed to show unsubscribed.
pub async fn run(open: Option<String>) -> Result<(), Stopped> {
    let begun = Instant::now();
    let paths =
        Paths::discover().ok_or("no home directory: cannot find where to keep the library")?;
    let _lock = InstanceLock::acquire(&paths.data).map_err(|e| e.to_string())?;
    let config = config::load_or_create(&paths.config).map_err(|e| e.to_string())?;
    let store = crate::library::open(&paths.data).map_err(|e| e.to_string())?;
    let client = crate::net::client().map_err(|e| format!("starting HTTP: {e}"))?;
    let opened = begun.elapsed();
    let mut library = library_view::load_first(&store).map_err(|e| e.to_string())?;
    let mut preview = None;
    if let Some(arg) = open.as_deref() {
        let subscriptions = store.podcasts().map_err(|e| e.to_string())?;
        let opening = open_podcast::resolve(arg, &subscriptions).map_err(|message| Stopped {
            message,
            usage: true,
        })?;
        match opening {
            Opening::Subscribed(id) => {
                library.session.podcast = Some(id);
                library.session.episode = None;
            }
            Opening::Feed { url, file } => preview = Some((url, file)),
        }
    }
    tracing::debug!(
        "start: library opened in {opened:?}, its first screen read by {:?}",
        begun.elapsed()
    );
    let (tx, rx) = unbounded_channel();
    let world = World::new(paths.data.clone(), &config, store, client, tx.clone());
    let mut state = State::new(config.keymap.clone(), config.volume);
    state.downloads = DownloadQueue::new(config.parallel_downloads as usize);
    state.listening = config.listening.clone();
    let link = Link::new(&state);
    let socket = paths.control_socket();
    let listening = match server::listen(&socket, tx.clone(), link.subscribe()) {
        Ok(listening) => Some(listening),
        Err(e) => {
            tracing::warn!("no control socket: {e}");
            None
        }
    };
    mpris::start(
        tx.clone(),
        link.subscribe(),
        config.mpris_next,
        config.seek.long_s,
    );
    state.default_pace = config.default_pace();

    let _restore = Restore;
    // C libraries (alsa-lib on a machine without sound) print to fd 2, which would draw over
    // the interface: while it runs, fd 2 is the log. Dropped before the terminal is restored,
    // so what `main` prints afterwards (an error, a panic's message) reaches the terminal.
    let _stderr = crate::stderr_log::redirect_stderr_to(&paths.log_file())
        .map_err(|e| tracing::warn!("stderr stays on the terminal: {e}"))
        .ok();
    let _panics = {
        let tx = tx.clone();
        crate::terminal::watch_panics(move |message| {
            let _ = tx.send(Event::Panicked(message));
        })
    };
    let mut terminal = enter().map_err(|e| format!("setting up the terminal: {e}"))?;
    terminal_events::spawn_reader(tx);
    let size = terminal
        .size()
        .map_err(|e| format!("reading the terminal size: {e}"))?;
    let mut event_loop = Loop {
        state,
        world,
        started: Instant::now(),
        begun,
        wakes: BTreeSet::new(),
        redraw: true,
        hits: HitMap::default(),
        quit: false,
        after_first_draw: Some(config.refresh_on_start),
        preview,
        link,
    };
    event_loop.input(Input::Resize {
        columns: size.width,
        rows: size.height,
    });
    event_loop.input(Input::LibraryLoaded(library));
    let outcome = event_loop.run(&mut terminal, rx).await;
    if let Some(listening) = &listening {
        // A `ctl quit` hears that it was done before the player is gone.
        listening.settle(Duration::from_millis(300)).await;
    }
    outcome.map_err(Stopped::from)
}

/// Why the player stops when any of its threads or tasks panicked.
const PANICKED: &str = "the player stopped after an internal error";

/// Puts the terminal back when the player leaves, whichever way it leaves.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        crate::terminal::restore();
    }
}

fn enter() -> std::io::Result<Terminal<CrosstermBackend<Stdout>>> {
    term::enable_raw_mode()?;
    let mut out = std::io::stdout();
    execute!(
        out,
        term::EnterAlternateScreen,
        event::EnableMouseCapture,
        event::EnableBracketedPaste,
        cursor::Hide
    )?;
    Terminal::new(CrosstermBackend::new(out))
}

struct Loop {
    state: State,
    world: World,
    started: Instant,
    /// When the player began (before the library was opened).
    begun: Instant,
    /// Times the core asked to be woken at, earliest first.
    wakes: BTreeSet<Millis>,
    redraw: bool,
    /// What each cell of the frame last drawn shows, for clicks.
    hits: HitMap,
    quit: bool,
    /// Until the first draw: whether to refresh every feed once the library is on screen.
    after_first_draw: Option<bool>,
    /// A feed to read and show unsubscribed once the library is on screen: its URL, and the
    /// file it is in when it is a file.
    preview: Option<(String, Option<std::path::PathBuf>)>,
    /// Answers for the control socket, and the report it and MPRIS read.
    link: Link,
}

impl Loop {
    fn now_ms(&self) -> Millis {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    async fn run(
        &mut self,
        terminal: &mut Terminal<CrosstermBackend<Stdout>>,
        mut rx: UnboundedReceiver<Event>,
    ) -> Result<(), String> {
        loop {
            if self.quit {
                return Ok(());
            }
            if crate::terminal::panicked() {
                // The panic hook gave the terminal back: draw nothing more, stop the audio.
                return Err(PANICKED.into());
            }
            // Everything pending is handled before drawing (also before the first frame: what
            // the store answered to the first library's reads is shown at once).
            while let Ok(event) = rx.try_recv() {
                self.event(event)?;
            }
            if self.quit {
                return Ok(());
            }
            if self.redraw {
                self.redraw = false;
                let mut drawn = Drawn::default();
                terminal
                    .draw(|frame| drawn = crate::ui::draw(frame, &self.state))
                    .map_err(|e| format!("drawing: {e}"))?;
                self.input(Input::Drawn(drawn.scroll));
                self.hits = drawn.hits;
                if let Some((url, file)) = self.preview.take() {
                    tokio::spawn(open_podcast::show(
                        self.world.client.clone(),
                        url,
                        file,
                        self.world.events.clone(),
                    ));
                }
                if let Some(refresh) = self.after_first_draw.take() {
                    tracing::debug!(
                        "start: first frame drawn {:.1} ms after the player began",
                        self.begun.elapsed().as_secs_f64() * 1000.0
                    );
                    // The library is on screen: the rest of it is read, then the feeds are
                    // refreshed, in the background.
                    tokio::spawn(library_tasks::complete_start(
                        self.world.data_dir.clone(),
                        refresh,
                        self.world.events.clone(),
                    ));
                }
            }
            let next_wake = self.wakes.first().copied();
            let sleep = next_wake.map(|at| at.saturating_sub(self.now_ms()));
            tokio::select! {
                event = rx.recv() => {
                    let Some(event) = event else { return Ok(()) };
                    self.event(event)?;
                }
                () = tokio::time::sleep(Duration::from_millis(sleep.unwrap_or(0))), if sleep.is_some() => {}
            }
            // Everything due is handled before the next draw.
            let now = self.now_ms();
            while self.wakes.first().is_some_and(|at| *at <= now) {
                self.wakes.pop_first();
                self.input(Input::Tick);
            }
        }
    }

    fn event(&mut self, event: Event) -> Result<(), String> {
        match event {
            Event::Terminal(event) => {
                if let Some(input) = terminal_events::to_input(event, &self.state, &self.hits) {
                    self.input(input);
                }
            }
            Event::TerminalGone(cause) => return Err(cause),
            Event::Panicked(message) => {
                return Err(format!("{PANICKED}: {message}"));
            }
            Event::Input(Input::LibraryLoaded(mut library)) => {
                self.world.read_listening(&mut library);
                self.input(Input::LibraryLoaded(library));
            }
            Event::Input(input) => self.input(input),
            Event::Request(command, reply) => {
                let input = self.link.request(command, reply);
                self.input(input);
            }
            Event::Player(generation, event) => {
                if self.world.is_current(generation) {
                    self.input(Input::Player(event));
                }
            }
            Event::Opened(generation, opened) => {
                if let Some(input) = self.world.opened(generation, opened) {
                    self.input(input);
                }
            }
            Event::Download(event) => {
                let input = self.world.download_event(event);
                self.input(input);
            }
        }
        Ok(())
    }

    /// Hands one input to the core and carries out what it asks for.
    fn input(&mut self, input: Input) {
        // The library changed (read whole after start, refreshed, added to, chapters kept):
        // the search index catches up in the background, once the first frame is drawn.
        if self.after_first_draw.is_none()
            && matches!(
                input,
                Input::LibraryLoaded(_) | Input::ChaptersLoaded { .. }
            )
        {
            self.world.search.index();
        }
        let now_ms = self.now_ms();
        let effects = self.state.handle(Stamped { now_ms, input });
        self.link.publish(&self.state);
        for effect in effects {
            if !matches!(effect, Effect::Redraw | Effect::WakeAt(_)) {
                tracing::debug!("effect {effect:?}");
            }
            match effect {
                Effect::WakeAt(at) => {
                    self.wakes.insert(at);
                }
                Effect::Redraw => self.redraw = true,
                Effect::Answer { id, refused } => self.link.answer(id, refused),
                Effect::Quit => {
                    self.world
                        .run(Effect::Audio(crate::core::AudioCommand::Stop));
                    self.quit = true;
                }
                other => self.world.run(other),
            }
        }
    }
}
