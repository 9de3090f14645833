//! The table of commands: each one's name, arguments and help, in the order the help overlay and
//! the man page list them. Everything that names or explains a command reads it from here.

use super::{Command, EpisodeRef, SleepAsk};
use crate::config::MAX_VOLUME;

/// One command of the language.
pub struct Spec {
    /// Its first word.
    pub name: &'static str,
    /// Its arguments as usage lines write them; empty when it takes none.
    pub args: &'static str,
    /// What it does, in a few words (the help overlay's line).
    pub help: &'static str,
    /// More about it for the man page and `ctl`'s help; empty when `help` says it all.
    pub detail: &'static str,
    /// Text forms it is written in (tested to read back as written).
    pub examples: &'static [&'static str],
    /// How its words become the command.
    pub form: Form,
}

/// How a command reads its arguments.
pub enum Form {
    /// It takes none and is always this command.
    Plain(Command),
    /// It reads the words after its name, or says what is wrong with them.
    Args(fn(&[&str]) -> Result<Command, String>),
}

/// A command without arguments.
const fn plain(name: &'static str, help: &'static str, command: Command) -> Spec {
    explained(name, help, "", command)
}

/// A command without arguments whose help needs more than a few words.
const fn explained(
    name: &'static str,
    help: &'static str,
    detail: &'static str,
    command: Command,
) -> Spec {
    Spec {
        name,
        args: "",
        help,
        detail,
        examples: &[],
        form: Form::Plain(command),
    }
}

/// Every command, in the order of the product's features.
pub const COMMANDS: &[Spec] = &[
    plain("up", "Move up", Command::Up),
    plain("down", "Move down", Command::Down),
    plain("top", "Go to the top", Command::Top),
    plain("bottom", "Go to the bottom", Command::Bottom),
    plain("focus-next", "Next pane", Command::FocusNext),
    plain("focus-previous", "Previous pane", Command::FocusPrevious),
    plain("select", "Play / go to chapter", Command::Select),
    plain("toggle-pause", "Pause / resume", Command::TogglePause),
    Spec {
        name: "play",
        args: "[PODCAST EPISODE]",
        help: "Play",
        detail: "Resume, or play the selected episode; with PODCAST (feed URL or part of its \
                 title) and EPISODE (N for the Nth newest, a guid, or part of its title), play \
                 that episode from where it was left.",
        examples: &["play", "play \"Bar Cast\" 1"],
        form: Form::Args(play),
    },
    plain("pause", "Pause", Command::Pause),
    explained(
        "stop",
        "Stop",
        "Stop playback; the position is kept and `play` resumes there.",
        Command::Stop,
    ),
    plain("next-chapter", "Next chapter", Command::NextChapter),
    explained(
        "previous-chapter",
        "Previous chapter",
        "The start of this chapter, or the previous one within its first seconds.",
        Command::PreviousChapter,
    ),
    Spec {
        name: "chapter",
        args: "N",
        help: "Jump to chapter N",
        detail: "Jump to chapter N (1 is the first, as `chapters` lists them) of the playing \
                 episode, or of the selected one when nothing plays.",
        examples: &["chapter 3"],
        form: Form::Args(chapter),
    },
    explained(
        "next-episode",
        "Next episode",
        "Play the next newer episode of the playing podcast.",
        Command::NextEpisode,
    ),
    explained(
        "previous-episode",
        "Previous episode",
        "Play the next older episode of the playing podcast.",
        Command::PreviousEpisode,
    ),
    Spec {
        name: "seek",
        args: "+SECONDS|-SECONDS|TIME",
        help: "Seek",
        detail: "Seek forward or back by SECONDS, or to TIME (M:SS or H:MM:SS).",
        examples: &["seek +30", "seek -15", "seek 12:30", "seek 1:02:03.500"],
        form: Form::Args(seek),
    },
    Spec {
        name: "volume",
        args: "PERCENT|+PERCENT|-PERCENT",
        help: "Volume",
        detail: "Set the volume (0 to 100), or change it by a signed number of percent.",
        examples: &["volume 80", "volume +5", "volume -5"],
        form: Form::Args(volume),
    },
    explained(
        "speed-up",
        "Faster (0.05×)",
        "Play 0.05× faster, up to 3×, keeping the voice's pitch; remembered for the podcast.",
        Command::SpeedUp,
    ),
    explained(
        "speed-down",
        "Slower (0.05×)",
        "Play 0.05× slower, down to 0.5×; remembered for the podcast.",
        Command::SpeedDown,
    ),
    plain("speed-reset", "Normal speed (1×)", Command::SpeedReset),
    Spec {
        name: "speed",
        args: "X",
        help: "Speed",
        detail: "Play at X times the normal speed (0.5 to 3, in steps of 0.05), keeping the \
                 voice's pitch; remembered for the podcast.",
        examples: &["speed 1.5", "speed 0.75", "speed 3"],
        form: Form::Args(speed),
    },
    explained(
        "toggle-skip-silence",
        "Skip silences on/off",
        "Shorten long silences to a short pause, or stop doing so; remembered for the podcast.",
        Command::ToggleSkipSilence,
    ),
    explained(
        "toggle-level-voices",
        "Level voices on/off",
        "Bring quiet or uneven voices to a steady loudness (up to 15 dB louder, never \
         clipping), or stop doing so; remembered for the podcast.",
        Command::ToggleLevelVoices,
    ),
    Spec {
        name: "sleep",
        args: "MINUTES|+MINUTES|chapter|episode|off",
        help: "Sleep timer",
        detail: "Stop playing after MINUTES of listening (fading out over the last 10 s), add \
                 +MINUTES to the timer, stop at the end of this chapter or episode, or cancel \
                 the timer.",
        examples: &[
            "sleep 30",
            "sleep +15",
            "sleep chapter",
            "sleep episode",
            "sleep off",
        ],
        form: Form::Args(sleep),
    },
    plain("search", "Search everything", Command::Search),
    explained(
        "transcript",
        "Transcript / show notes",
        "Show the episode's transcript in the details pane (following playback), or its show \
         notes again.",
        Command::Transcript,
    ),
    explained(
        "follow-transcript",
        "Follow playback in the transcript",
        "Keep the line heard in view again after moving through the transcript by hand.",
        Command::FollowTranscript,
    ),
    plain("open-link", "Open a notes link", Command::OpenLink),
    plain("download", "Download episode", Command::Download),
    plain(
        "delete-download",
        "Remove download",
        Command::DeleteDownload,
    ),
    plain("downloads", "Show downloads", Command::Downloads),
    plain("toggle-played", "Toggle played", Command::TogglePlayed),
    plain("refresh", "Refresh podcast", Command::Refresh),
    plain("add", "Add a podcast", Command::Add),
    plain("up-next", "Show Up Next", Command::UpNext),
    explained(
        "queue-add",
        "Add to Up Next",
        "Put the selected episode at the end of Up Next (it moves there if queued already).",
        Command::QueueAdd,
    ),
    explained(
        "queue-next",
        "Play next",
        "Put the selected episode in Up Next right after the playing one.",
        Command::QueueNext,
    ),
    plain("queue-remove", "Remove from Up Next", Command::QueueRemove),
    plain("queue-up", "Move earlier in Up Next", Command::QueueUp),
    plain("queue-down", "Move later in Up Next", Command::QueueDown),
    plain("queue-clear", "Clear Up Next", Command::QueueClear),
    explained(
        "inbox",
        "Show new episodes",
        "Show the episodes refreshes brought since you subscribed, newest first.",
        Command::Inbox,
    ),
    plain("dismiss", "Dismiss a new episode", Command::Dismiss),
    plain("dismiss-all", "Dismiss all new ones", Command::DismissAll),
    plain("help", "This help", Command::Help),
    plain("quit", "Quit", Command::Quit),
];

/// The command named `name`.
pub fn find(name: &str) -> Option<&'static Spec> {
    COMMANDS.iter().find(|spec| spec.name == name)
}

/// The name of a command that takes no arguments.
pub(super) fn plain_name(command: &Command) -> Option<&'static str> {
    COMMANDS.iter().find_map(|spec| match &spec.form {
        Form::Plain(c) if c == command => Some(spec.name),
        _ => None,
    })
}

/// The one argument of a command that takes one.
fn one<'a>(args: &[&'a str]) -> Result<&'a str, String> {
    match args {
        [one] => Ok(one),
        [] => Err("an argument is missing".into()),
        _ => Err("it takes one argument".into()),
    }
}

fn chapter(args: &[&str]) -> Result<Command, String> {
    let n = one(args)?;
    n.parse()
        .ok()
        .filter(|n| *n > 0)
        .map(Command::Chapter)
        .ok_or_else(|| format!("{n:?} is not a chapter number (1, 2, …)"))
}

fn seek(args: &[&str]) -> Result<Command, String> {
    let to = one(args)?;
    if to.contains(':') {
        return crate::text::clock::parse_clock(to)
            .map(|s| (s * 1000.0).round())
            .filter(|ms| *ms < 1e15)
            .map(|ms| Command::SeekTo(ms as u64))
            .ok_or_else(|| format!("{to:?} is not a time (M:SS or H:MM:SS)"));
    }
    to.parse()
        .map(Command::Seek)
        .map_err(|_| format!("{to:?} is not a number of seconds (+30, -15) or a time (12:30)"))
}

fn volume(args: &[&str]) -> Result<Command, String> {
    let to = one(args)?;
    if to.starts_with(['+', '-']) {
        return to
            .parse()
            .ok()
            .filter(|v: &i32| v.unsigned_abs() <= u32::from(MAX_VOLUME))
            .map(Command::Volume)
            .ok_or_else(|| format!("{to:?} is not a change of -{MAX_VOLUME} to +{MAX_VOLUME}"));
    }
    to.parse()
        .ok()
        .filter(|v| *v <= MAX_VOLUME)
        .map(Command::SetVolume)
        .ok_or_else(|| format!("{to:?} is not a volume of 0 to {MAX_VOLUME}"))
}

fn speed(args: &[&str]) -> Result<Command, String> {
    let text = one(args)?;
    text.parse::<f64>()
        .ok()
        .filter(|s| (crate::core::pace::MIN_SPEED..=crate::core::pace::MAX_SPEED).contains(s))
        .and_then(crate::core::pace::on_grid)
        .map(|s| Command::Speed(crate::core::pace::hundredths(s)))
        .ok_or_else(|| format!("{text:?} is not a speed of 0.5 to 3 in steps of 0.05"))
}

fn sleep(args: &[&str]) -> Result<Command, String> {
    let word = one(args)?;
    SleepAsk::parse(word)
        .map(Command::Sleep)
        .ok_or_else(|| format!("{word:?} is not MINUTES, +MINUTES, chapter, episode or off"))
}

fn play(args: &[&str]) -> Result<Command, String> {
    match args {
        [] => Ok(Command::Play(None)),
        [podcast, episode] => Ok(Command::Play(Some(EpisodeRef {
            podcast: (*podcast).to_owned(),
            episode: (*episode).to_owned(),
        }))),
        _ => Err("it takes a podcast and an episode, or nothing".into()),
    }
}

/// `ms` as a clock time, `M:SS` or `H:MM:SS`, with milliseconds when there are any.
pub fn clock_ms(ms: u64) -> String {
    let seconds = ms / 1000;
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let clock = if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    };
    match ms % 1000 {
        0 => clock,
        frac => format!("{clock}.{frac:03}"),
    }
}
