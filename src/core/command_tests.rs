//! Tests of `command`.

use super::*;

#[test]
fn every_command_round_trips_through_text() {
    let mut all: Vec<Command> = SIMPLE.iter().map(|(_, c)| *c).collect();
    all.extend([
        Command::Chapter(3),
        Command::Seek(-15),
        Command::Volume(5),
        Command::Speed(150),
        Command::Speed(125),
        Command::Speed(50),
        Command::Sleep(SleepAsk::Minutes(30)),
        Command::Sleep(SleepAsk::More(15)),
        Command::Sleep(SleepAsk::Chapter),
        Command::Sleep(SleepAsk::Episode),
        Command::Sleep(SleepAsk::Off),
    ]);
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
        "speed",
        "speed 0.4",
        "speed 3.5",
        "speed fast",
        "sleep",
        "sleep 0",
        "sleep +0",
        "sleep -5",
        "sleep later",
    ] {
        assert!(bad.parse::<Command>().is_err(), "{bad:?}");
    }
}

#[test]
fn speeds_and_sleep_read_as_typed() {
    assert_eq!("speed 1.5".parse(), Ok(Command::Speed(150)));
    assert_eq!("speed 1.23".parse(), Ok(Command::Speed(125)));
    assert_eq!("speed 3".parse(), Ok(Command::Speed(300)));
    assert_eq!(Command::Speed(100).to_string(), "speed 1");
    assert_eq!(
        "sleep 45".parse(),
        Ok(Command::Sleep(SleepAsk::Minutes(45)))
    );
    assert_eq!("sleep +5".parse(), Ok(Command::Sleep(SleepAsk::More(5))));
}
