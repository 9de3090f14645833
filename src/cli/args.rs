//! The command line: `netstack-tui [PODCAST]` opens the player; subcommands script everything.

use clap::{Args, Parser, Subcommand};

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
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch (or read) a feed and list the podcast and its episodes, newest first.
    Feed(FeedArgs),
    /// An episode's chapters, from the most trusted source that has them.
    Chapters(ChaptersArgs),
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
