//! Tests of `command`.

use super::*;

#[test]
fn every_command_round_trips_through_text() {
    let mut all: Vec<Command> = SIMPLE.iter().map(|(_, c)| *c).collect();
    all.extend([Command::Chapter(3), Command::Seek(-15), Command::Volume(5)]);
    for command in all {
        assert_eq!(command.to_string().parse::<Command>(), Ok(command));
    }
}

#[test]
fn bad_text_is_refused() {
    for bad in [
        "",
        "jump",
        "chapter",
        "chapter 0",
        "chapter x",
        "quit now",
        "seek 1 2",
    ] {
        assert!(bad.parse::<Command>().is_err(), "{bad:?}");
    }
}
