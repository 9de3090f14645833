//! Tests of the command language: every command of the table reads back as written.

use super::*;

/// One command of every kind the table knows: each plain command, and each example.
fn every_command() -> Vec<Command> {
    let mut all = Vec::new();
    for spec in COMMANDS {
        match &spec.form {
            Form::Plain(command) => all.push(command.clone()),
            Form::Args(_) => {
                assert!(!spec.examples.is_empty(), "{} has no example", spec.name);
                for example in spec.examples {
                    all.push(example.parse().expect(example));
                }
            }
        }
    }
    all
}

#[test]
fn every_command_round_trips_through_text() {
    for command in every_command() {
        let text = command.to_string();
        assert_eq!(text.parse::<Command>(), Ok(command.clone()), "{text}");
        assert_eq!(Command::from_words(&command.words()), Ok(command));
    }
}

#[test]
fn examples_are_written_as_the_table_writes_them() {
    for spec in COMMANDS {
        for example in spec.examples {
            let command: Command = example.parse().expect(example);
            assert_eq!(&command.to_string(), example);
            assert_eq!(command.words()[0], spec.name);
        }
    }
}

#[test]
fn every_variant_has_a_text_form_in_the_table() {
    let all = every_command();
    // An exhaustive match: a new variant must be listed here, and have a table entry or example.
    for command in &all {
        match command {
            Command::Quit
            | Command::Up
            | Command::Down
            | Command::Top
            | Command::Bottom
            | Command::FocusNext
            | Command::FocusPrevious
            | Command::Select
            | Command::TogglePause
            | Command::Play(_)
            | Command::Pause
            | Command::Stop
            | Command::NextChapter
            | Command::PreviousChapter
            | Command::Chapter(_)
            | Command::NextEpisode
            | Command::PreviousEpisode
            | Command::Seek(_)
            | Command::SeekTo(_)
            | Command::Volume(_)
            | Command::SetVolume(_)
            | Command::Download
            | Command::DeleteDownload
            | Command::TogglePlayed
            | Command::Refresh
            | Command::Add
            | Command::Search
            | Command::OpenLink
            | Command::Help
            | Command::Downloads
            | Command::QueueAdd
            | Command::QueueNext
            | Command::QueueRemove
            | Command::QueueUp
            | Command::QueueDown
            | Command::QueueClear
            | Command::UpNext
            | Command::Inbox
            | Command::Dismiss
            | Command::DismissAll
            | Command::SpeedUp
            | Command::SpeedDown
            | Command::SpeedReset
            | Command::Speed(_)
            | Command::ToggleSkipSilence
            | Command::ToggleLevelVoices
            | Command::Sleep(_)
            | Command::Transcript
            | Command::FollowTranscript => {}
        }
        assert!(!command.summary().is_empty(), "{command}");
    }
    let kinds: std::collections::BTreeSet<_> = all
        .iter()
        .map(std::mem::discriminant)
        .map(|d| format!("{d:?}"))
        .collect();
    assert_eq!(
        kinds.len(),
        49,
        "one of each variant is among the table's commands"
    );
    let names: std::collections::BTreeSet<_> = COMMANDS.iter().map(|s| s.name).collect();
    assert_eq!(names.len(), COMMANDS.len(), "names are unique");
}

#[test]
fn arguments_mean_what_they_say() {
    let parse = |text: &str| text.parse::<Command>();
    assert_eq!(parse("seek +30"), Ok(Command::Seek(30)));
    assert_eq!(parse("seek 30"), Ok(Command::Seek(30)));
    assert_eq!(parse("seek -15"), Ok(Command::Seek(-15)));
    assert_eq!(parse("seek 12:30"), Ok(Command::SeekTo(750_000)));
    assert_eq!(parse("seek 1:00:00"), Ok(Command::SeekTo(3_600_000)));
    assert_eq!(parse("volume 80"), Ok(Command::SetVolume(80)));
    assert_eq!(parse("volume +5"), Ok(Command::Volume(5)));
    assert_eq!(parse("volume -100"), Ok(Command::Volume(-100)));
    assert_eq!(
        parse(r#"play "Bar Cast" "Episode one""#),
        Ok(Command::Play(Some(EpisodeRef {
            podcast: "Bar Cast".into(),
            episode: "Episode one".into()
        })))
    );
    assert_eq!(
        Command::from_words(&["play", "Bar Cast", "1"]).map(|c| c.to_string()),
        Ok(r#"play "Bar Cast" 1"#.to_owned())
    );
}

#[test]
fn bad_text_is_refused_with_the_reason() {
    for bad in [
        "",
        "jump",
        "chapter",
        "chapter 0",
        "chapter x",
        "quit now",
        "seek 1 2",
        "seek 1:75",
        "seek +1:00",
        "volume 101",
        "volume +101",
        "volume loud",
        "play onlyone",
        "play a b c",
        "play \"unclosed",
    ] {
        assert!(bad.parse::<Command>().is_err(), "{bad:?}");
    }
    let error = "chapter x".parse::<Command>().unwrap_err().to_string();
    assert!(error.contains("not a chapter number"), "{error}");
    assert!(error.contains("usage: chapter N"), "{error}");
    let error = "jump 3".parse::<Command>().unwrap_err().to_string();
    assert_eq!(error, "unknown command \"jump 3\"");
}

#[test]
fn summaries_say_how_much() {
    assert_eq!(Command::Seek(-60).summary(), "Back 1 min");
    assert_eq!(Command::Seek(10).summary(), "Forward 10 s");
    assert_eq!(Command::Volume(-5).summary(), "Volume down 5%");
    assert_eq!(Command::SetVolume(80).summary(), "Volume 80%");
    assert_eq!(Command::SeekTo(750_500).summary(), "Go to 12:30.500");
    assert_eq!(Command::Quit.summary(), "Quit");
    assert_eq!(Command::Play(None).summary(), "Play");
}
