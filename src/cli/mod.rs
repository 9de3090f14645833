//! The scripting interface: every subcommand, its arguments, output and exit status.

pub mod args;
mod chapters_cmd;
mod cleanup_cmd;
mod context;
mod ctl_args;
mod ctl_cmd;
mod download_cmd;
mod download_progress;
mod episode_ref;
pub mod error;
mod feed_cmd;
mod inbox_cmd;
mod library_cmd;
mod library_episode;
pub mod manual;
pub mod output;
mod play_cmd;
mod play_queue;
mod play_report;
mod queue_cmd;
mod refresh_cmd;
mod search_cmd;
pub mod source;
mod transcript_cmd;
mod transcript_output;

pub use args::{Cli, Subcommand};
pub use error::CliError;
pub use feed_cmd::render_table;

/// Runs one subcommand to completion.
pub async fn run(command: &Subcommand) -> Result<(), CliError> {
    match command {
        Subcommand::Feed(args) => feed_cmd::run(args).await,
        Subcommand::Chapters(args) => chapters_cmd::run(args).await,
        Subcommand::Add(args) => library_cmd::add(args).await,
        Subcommand::Remove(args) => library_cmd::remove(args),
        Subcommand::List(args) => library_cmd::list(args),
        Subcommand::Refresh(args) => refresh_cmd::run(args).await,
        Subcommand::Import(args) => library_cmd::import(args),
        Subcommand::Export(args) => library_cmd::export(args),
        Subcommand::Play(args) => play_cmd::run(args).await,
        Subcommand::Download(args) => download_cmd::download(args).await,
        Subcommand::Downloads(args) => download_cmd::list(args),
        Subcommand::Delete(args) => download_cmd::delete(args),
        Subcommand::Transcript(args) => transcript_cmd::run(args).await,
        Subcommand::Search(args) => search_cmd::run(args),
        Subcommand::Queue(args) => queue_cmd::run(args),
        Subcommand::Inbox(args) => inbox_cmd::run(args),
        Subcommand::Cleanup(args) => cleanup_cmd::run(args),
        Subcommand::Ctl(args) => ctl_cmd::run(args),
        Subcommand::Completions(args) => manual::completions(args),
    }
}
