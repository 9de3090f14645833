//! `netstack-tui`: the terminal podcast player and its scripting commands.

use std::process::ExitCode;

use clap::Parser;
use netstack_tui::cli::{self, Cli};
use netstack_tui::paths::Paths;
use netstack_tui::runtime::tui;
use netstack_tui::text::sanitize_line;
use netstack_tui::{logging, terminal};

fn main() -> ExitCode {
    terminal::install_panic_hook();
    let cli = Cli::parse();
    // Held to the end: it writes the count of a flood of repeated log lines.
    let _log = Paths::discover().and_then(|paths| logging::init(&paths.log_file()));
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
    let Some(command) = cli.command else {
        // No subcommand: the interactive player.
        let outcome = runtime.block_on(tui::run(cli.podcast));
        // An episode still opening (waiting on the network) must not hold the exit up.
        runtime.shutdown_timeout(std::time::Duration::from_millis(500));
        return match outcome {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                tracing::warn!("the player stopped: {message}");
                eprintln!("netstack-tui: {}", sanitize_line(&message));
                ExitCode::FAILURE
            }
        };
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
