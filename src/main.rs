//! `netstack-tui`: the terminal podcast player and its scripting commands.

use std::process::ExitCode;

use clap::Parser;
use netstack_tui::cli::{self, Cli};
use netstack_tui::paths::Paths;
use netstack_tui::runtime::tui;
use netstack_tui::text::sanitize_line;
use netstack_tui::{logging, terminal};

fn main() -> ExitCode {
    few_heaps();
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
            Err(stopped) => {
                tracing::warn!("the player stopped: {}", stopped.message);
                eprintln!("netstack-tui: {}", sanitize_line(&stopped.message));
                if stopped.usage {
                    ExitCode::from(2)
                } else {
                    ExitCode::FAILURE
                }
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

/// One malloc heap per core rather than glibc's eight: the player runs a handful of threads,
/// and memory one thread frees (a feed parsed on one thread, saved on another) is then reused by
/// the next instead of sitting in a heap of its own (`add` of a 5000-item feed: 51 MiB peak
/// instead of 60).
fn few_heaps() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let heaps = libc::c_int::try_from(cores).unwrap_or(2);
        // SAFETY: mallopt only changes a tuning value, before any other thread exists.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, heaps);
        }
    }
}
