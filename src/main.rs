//! `netstack-tui`: the terminal podcast player and its scripting commands.

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use netstack_tui::cli::{self, Cli};
use netstack_tui::paths::Paths;
use netstack_tui::text::sanitize_line;
use netstack_tui::{logging, terminal};

fn main() -> ExitCode {
    terminal::install_panic_hook();
    let cli = Cli::parse();
    if let Some(paths) = Paths::discover() {
        logging::init(&paths.log_file());
    }
    let Some(command) = cli.command else {
        // The interactive player is not part of this build yet: show what can be done.
        let _ = Cli::command().print_help();
        return ExitCode::SUCCESS;
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("netstack-tui: starting the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(&command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::warn!("command failed: {}", err.message);
            eprintln!("netstack-tui: {}", sanitize_line(&err.message));
            ExitCode::from(err.exit)
        }
    }
}
