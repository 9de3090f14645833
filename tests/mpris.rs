//! MPRIS end to end: the player in a real terminal (tmux) on a private D-Bus session bus, driven
//! by playerctl as a desktop's media keys would. Play starts the selected episode, Next moves to
//! the next chapter and the PulseAudio null sink hears its tone, `Seeked` is signalled after the
//! jump, Metadata and Position are right, Pause pauses, SetPosition and Volume work. With no
//! bus the player runs as before: one log line, nothing on the terminal.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use support::dbus::SessionBus;
use support::player::Home;
use support::pulse::{PulseSink, RATE};
use support::tone::{heard_tones, rms};
use support::tone_mp3::TONES;

const NAME: &str = "netstack_tui";

/// playerctl on the test's bus, for the player.
fn playerctl(bus: &SessionBus, args: &[&str]) -> Output {
    Command::new("playerctl")
        .arg("--player")
        .arg(NAME)
        .args(args)
        .env("DBUS_SESSION_BUS_ADDRESS", bus.address())
        .output()
        .expect("playerctl is required: run scripts/setup --test")
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn ok(bus: &SessionBus, args: &[&str]) -> String {
    let out = playerctl(bus, args);
    assert!(
        out.status.success(),
        "playerctl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    text(&out)
}

/// Waits until `playerctl ARGS` prints `want`.
fn wait_for(bus: &SessionBus, args: &[&str], want: &str) {
    let start = Instant::now();
    loop {
        let got = text(&playerctl(bus, args));
        if got == want {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "playerctl {args:?} printed {got:?}, not {want:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A property of the player interface, as dbus-send prints its value (`double 1`).
/// Sets a property of the player's interface.
fn set_property(bus: &SessionBus, name: &str, value: &str) {
    let out = Command::new("dbus-send")
        .args(["--session", "--print-reply"])
        .arg(format!("--dest=org.mpris.MediaPlayer2.{NAME}"))
        .args([
            "/org/mpris/MediaPlayer2",
            "org.freedesktop.DBus.Properties.Set",
            "string:org.mpris.MediaPlayer2.Player",
        ])
        .arg(format!("string:{name}"))
        .arg(format!("variant:{value}"))
        .env("DBUS_SESSION_BUS_ADDRESS", bus.address())
        .output()
        .expect("dbus-send runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Waits until a property of the player's interface reads `expected`.
fn wait_for_property(bus: &SessionBus, name: &str, expected: &str) {
    let start = std::time::Instant::now();
    loop {
        let value = property(bus, name);
        if value == expected {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{name} stayed {value:?}, not {expected:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn property(bus: &SessionBus, name: &str) -> String {
    let out = Command::new("dbus-send")
        .args(["--session", "--print-reply"])
        .arg(format!("--dest=org.mpris.MediaPlayer2.{NAME}"))
        .args([
            "/org/mpris/MediaPlayer2",
            "org.freedesktop.DBus.Properties.Get",
            "string:org.mpris.MediaPlayer2.Player",
        ])
        .arg(format!("string:{name}"))
        .env("DBUS_SESSION_BUS_ADDRESS", bus.address())
        .output()
        .expect("dbus-send runs");
    let reply = String::from_utf8_lossy(&out.stdout);
    reply
        .lines()
        .find_map(|l| l.trim().strip_prefix("variant"))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// The positions (in µs) of the `Seeked` signals on the bus, as dbus-monitor sees them.
struct SeekedSignals {
    monitor: Child,
    positions: mpsc::Receiver<i64>,
}

impl SeekedSignals {
    fn watch(bus: &SessionBus) -> SeekedSignals {
        let mut monitor = Command::new("dbus-monitor")
            .arg("--address")
            .arg(bus.address())
            .arg("type='signal',interface='org.mpris.MediaPlayer2.Player',member='Seeked'")
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-monitor runs");
        let stdout = monitor.stdout.take().expect("stdout");
        let (tx, positions) = mpsc::channel();
        std::thread::spawn(move || {
            let mut in_seeked = false;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("member=Seeked") {
                    in_seeked = true;
                } else if in_seeked && let Some(value) = line.trim().strip_prefix("int64 ") {
                    in_seeked = false;
                    let _ = tx.send(value.parse().unwrap_or(-1));
                }
            }
        });
        SeekedSignals { monitor, positions }
    }

    fn next(&self) -> i64 {
        self.positions
            .recv_timeout(Duration::from_secs(10))
            .expect("a Seeked signal")
    }
}

impl Drop for SeekedSignals {
    fn drop(&mut self) {
        let _ = self.monitor.kill();
        let _ = self.monitor.wait();
    }
}

#[test]
fn media_keys_play_jump_to_the_next_chapter_heard_and_pause() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let bus = SessionBus::start().expect("dbus-daemon is required: run scripts/setup --test");
    let home = Home::new(Some(&sink), &bus.env());
    let tmux = home.player("mpris");
    wait_for(&bus, &["status"], "Stopped");
    // playerctl quotes an object path.
    assert_eq!(
        ok(&bus, &["metadata", "--format", "{{mpris:trackid}}"]),
        "'/org/mpris/MediaPlayer2/TrackList/NoTrack'"
    );

    // The tone podcast is second (after netstack.fm): select it, then Play plays its episode.
    tmux.keys(&["Down"]);
    tmux.wait_for("Three tones", Duration::from_secs(5));
    ok(&bus, &["play"]);
    tmux.wait_for("Playing", Duration::from_secs(10));
    wait_for(&bus, &["status"], "Playing");
    tmux.wait_for("Three tones › 1/3 Low", Duration::from_secs(10));

    let seeked = SeekedSignals::watch(&bus);
    let recording = sink.record().expect("parec").attached();
    ok(&bus, &["next"]);
    tmux.wait_for("Three tones › 2/3 Middle", Duration::from_secs(10));
    let landed = seeked.next();
    assert!(
        (3_900_000..=4_600_000).contains(&landed),
        "Seeked at the start of chapter 2, not {landed} µs"
    );
    std::thread::sleep(Duration::from_millis(1500));
    let heard = recording.stop();
    assert!(rms(&heard) > 0.01, "something was heard:\n{}", tmux.pane());
    let found = heard_tones(&heard, RATE, &TONES);
    let last: Vec<f32> = found.iter().rev().take(8).copied().collect();
    assert!(
        !last.is_empty() && last.iter().all(|f| *f == 880.0),
        "chapter 2's tone heard last, not {found:?}"
    );

    // Metadata: the episode, its podcast, its length, the chapter playing.
    let format = "{{mpris:trackid}}|{{xesam:title}}|{{xesam:album}}|{{xesam:artist}}|\
                  {{mpris:length}}|{{xesam:comment}}";
    let metadata = ok(&bus, &["metadata", "--format", format]);
    let fields: Vec<&str> = metadata.split('|').collect();
    assert!(
        fields[0].starts_with("'/fm/netstack/tui/episode/"),
        "{metadata}"
    );
    assert_eq!(
        fields[1..].to_vec(),
        [
            "Three tones",
            "Tones",
            "Tones",
            "12000000",
            "Chapter 2/3: Middle"
        ],
        "{metadata}"
    );
    let position: f64 = ok(&bus, &["position"]).parse().expect("seconds");
    assert!(
        (4.0..8.0).contains(&position),
        "position in chapter 2: {position}"
    );

    // Pause pauses: the status says so, the screen too, and the position stands still.
    ok(&bus, &["pause"]);
    tmux.wait_for("Paused", Duration::from_secs(5));
    wait_for(&bus, &["status"], "Paused");
    let paused: f64 = ok(&bus, &["position"]).parse().expect("seconds");
    std::thread::sleep(Duration::from_millis(600));
    let still: f64 = ok(&bus, &["position"]).parse().expect("seconds");
    assert_eq!(paused, still, "the position stands still while paused");

    // SetPosition into chapter 3 is a jump too; Volume sets the player's volume.
    ok(&bus, &["position", "9"]);
    tmux.wait_for("Three tones › 3/3 High", Duration::from_secs(10));
    let landed = seeked.next();
    assert!((8_900_000..=9_200_000).contains(&landed), "{landed}");
    assert_eq!(
        ok(&bus, &["metadata", "--format", "{{xesam:comment}}"]),
        "Chapter 3/3: High"
    );
    ok(&bus, &["volume", "0.4"]);
    tmux.wait_for("vol 40%", Duration::from_secs(5));
    wait_for(&bus, &["volume"], "0.400000");
    // Rate is the speed: 1.0 here; setting it sets the podcast's speed (on the 0.05 grid,
    // within 0.5–3), which the player bar shows.
    assert_eq!(property(&bus, "Rate"), "double 1");
    assert_eq!(property(&bus, "MinimumRate"), "double 0.5");
    assert_eq!(property(&bus, "MaximumRate"), "double 3");
    set_property(&bus, "Rate", "double:1.5");
    tmux.wait_for("1.5×", Duration::from_secs(5));
    assert_eq!(property(&bus, "Rate"), "double 1.5");
    set_property(&bus, "Rate", "double:1.0");
    wait_for_property(&bus, "Rate", "double 1");
    assert_eq!(property(&bus, "CanGoNext"), "boolean true");
    assert_eq!(property(&bus, "CanSeek"), "boolean true");

    // Quit through the bus ends the player and its name.
    let quit = Command::new("dbus-send")
        .args(["--session", "--type=method_call", "--print-reply"])
        .arg(format!("--dest=org.mpris.MediaPlayer2.{NAME}"))
        .args(["/org/mpris/MediaPlayer2", "org.mpris.MediaPlayer2.Quit"])
        .env("DBUS_SESSION_BUS_ADDRESS", bus.address())
        .output()
        .expect("dbus-send runs");
    assert!(
        quit.status.success(),
        "{}",
        String::from_utf8_lossy(&quit.stderr)
    );
    home.wait_until("the player quit", || !tmux.alternate_screen());
    let players = Command::new("playerctl")
        .arg("--list-all")
        .env("DBUS_SESSION_BUS_ADDRESS", bus.address())
        .output()
        .expect("playerctl");
    assert!(!text(&players).contains(NAME), "{}", text(&players));
}

#[test]
fn with_no_session_bus_mpris_is_off_quietly() {
    let missing = tempfile::tempdir().expect("tempdir");
    let nowhere = format!("unix:path={}", missing.path().join("no-bus").display());
    let home = Home::new(None, &[("DBUS_SESSION_BUS_ADDRESS".into(), nowhere)]);
    let tmux = home.player("nobus");
    let pane = tmux.pane();
    assert!(
        !pane.to_lowercase().contains("dbus") && !pane.contains("MPRIS"),
        "nothing about the bus on the terminal:\n{pane}"
    );
    // The player works as before.
    assert!(home.ctl(&["down"]).status.success());
    tmux.wait_for("Three tones", Duration::from_secs(5));
    assert!(home.ctl(&["quit"]).status.success());
    home.wait_until("the player quit", || !tmux.alternate_screen());
    let log = std::fs::read_to_string(
        home.dir
            .path()
            .join("home/state/netstack-tui/netstack-tui.log"),
    )
    .expect("the log");
    let off: Vec<&str> = log.lines().filter(|l| l.contains("MPRIS")).collect();
    assert_eq!(off.len(), 1, "one log line about MPRIS:\n{log}");
    assert!(off[0].contains("MPRIS is off"), "{}", off[0]);
}
