//! The man page and the shell completions, made from the clap definitions and the command
//! table so they cannot drift from the program: `assets/netstack-tui.1` is this page (a test
//! regenerates and compares it), and `completions SHELL` prints clap_complete's script.

use clap::CommandFactory;
use roff::{Roff, bold, italic, roman};

use super::args::{Cli, CompletionsArgs};
use super::error::CliError;
use crate::core::command::COMMANDS;

/// `completions SHELL`: the script on standard output.
pub fn completions(args: &CompletionsArgs) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut Cli::command(), "netstack-tui", &mut out);
    Ok(())
}

/// The whole man page, in roff.
pub fn man_page() -> Result<String, std::io::Error> {
    let mut command = Cli::command();
    command.build();
    let man = clap_mangen::Man::new(command.clone()).date("");
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    let mut roff = Roff::new();
    subcommands(&mut roff, &command);
    player_commands(&mut roff);
    files(&mut roff);
    roff.control("SH", ["ARGUMENTS AND EXIT STATUS"]);
    if let Some(after) = command.get_after_help() {
        for line in after.to_string().lines() {
            roff.text([roman(line)]);
            roff.control("br", []);
        }
    }
    page.extend(roff.render().into_bytes());
    man.render_version_section(&mut page)?;
    String::from_utf8(page).map_err(std::io::Error::other)
}

/// Every subcommand: its usage, what it does, and its arguments.
fn subcommands(roff: &mut Roff, command: &clap::Command) {
    roff.control("SH", ["COMMANDS"]);
    let shown = |s: &&clap::Command| !s.is_hide_set() && s.get_name() != "help";
    for sub in command.get_subcommands().filter(shown) {
        let mut sub = sub
            .clone()
            .bin_name(format!("netstack-tui {}", sub.get_name()));
        let usage = sub.render_usage().to_string();
        let usage = usage.trim_start_matches("Usage: ");
        roff.control("TP", []);
        roff.text([bold(usage)]);
        if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
            roff.text([roman(about.to_string())]);
        }
        for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            let values = arg
                .get_action()
                .takes_values()
                .then(|| arg.get_value_names())
                .flatten();
            let name = match (arg.get_long(), values) {
                (Some(long), Some(values)) => format!("--{long} {}", join(values)),
                (Some(long), None) => format!("--{long}"),
                (None, Some(values)) => join(values),
                (None, None) => id.to_uppercase(),
            };
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            roff.control("RS", []);
            roff.text([italic(name), roman(format!("  {help}"))]);
            roff.control("RE", []);
        }
        if sub.get_name() == "ctl" {
            roff.control("RS", []);
            roff.text([roman(
                "COMMAND is status [--json], watch [--json], or one of the PLAYER COMMANDS below.",
            )]);
            roff.control("RE", []);
        }
        if let Some(after) = sub.get_after_help() {
            roff.control("RS", []);
            roff.text([roman(after.to_string())]);
            roff.control("RE", []);
        }
    }
}

fn join(values: &[clap::builder::Str]) -> String {
    let names: Vec<String> = values.iter().map(|v| format!("<{v}>")).collect();
    names.join(" ")
}

/// The command language: what keys, `ctl` and MPRIS run.
fn player_commands(roff: &mut Roff) {
    roff.control("SH", ["PLAYER COMMANDS"]);
    roff.text([roman(
        "The keys of the player, the [keys] table of the configuration, netstack-tui ctl and \
         MPRIS all run these commands. In a command's text form a word with spaces is written \
         in double quotes: play \"Bar Cast\" 1.",
    )]);
    for spec in COMMANDS {
        roff.control("TP", []);
        let usage = if spec.args.is_empty() {
            spec.name.to_owned()
        } else {
            format!("{} {}", spec.name, spec.args)
        };
        roff.text([bold(usage)]);
        let what = if spec.detail.is_empty() {
            spec.help
        } else {
            spec.detail
        };
        roff.text([roman(what)]);
        if spec.examples.len() > 1 {
            roff.text([roman(format!(
                " For example: {}.",
                spec.examples.join(", ")
            ))]);
        }
    }
}

fn files(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    for (path, what) in [
        (
            "$XDG_CONFIG_HOME/netstack-tui/config.toml",
            "The configuration, written with commented defaults on first run.",
        ),
        (
            "$XDG_DATA_HOME/netstack-tui/",
            "The library and the downloads.",
        ),
        (
            "$XDG_STATE_HOME/netstack-tui/netstack-tui.log",
            "The log (level from NETSTACK_TUI_LOG).",
        ),
        (
            "$XDG_RUNTIME_DIR/netstack-tui/control.sock",
            "The running player's control socket (mode 0600; in the state directory when \
             XDG_RUNTIME_DIR is not set).",
        ),
    ] {
        roff.control("TP", []);
        roff.text([italic(path)]);
        roff.text([roman(what)]);
    }
}
