//! The scripting interface: every subcommand, its arguments, output and exit status.

pub mod args;
mod chapters_cmd;
mod episode_ref;
pub mod error;
mod feed_cmd;
pub mod output;
pub mod source;

pub use args::{Cli, Command};
pub use error::CliError;
pub use feed_cmd::render_table;

/// Runs one subcommand to completion.
pub async fn run(command: &Command) -> Result<(), CliError> {
    match command {
        Command::Feed(args) => feed_cmd::run(args).await,
        Command::Chapters(args) => chapters_cmd::run(args).await,
    }
}
