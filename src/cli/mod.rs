//! The scripting interface: every subcommand, its arguments, output and exit status.

pub mod args;
mod chapters_cmd;
mod context;
mod download_cmd;
mod download_progress;
mod episode_ref;
pub mod error;
mod feed_cmd;
mod library_cmd;
mod library_episode;
pub mod output;
mod play_cmd;
mod refresh_cmd;
mod search_cmd;
pub mod source;
mod transcript_cmd;
mod transcript_output;

pub use args::{Cli, Command};
pub use error::CliError;
pub use feed_cmd::render_table;

/// Runs one subcommand to completion.
pub async fn run(command: &Command) -> Result<(), CliError> {
    match command {
        Command::Feed(args) => feed_cmd::run(args).await,
        Command::Chapters(args) => chapters_cmd::run(args).await,
        Command::Add(args) => library_cmd::add(args).await,
        Command::Remove(args) => library_cmd::remove(args),
        Command::List(args) => library_cmd::list(args),
        Command::Refresh(args) => refresh_cmd::run(args).await,
        Command::Import(args) => library_cmd::import(args),
        Command::Export(args) => library_cmd::export(args),
        Command::Play(args) => play_cmd::run(args).await,
        Command::Download(args) => download_cmd::download(args).await,
        Command::Downloads(args) => download_cmd::list(args),
        Command::Delete(args) => download_cmd::delete(args),
        Command::Transcript(args) => transcript_cmd::run(args).await,
        Command::Search(args) => search_cmd::run(args),
    }
}
