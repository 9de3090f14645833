//! The command line: `netstack-tui [PODCAST]` opens the player; subcommands script everything.

use clap::{Args, Parser};

pub use super::ctl_args::CtlRequest;
use crate::model::ChapterSource;

/// A terminal podcast player that reads chapters from every source and jumps between them
/// instantly, even in a stream that is not downloaded.
#[derive(Debug, Parser)]
#[command(name = "netstack-tui", version, about, long_about = None)]
#[command(
    after_help = "PODCAST is a feed URL, a feed file, or a subscribed podcast's title \
(a unique case-insensitive part of it).\nEPISODE is N for the Nth newest (as `feed` lists \
them), an exact guid, or a unique part of a title.\nExit status: 0 ok, 1 failure (network, \
parse), 2 bad usage or a reference that matches nothing."
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Open the player on this podcast: a subscribed podcast's title, or a feed URL or file
    /// (shown without subscribing; `a` subscribes to a feed URL).
    #[arg(value_name = "PODCAST")]
    pub podcast: Option<String>,
    #[command(subcommand)]
    pub command: Option<Subcommand>,
}

#[derive(Debug, clap::Subcommand)]
pub enum Subcommand {
    /// Fetch (or read) a feed and list the podcast and its episodes, newest first.
    Feed(FeedArgs),
    /// An episode's chapters, from the most trusted source that has them.
    Chapters(ChaptersArgs),
    /// Subscribe to a feed URL or a page that links to its feed, or search the directory.
    Add(AddArgs),
    /// Unsubscribe (downloads and cached audio of the podcast are deleted).
    Remove(PodcastArgs),
    /// List the subscriptions.
    List(JsonArgs),
    /// Check subscriptions for new episodes (all of them, or one).
    Refresh(RefreshArgs),
    /// Subscribe to every feed in an OPML file.
    Import(ImportArgs),
    /// Write the subscriptions as OPML (to FILE, or standard output).
    Export(ExportArgs),
    /// Play an episode through the default audio output, printing what is heard.
    Play(PlayArgs),
    /// Download episodes for offline listening (in the foreground; exit 0 when all are on disk).
    Download(DownloadArgs),
    /// List queued, running, finished and failed downloads.
    Downloads(JsonArgs),
    /// Delete an episode's download.
    Delete(EpisodeArgs),
    /// An episode's transcript, one cue a line (kept in the library for a subscribed podcast).
    Transcript(TranscriptArgs),
    /// Search episode titles, show notes, chapter titles and transcripts in the library.
    Search(SearchArgs),
    /// Up Next, in play order; or add, remove, move and clear its episodes.
    Queue(QueueArgs),
    /// New episodes (arrived in a refresh since you subscribed), newest first; or dismiss them.
    Inbox(InboxArgs),
    /// Delete the downloads the cleanup settings let go, and print what went.
    Cleanup(CleanupArgs),
    /// Control the running player: send it a command, or print what plays.
    #[command(
        after_help = "Exit status: 0 the player did it, 1 it refused (the reason is printed) or \
no player runs, 2 an unknown command or bad arguments."
    )]
    Ctl(CtlArgs),
    /// Print a shell's completion script for netstack-tui.
    Completions(CompletionsArgs),
}

/// Arguments of `ctl`.
#[derive(Debug, Args)]
pub struct CtlArgs {
    #[command(subcommand)]
    pub request: CtlRequest,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    pub shell: clap_complete::Shell,
}

/// `queue [--json] | queue add|remove|move|clear …`.
#[derive(Debug, Args)]
pub struct QueueArgs {
    #[command(subcommand)]
    pub action: Option<QueueAction>,
    /// Print one JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum QueueAction {
    /// Put episodes at the end of Up Next (those queued already move there).
    Add {
        /// A subscribed podcast (feed URL or part of its title).
        podcast: String,
        /// Episodes: N (Nth newest), a guid, or part of a title.
        #[arg(required = true, num_args = 1..)]
        episodes: Vec<String>,
        /// At the front instead: they play next.
        #[arg(long)]
        next: bool,
    },
    /// Take the Nth episode (1-based, as `queue` lists them) out of Up Next.
    Remove {
        #[arg(value_name = "N")]
        n: usize,
    },
    /// Move the episode at FROM to TO (1-based).
    Move { from: usize, to: usize },
    /// Empty Up Next.
    Clear,
}

/// `inbox [--json] | inbox dismiss PODCAST EPISODE | --all`.
#[derive(Debug, Args)]
pub struct InboxArgs {
    #[command(subcommand)]
    pub action: Option<InboxAction>,
    /// Print one JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum InboxAction {
    /// Take an episode (or all) out of the inbox.
    Dismiss {
        /// A subscribed podcast (feed URL or part of its title).
        #[arg(required_unless_present = "all")]
        podcast: Option<String>,
        /// N (Nth newest), a guid, or part of a title.
        #[arg(required_unless_present = "all")]
        episode: Option<String>,
        /// Every new episode.
        #[arg(long, conflicts_with_all = ["podcast", "episode"])]
        all: bool,
    },
}

/// Arguments of `cleanup`.
#[derive(Debug, Args)]
pub struct CleanupArgs {
    /// Print what would go, delete nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print one JSON document instead of lines.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `transcript`.
#[derive(Debug, Args)]
pub struct TranscriptArgs {
    /// A feed URL, a feed file, or a subscribed podcast's title.
    pub podcast: String,
    /// N (the Nth newest), an exact guid, or a unique part of a title.
    pub episode: String,
    /// Only the cue spoken at TIME (seconds, MM:SS or H:MM:SS).
    #[arg(long, value_parser = parse_time)]
    pub at: Option<f64>,
    /// Print one JSON document: the cues as published.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find (all of them; the last also as the start of a word).
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Print one JSON document instead of one match a line.
    #[arg(long)]
    pub json: bool,
}

/// `download PODCAST EPISODE… | --new N`.
#[derive(Debug, Args)]
pub struct DownloadArgs {
    /// A subscribed podcast (feed URL or part of its title).
    pub podcast: String,
    /// Episodes: N (Nth newest), a guid, or part of a title.
    #[arg(required_unless_present = "new")]
    pub episodes: Vec<String>,
    /// The N newest episodes instead.
    #[arg(long, value_name = "N", conflicts_with = "episodes")]
    pub new: Option<usize>,
}

/// A podcast and one of its episodes.
#[derive(Debug, Args)]
pub struct EpisodeArgs {
    /// A subscribed podcast (feed URL or part of its title).
    pub podcast: String,
    /// N (Nth newest), a guid, or part of a title.
    pub episode: String,
}

/// Arguments of `play`.
#[derive(Debug, Args)]
pub struct PlayArgs {
    /// A feed URL, a feed file, or a subscribed podcast's title.
    #[arg(required_unless_present = "queue")]
    pub podcast: Option<String>,
    /// N (the Nth newest), an exact guid, or a unique part of a title.
    #[arg(required_unless_present = "queue")]
    pub episode: Option<String>,
    /// Play Up Next from its head instead: each finished episode is marked played and leaves
    /// it (exit 2 when it is empty).
    #[arg(long, conflicts_with_all = ["podcast", "episode", "chapter", "at"])]
    pub queue: bool,
    /// Start at chapter N (1-based over the visible chapters `chapters` lists).
    #[arg(long, conflicts_with = "at")]
    pub chapter: Option<u32>,
    /// Start at TIME: seconds, MM:SS or H:MM:SS.
    #[arg(long, value_parser = parse_time)]
    pub at: Option<f64>,
    /// Stop after this many seconds of the episode (at 2× `--for 8` plays for about 4 s; with
    /// --queue, counted across the queue).
    #[arg(long = "for", value_name = "SECONDS")]
    pub duration: Option<f64>,
    /// Play at this speed, 0.5 to 3, keeping the pitch (default: the podcast's speed, else
    /// the config's `speed`).
    #[arg(long, value_name = "X", value_parser = parse_speed)]
    pub speed: Option<f64>,
    /// Shorten silences longer than 0.4 s to a short pause (default: the podcast's setting,
    /// else the config's `skip_silence`).
    #[arg(long)]
    pub skip_silence: bool,
    /// Bring quiet or uneven voices to a steady loudness, up to 15 dB louder and never
    /// clipping (default: the podcast's setting, else the config's `level_voices`).
    #[arg(long)]
    pub level_voices: bool,
    /// Stop after MINUTES of listening (fading out over the last 10 s), at the end of the
    /// chapter, or at the end of the episode.
    #[arg(long, value_name = "MINUTES|chapter|episode", value_parser = parse_sleep)]
    pub sleep: Option<SleepArg>,
    /// Print one JSON object per event.
    #[arg(long)]
    pub json: bool,
}

/// When `play --sleep` stops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SleepArg {
    /// After this many minutes of listening.
    Minutes(f64),
    /// At the end of the chapter playback starts in.
    Chapter,
    /// At the end of the episode.
    Episode,
}

fn parse_speed(text: &str) -> Result<f64, String> {
    use crate::core::pace::{MAX_SPEED, MIN_SPEED};
    text.parse::<f64>()
        .ok()
        .filter(|s| (MIN_SPEED..=MAX_SPEED).contains(s))
        .ok_or_else(|| format!("{text:?} is not a speed: use {MIN_SPEED} to {MAX_SPEED}"))
}

fn parse_sleep(text: &str) -> Result<SleepArg, String> {
    match text {
        "chapter" => Ok(SleepArg::Chapter),
        "episode" => Ok(SleepArg::Episode),
        minutes => minutes
            .parse::<f64>()
            .ok()
            .filter(|m| m.is_finite() && *m > 0.0 && *m <= 24.0 * 60.0)
            .map(SleepArg::Minutes)
            .ok_or_else(|| {
                format!(
                    "{text:?} is not a sleep time: use minutes (up to 1440), chapter or episode"
                )
            }),
    }
}

fn parse_time(text: &str) -> Result<f64, String> {
    crate::text::clock::parse_clock(text)
        .ok_or_else(|| format!("{text:?} is not a time: use seconds, MM:SS or H:MM:SS"))
}

/// Arguments of `add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// A feed URL, a web page that links to its feed, or words to search the podcast directory.
    #[arg(required = true, num_args = 1..)]
    pub what: Vec<String>,
    /// Print JSON (the subscription, or the search results).
    #[arg(long)]
    pub json: bool,
}

/// A subscribed podcast.
#[derive(Debug, Args)]
pub struct PodcastArgs {
    /// A subscribed podcast's title (a unique part of it) or feed URL.
    pub podcast: String,
}

/// Only `--json`.
#[derive(Debug, Args)]
pub struct JsonArgs {
    /// Print one JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `refresh`.
#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// A subscribed podcast's title (a unique part of it) or feed URL; all when omitted.
    pub podcast: Option<String>,
    /// Print one JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// An OPML file.
    pub opml: std::path::PathBuf,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where to write; standard output when omitted.
    pub file: Option<std::path::PathBuf>,
}

/// Arguments of `feed`.
#[derive(Debug, Args)]
pub struct FeedArgs {
    /// A feed URL, a feed file, or a subscribed podcast's title.
    pub podcast: String,
    /// Print one JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `chapters`.
#[derive(Debug, Args)]
pub struct ChaptersArgs {
    /// A feed URL, a feed file, or a subscribed podcast's title.
    pub podcast: String,
    /// N (the Nth newest), an exact guid, or a unique part of a title.
    pub episode: String,
    /// Print only this source's list: notes, podlove, podcast-json, id3, vorbis or mp4.
    #[arg(long, value_parser = parse_source)]
    pub source: Option<ChapterSource>,
    /// Print one JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
}

fn parse_source(name: &str) -> Result<ChapterSource, String> {
    ChapterSource::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = ChapterSource::TRUST.iter().map(|s| s.name()).collect();
        format!("unknown source {name:?}; one of {}", names.join(", "))
    })
}
