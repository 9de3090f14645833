//! A private tmux server running the real terminal program: keys in, the screen read back.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// One private tmux server, killed when the test ends (also when it fails).
pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// A private tmux server running a shell in a 100×30 pane with `env`.
    pub fn shell(name: &str, env: &[(String, String)]) -> Tmux {
        let tmux = Tmux {
            socket: format!("netstack-tui-test-{name}-{}", std::process::id()),
        };
        let mut new_session = Command::new("tmux");
        new_session
            .args(["-L", &tmux.socket, "-f", "/dev/null"])
            .args(["new-session", "-d", "-s", "t", "-x", "100", "-y", "30"]);
        for (name, value) in env {
            new_session.arg("-e").arg(format!("{name}={value}"));
        }
        new_session.args(["sh"]).envs(env.iter().cloned());
        assert!(new_session.status().expect("tmux runs").success());
        tmux
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }

    pub fn pane(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    /// A pane flag as tmux reports it (`alternate_on`, `mouse_any_flag`, `cursor_flag`…).
    pub fn flag(&self, name: &str) -> bool {
        let format = format!("#{{{name}}}");
        let out = self.run(&["display-message", "-p", "-t", "t", &format]);
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    pub fn alternate_screen(&self) -> bool {
        self.flag("alternate_on")
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }

    /// `q`, and waits until the program leaves the alternate screen.
    pub fn quit(&self) {
        self.keys(&["q"]);
        let start = Instant::now();
        while self.alternate_screen() {
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "q left the alternate screen on"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the pane shows `text`; the pane is in the failure message.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            let pane = self.pane();
            if pane.contains(text) {
                return pane;
            }
            assert!(
                start.elapsed() < timeout,
                "the pane never showed {text:?}:\n{pane}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the pane no longer shows `text`.
    pub fn wait_gone(&self, text: &str, timeout: Duration) {
        let start = Instant::now();
        loop {
            let pane = self.pane();
            if !pane.contains(text) {
                return;
            }
            assert!(
                start.elapsed() < timeout,
                "the pane still shows {text:?}:\n{pane}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}
