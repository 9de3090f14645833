//! The programs compared, each driven through its own command line the way a listener scripts
//! it: subscribe to feeds from an OPML file (or a URL), then refresh them all.
//!
//! Peers are found through environment variables (paths to their binaries); a peer whose
//! variable is unset or whose file is missing is left out.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::measure::{Cost, run};

/// A podcast client under test.
pub struct Client {
    pub name: &'static str,
    binary: PathBuf,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ours,
    /// hullcaster and shellcaster share one command line (hullcaster is shellcaster's fork).
    Caster,
    Newsboat,
}

/// Environment variables naming the peers' binaries, with their default places.
const PEERS: [(&str, &str, &str); 3] = [
    ("hullcaster", "HULLCASTER", "/work/peers/bin/hullcaster"),
    ("shellcaster", "SHELLCASTER", "/work/peers/bin/shellcaster"),
    ("newsboat", "NEWSBOAT", "/usr/bin/newsboat"),
];

/// Ours (the release binary, or `NETSTACK_TUI_BIN`) and every peer present.
pub fn all(ours: PathBuf) -> Vec<Client> {
    let mut clients = vec![Client {
        name: "netstack-tui",
        binary: ours,
        kind: Kind::Ours,
    }];
    for (name, var, default) in PEERS {
        let binary = std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from);
        if !binary.is_file() {
            println!("({name}: not found; set {var} to its binary)");
            continue;
        }
        let kind = if name == "newsboat" {
            Kind::Newsboat
        } else {
            Kind::Caster
        };
        clients.push(Client { name, binary, kind });
    }
    clients
}

/// A client's private home: its configuration, library and logs live here.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Client {
    pub fn is_ours(&self) -> bool {
        self.kind == Kind::Ours
    }

    /// A fresh home, configured to stay on loopback (`nothing` answers 404 at once).
    pub fn home(&self, nothing: &str) -> Home {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path();
        match self.kind {
            Kind::Ours => {
                let config = path.join("config/netstack-tui");
                std::fs::create_dir_all(&config).expect("config dir");
                // The default subscription resolves against a path that answers 404 at once.
                std::fs::write(
                    config.join("config.toml"),
                    format!(
                        "[endpoints]\napple_lookup = \"{nothing}\"\napple_search = \
                         \"{nothing}\"\nnetstack_site = \"{nothing}\"\n"
                    ),
                )
                .expect("config");
            }
            Kind::Caster => {
                std::fs::write(
                    path.join("config.toml"),
                    format!(
                        "download_path = \"{}\"\ndownload_new_episodes = \"never\"\n",
                        path.join("downloads").display()
                    ),
                )
                .expect("config");
            }
            Kind::Newsboat => {
                std::fs::write(path.join("config"), "").expect("config");
                std::fs::write(path.join("urls"), "").expect("urls");
            }
        }
        Home { dir }
    }

    fn command(&self, home: &Home) -> Command {
        let path = home.dir.path();
        let mut command = Command::new(&self.binary);
        command
            .env("HOME", path)
            .env("XDG_DATA_HOME", path.join("data"))
            .env("XDG_CONFIG_HOME", path.join("config"))
            .env("XDG_STATE_HOME", path.join("state"))
            .env("XDG_CACHE_HOME", path.join("cache"));
        command
    }

    /// Subscribes to every feed of `urls` (written as an OPML file for the peers that import
    /// one) and fetches their episodes.
    pub fn subscribe(&self, home: &Home, urls: &[String], label: &str) -> Cost {
        let path = home.dir.path();
        let mut command = self.command(home);
        match self.kind {
            Kind::Ours if urls.len() == 1 => {
                command.args(["add", &urls[0]]);
            }
            Kind::Ours => {
                // Import then refresh: two runs, one figure.
                let opml = write_opml(path, urls);
                let mut import = self.command(home);
                import.arg("import").arg(&opml);
                let first = run(import, path, &format!("{label}-import"));
                self.without_default(home);
                command.arg("refresh");
                let second = run(command, path, label);
                return Cost {
                    wall_ms: first.wall_ms + second.wall_ms,
                    cpu_ms: first.cpu_ms + second.cpu_ms,
                    peak_mib: first.peak_mib.max(second.peak_mib),
                };
            }
            Kind::Caster => {
                let opml = write_opml(path, urls);
                command
                    .arg("-c")
                    .arg(path.join("config.toml"))
                    .args(["import", "-q", "-f"])
                    .arg(&opml);
            }
            Kind::Newsboat => {
                std::fs::write(path.join("urls"), urls.join("\n") + "\n").expect("urls");
                return self.refresh(home, label);
            }
        }
        run(command, path, label)
    }

    /// Removes the subscription a new library of ours starts with (it resolves through a
    /// directory that is not on loopback, so a refresh of all would report it failed). Not
    /// measured.
    fn without_default(&self, home: &Home) {
        let mut remove = self.command(home);
        remove
            .args(["remove", "netstack.fm"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        // Its failure (already removed) is no matter: a refresh that then fails says why.
        let _ = remove.status();
    }

    /// Refreshes every subscription.
    pub fn refresh(&self, home: &Home, label: &str) -> Cost {
        let path = home.dir.path();
        let mut command = self.command(home);
        match self.kind {
            Kind::Ours => {
                self.without_default(home);
                command.arg("refresh");
            }
            Kind::Caster => {
                command
                    .arg("-c")
                    .arg(path.join("config.toml"))
                    .args(["sync", "-q"]);
            }
            Kind::Newsboat => {
                command
                    .arg("-u")
                    .arg(path.join("urls"))
                    .arg("-c")
                    .arg(path.join("cache.db"))
                    .arg("-C")
                    .arg(path.join("config"))
                    .args(["-x", "reload"]);
            }
        }
        run(command, path, label)
    }
}

fn write_opml(dir: &Path, urls: &[String]) -> PathBuf {
    let mut opml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\"><head><title>bench\
         </title></head><body>\n",
    );
    for (i, url) in urls.iter().enumerate() {
        opml.push_str(&format!(
            "<outline type=\"rss\" text=\"Podcast {i}\" xmlUrl=\"{url}\"/>\n"
        ));
    }
    opml.push_str("</body></opml>\n");
    let path = dir.join("feeds.opml");
    std::fs::write(&path, opml).expect("opml");
    path
}
