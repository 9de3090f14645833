//! The running player driven from outside through its control socket, end to end: the player in
//! a real terminal (tmux) on a generated tone episode, `netstack-tui ctl` in another process.
//! `ctl play` starts the selected episode, `ctl chapter 3` moves the screen to "3/3" while the
//! PulseAudio null sink hears chapter 3's tone, `ctl status --json` says the same, `ctl watch`
//! prints a line per change; refused and unknown commands exit 1 and 2; with no player, with a
//! socket left by a killed player, and with a socket other users could reach, `ctl` exits 1.

mod support;

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;
use support::player::{BINARY, Home, stderr};
use support::pulse::{PulseSink, RATE};
use support::tone::{heard_tones, rms};
use support::tone_mp3::TONES;

/// Asserts `out` exited with `code` and printed one line on stderr containing `text`.
fn assert_exit(out: &Output, code: i32, text: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains(text), "{text:?} not in {err}");
}

#[test]
fn ctl_plays_jumps_to_chapter_3_heard_and_reports_it() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let home = Home::new(Some(&sink), &[]);
    let tmux = home.player("ctl");

    let status = home.status();
    assert_eq!(status["state"], "stopped");
    for null in ["podcast", "episode", "t", "duration_s", "chapter"] {
        assert!(
            status[null].is_null(),
            "{null} is null when stopped: {status}"
        );
    }
    // Nothing is selected that plays: refused, with the reason, exit 1.
    assert_exit(&home.ctl(&["play"]), 1, "no episode to play");
    // The library also holds netstack.fm: the tone podcast is second. Select it, then play.
    assert!(home.ctl(&["down"]).status.success());
    tmux.wait_for("Three tones", Duration::from_secs(5));
    let out = home.ctl(&["play"]);
    assert!(out.status.success(), "play: {}", stderr(&out));
    tmux.wait_for("Playing", Duration::from_secs(10));

    let recording = sink.record().expect("parec").attached();
    let out = home.ctl(&["chapter", "3"]);
    assert!(out.status.success(), "chapter 3: {}", stderr(&out));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    tmux.wait_for("Three tones › 3/3 High", Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(2500));
    let heard = recording.stop();
    let pane = tmux.pane();
    assert!(rms(&heard) > 0.01, "something was heard:\n{pane}");
    let found = heard_tones(&heard, RATE, &TONES);
    let last: Vec<f32> = found.iter().rev().take(15).copied().collect();
    assert!(
        !last.is_empty() && last.iter().all(|f| *f == 1318.0),
        "chapter 3's tone heard last, not {found:?}"
    );

    let status = home.status();
    assert_eq!(status["state"], "playing", "{status}");
    assert_eq!(status["podcast"], "Tones");
    assert_eq!(status["episode"]["guid"], "tones");
    assert_eq!(status["episode"]["title"], "Three tones");
    assert_eq!(status["chapter"], 3);
    assert_eq!(status["chapter_title"], "High");
    assert_eq!(status["chapters"], 3);
    assert_eq!(status["speed"], 1.0);
    assert_eq!(status["volume"], 100);
    let t = status["t"].as_f64().expect("t");
    assert!((8.0..=12.1).contains(&t), "t in chapter 3: {t}");
    let duration = status["duration_s"]
        .as_f64()
        .unwrap_or_else(|| panic!("duration: {status}"));
    assert!((duration - 12.0).abs() < 0.2, "{duration}");
    let human = home.ctl(&["status"]);
    let line = String::from_utf8_lossy(&human.stdout);
    assert!(
        line.starts_with("playing  Tones — Three tones  0:") && line.contains("chapter 3/3 High"),
        "{line}"
    );

    // Refused (exit 1, the reason on one line) and not a command (exit 2).
    assert_exit(&home.ctl(&["chapter", "9"]), 1, "There is no chapter 9");
    assert_exit(&home.ctl(&["chapter", "x"]), 2, "not a chapter number");
    assert!(home.ctl(&["jump"]).status.code() == Some(2));
    assert_exit(
        &home.ctl(&["play", "nothing like it", "1"]),
        1,
        "No podcast matches",
    );

    // `watch` prints a line now and one when playback pauses.
    let mut watch = Command::new(BINARY)
        .args(["ctl", "watch", "--json"])
        .envs(home.env.clone())
        .stdout(Stdio::piped())
        .spawn()
        .expect("watch runs");
    let mut lines = BufReader::new(watch.stdout.take().expect("stdout")).lines();
    let first: Value =
        serde_json::from_str(&lines.next().expect("a line").expect("read")).expect("a JSON line");
    assert_eq!(first["state"], "playing");
    assert!(home.ctl(&["pause"]).status.success());
    tmux.wait_for("Paused", Duration::from_secs(5));
    let paused = lines
        .map(|line| serde_json::from_str::<Value>(&line.expect("read")).expect("JSON"))
        .find(|status| status["state"] == "paused")
        .expect("a paused line");
    assert_eq!(paused["chapter"], 3);
    let _ = watch.kill();
    let _ = watch.wait();

    // `quit` is answered before the player goes; the socket goes with it.
    assert!(home.ctl(&["quit"]).status.success());
    home.wait_until("the player quit", || !tmux.alternate_screen());
    assert!(!home.socket().exists(), "the socket is removed");
    assert_exit(&home.ctl(&["status"]), 1, "no player is running");
}

#[test]
fn no_player_a_stale_socket_and_other_users_are_refused() {
    let home = Home::new(None, &[]);
    // No player has ever run: exit 1, one line.
    assert_exit(&home.ctl(&["toggle-pause"]), 1, "no player is running");
    // Not a command: exit 2 even with no player.
    assert_exit(&home.ctl(&["seek", "soon"]), 2, "not a number of seconds");

    // A socket file left by a player that was killed.
    let socket = home.socket();
    std::fs::create_dir_all(socket.parent().expect("dir")).expect("dir");
    drop(std::os::unix::net::UnixListener::bind(&socket).expect("bind"));
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    assert_exit(&home.ctl(&["status"]), 1, "left from a player that quit");
    // A new player replaces it.
    let tmux = home.player("stale");
    assert_eq!(home.status()["state"], "stopped");
    let mode = std::fs::metadata(&socket)
        .expect("socket")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    // A second player is refused as before, and leaves the first one's socket alone.
    let second = home.run(&[]);
    assert_eq!(second.status.code(), Some(1));
    assert!(stderr(&second).contains("already running"));
    assert!(home.ctl(&["status"]).status.success());

    // A socket other users could reach is not used.
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    assert_exit(
        &home.ctl(&["status"]),
        1,
        "other users may use it (mode 0666",
    );
    if unsafe_is_root() {
        other_user_is_refused(&home, &socket);
    } else {
        eprintln!("not root: another user's connection is not tried");
    }
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    assert!(home.ctl(&["status"]).status.success());
    tmux.quit();
    assert!(!socket.exists());
}

fn unsafe_is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}

/// As user `nobody`: with the socket open to all (0666), the player itself refuses the
/// connection (it checks who connects); at 0600 the system refuses it.
fn other_user_is_refused(home: &Home, socket: &Path) {
    use std::os::unix::process::CommandExt;
    // Let `nobody` reach the socket's folder.
    let mut dir = socket.parent().map(Path::to_path_buf);
    while let Some(d) = dir {
        if !d.starts_with(home.dir.path()) {
            break;
        }
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o711)).expect("chmod");
        dir = d.parent().map(Path::to_path_buf);
    }
    let script = "import socket,sys\n\
s=socket.socket(socket.AF_UNIX)\n\
try:\n s.connect(sys.argv[1])\nexcept OSError as e:\n print('refused by the system:',e.strerror); sys.exit(0)\n\
try:\n s.sendall(b'{\"request\":\"command\",\"words\":[\"quit\"]}\\n')\nexcept OSError:\n pass\n\
print(s.makefile().readline().strip())\n";
    let as_nobody = |mode: u32| {
        std::fs::set_permissions(socket, std::fs::Permissions::from_mode(mode)).expect("chmod");
        let out = Command::new("python3")
            .args(["-c", script])
            .arg(socket)
            .uid(65534)
            .gid(65534)
            .output()
            .expect("python3 runs");
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let open = as_nobody(0o666);
    assert!(
        open.contains("\"ok\":false") && open.contains("only user 0 may control this player"),
        "{open}"
    );
    let private = as_nobody(0o600);
    assert!(private.contains("refused by the system"), "{private}");
    // The player is still there: nobody's quit was not obeyed.
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    assert!(home.ctl(&["status"]).status.success());
}
