//! `ctl`'s subcommands: `status`, `watch`, and one per player command, made from the command
//! table so `ctl --help`, the man page and the shell completions list every command with its
//! help. The words after a command's name are kept as they were given (never re-split) and
//! read by the command parser itself.

use clap::{Arg, ArgAction, ArgMatches, FromArgMatches};

use crate::core::command::{COMMANDS, Spec};

/// What `ctl` asks the running player.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CtlRequest {
    /// Print playback's status once.
    Status { json: bool },
    /// Print playback's status at every change.
    Watch { json: bool },
    /// Run a command: its words, the name first.
    Command(Vec<String>),
}

const STATUS: &str = "status";
const WATCH: &str = "watch";
const ARGS: &str = "args";

fn json_flag() -> Arg {
    Arg::new("json")
        .long("json")
        .action(ArgAction::SetTrue)
        .help("Print JSON: {\"state\", \"podcast\", \"episode\": {\"guid\", \"title\"}, \"t\", \"duration_s\", \"chapter\", \"chapter_title\", \"chapters\", \"speed\", \"volume\"}")
}

/// The subcommand of one player command.
fn command_of(spec: &Spec) -> clap::Command {
    let mut command = clap::Command::new(spec.name).about(spec.help);
    if !spec.detail.is_empty() {
        command = command.long_about(spec.detail);
    }
    if !spec.args.is_empty() {
        let names: Vec<&'static str> = spec
            .args
            .split(' ')
            .map(|word| word.trim_matches(['[', ']']))
            .collect();
        let required = !spec.args.starts_with('[');
        command = command.arg(
            Arg::new(ARGS)
                .value_names(names.clone())
                .num_args(if required { 1.. } else { 0.. })
                .required(required)
                .allow_hyphen_values(true)
                .trailing_var_arg(true)
                .action(ArgAction::Append),
        );
    }
    command
}

impl FromArgMatches for CtlRequest {
    fn from_arg_matches(matches: &ArgMatches) -> Result<CtlRequest, clap::Error> {
        match matches.subcommand() {
            Some((STATUS, sub)) => Ok(CtlRequest::Status {
                json: sub.get_flag("json"),
            }),
            Some((WATCH, sub)) => Ok(CtlRequest::Watch {
                json: sub.get_flag("json"),
            }),
            Some((name, sub)) => {
                let mut words = vec![name.to_owned()];
                let args = sub.try_get_many::<String>(ARGS).ok().flatten();
                words.extend(args.into_iter().flatten().cloned());
                Ok(CtlRequest::Command(words))
            }
            None => Err(clap::Error::new(clap::error::ErrorKind::MissingSubcommand)),
        }
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = CtlRequest::from_arg_matches(matches)?;
        Ok(())
    }
}

impl clap::Subcommand for CtlRequest {
    fn augment_subcommands(command: clap::Command) -> clap::Command {
        let command = command
            .subcommand_required(true)
            // `help` is the player's command (the keys overlay); `--help` still explains.
            .disable_help_subcommand(true)
            .subcommand_value_name("COMMAND")
            .subcommand(
                clap::Command::new(STATUS)
                    .about("Print what plays: state, episode, position, chapter, volume")
                    .arg(json_flag()),
            )
            .subcommand(
                clap::Command::new(WATCH)
                    .about("Print the status again at every change (for status bars)")
                    .arg(json_flag()),
            );
        COMMANDS.iter().fold(command, |command, spec| {
            command.subcommand(command_of(spec))
        })
    }

    fn augment_subcommands_for_update(command: clap::Command) -> clap::Command {
        CtlRequest::augment_subcommands(command)
    }

    fn has_subcommand(name: &str) -> bool {
        name == STATUS || name == WATCH || COMMANDS.iter().any(|spec| spec.name == name)
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Subcommand};

    fn ctl(args: &[&str]) -> Result<CtlRequest, clap::Error> {
        let cli = Cli::try_parse_from(["netstack-tui", "ctl"].iter().chain(args))?;
        match cli.command {
            Some(Subcommand::Ctl(ctl)) => Ok(ctl.request),
            other => panic!("not ctl: {other:?}"),
        }
    }

    fn words(list: &[&str]) -> CtlRequest {
        CtlRequest::Command(list.iter().map(|w| (*w).to_owned()).collect())
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn words_are_kept_as_given() {
        assert_eq!(ctl(&["chapter", "3"]).unwrap(), words(&["chapter", "3"]));
        assert_eq!(ctl(&["seek", "-15"]).unwrap(), words(&["seek", "-15"]));
        assert_eq!(
            ctl(&["play", "Bar Cast", "1"]).unwrap(),
            words(&["play", "Bar Cast", "1"])
        );
        assert_eq!(ctl(&["play"]).unwrap(), words(&["play"]));
        assert_eq!(ctl(&["toggle-pause"]).unwrap(), words(&["toggle-pause"]));
        assert_eq!(
            ctl(&["status", "--json"]).unwrap(),
            CtlRequest::Status { json: true }
        );
        assert_eq!(ctl(&["watch"]).unwrap(), CtlRequest::Watch { json: false });
    }

    #[test]
    fn unknown_commands_and_missing_arguments_are_usage_errors() {
        for bad in [&["jump"][..], &["chapter"], &["quit", "now"], &[]] {
            let error = ctl(bad).expect_err("refused");
            assert_eq!(error.exit_code(), 2, "{bad:?}: {error}");
        }
    }

    #[test]
    fn every_command_of_the_table_is_a_subcommand() {
        use clap::CommandFactory;
        let cli = Cli::command();
        let ctl = cli.find_subcommand("ctl").expect("ctl");
        for spec in COMMANDS {
            let sub = ctl.find_subcommand(spec.name).expect(spec.name);
            assert_eq!(
                sub.get_about().map(|a| a.to_string()),
                Some(spec.help.to_owned())
            );
        }
    }
}
