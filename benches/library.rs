//! Subscribing and refreshing, side by side with the peers, through each program's command line
//! against generated feeds on a loopback server: wall time, CPU time and peak RSS (medians of
//! 5; the peak is the highest of the runs), and our ratio to the best peer. The programs take
//! turns run by run, after a round that warms the caches and is not counted. Prints; asserts
//! nothing.
//!
//! Scenarios:
//! - `add1000`, `add5000`: subscribe to a feed of 1000 / 5000 items (~3.7 KB of HTML notes with
//!   a 12-entry chapter list each; 18.6 MB at 5000) in a new library.
//! - `forced5000`: refresh that feed once it changed (one new item on top) and is served
//!   without validators, so it is downloaded and read again whole.
//! - `unchanged5000`: refresh it unchanged, served with an ETag (a 304 for those who ask).
//! - `library`: subscribe to 100 podcasts × 300 episodes, then refresh all with 10 changed
//!   (the changed ones have a new item and a new ETag).
//!
//! Run: `cargo build --release && cargo bench --bench library`. Environment: `BENCH_ONLY`
//! (comma-separated scenarios), `BENCH_RUNS` (default 5), `BENCH_PEERS=0` (ours alone),
//! `NETSTACK_TUI_BIN` (another build of ours), and the peers' binaries: `HULLCASTER`,
//! `SHELLCASTER`, `NEWSBOAT` (see the README's "Benchmarks").

#[path = "library/clients.rs"]
mod clients;
#[path = "library/measure.rs"]
mod measure;
#[path = "../tests/support/mod.rs"]
mod support;

use std::path::PathBuf;

use clients::Client;
use measure::{Cost, median};
use support::feedgen;
use support::server::{Resource, TestServer};

/// Podcasts in the library scenario, episodes each, and how many change.
const LIBRARY_PODCASTS: usize = 100;
const LIBRARY_EPISODES: usize = 300;
const LIBRARY_CHANGED: usize = 10;

fn main() {
    let ours = std::env::var_os("NETSTACK_TUI_BIN").map_or_else(
        || {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/target/release/netstack-tui"
            ))
        },
        PathBuf::from,
    );
    if !ours.is_file() {
        eprintln!("build the release binary first: cargo build --release");
        std::process::exit(1);
    }
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let wanted = |name: &str| only.is_empty() || only.split(',').any(|o| o.trim() == name);
    let mut clients = clients::all(ours);
    if std::env::var("BENCH_PEERS").is_ok_and(|p| p == "0") {
        clients.truncate(1);
    }
    let bench = Bench {
        server: TestServer::start(),
        clients,
        runs,
    };
    if std::env::var_os("BENCH_SERVE").is_some() {
        bench.serve();
        return;
    }
    println!(
        "{runs} runs each; load average at start: {}",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    for items in [1000, 5000] {
        if wanted(&format!("add{items}")) {
            bench.add(items);
        }
    }
    if wanted("forced5000") {
        bench.forced_refresh(5000);
    }
    if wanted("unchanged5000") {
        bench.unchanged_refresh(5000);
    }
    if wanted("library") {
        bench.library();
    }
}

struct Bench {
    server: TestServer,
    clients: Vec<Client>,
    runs: usize,
}

impl Bench {
    fn nothing(&self) -> String {
        self.server.url("/nothing")
    }

    fn feed(&self, path: &str, xml: String, etag: Option<&str>) {
        let mut resource = Resource::bytes(xml).mime("application/rss+xml");
        if let Some(etag) = etag {
            resource = resource
                .etag(etag)
                .last_modified("Mon, 07 Sep 2020 12:00:00 GMT");
        }
        self.server.route(path, resource);
    }

    /// Serves the scenarios' feeds for profiling by hand (`perf`, `valgrind`) and prints
    /// their URLs; stops after an hour or when killed.
    fn serve(&self) {
        for items in [1000, 5000] {
            let xml = feedgen::podcast_feed(items, &self.media());
            self.feed(&format!("/add-{items}.xml"), xml, None);
            let xml = feedgen::podcast_feed(items + 1, &self.media());
            self.feed(&format!("/add-{items}-changed.xml"), xml, None);
            println!("{}", self.server.url(&format!("/add-{items}.xml")));
        }
        for n in 0..LIBRARY_PODCASTS {
            let xml =
                feedgen::titled_feed(&format!("Podcast {n}"), LIBRARY_EPISODES, &self.media());
            self.feed(&format!("/library/{n}.xml"), xml, Some("\"v1\""));
        }
        println!("{} … /99.xml", self.server.url("/library/0.xml"));
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }

    fn media(&self) -> String {
        self.server.url("/media")
    }

    fn add(&self, items: usize) {
        let path = format!("/add-{items}.xml");
        let xml = feedgen::podcast_feed(items, &self.media());
        let title = format!("add {items} items ({:.1} MB)", xml.len() as f64 / 1e6);
        self.feed(&path, xml, None);
        let url = vec![self.server.url(&path)];
        self.compare(&title, |client, run| {
            let home = client.home(&self.nothing());
            client.subscribe(&home, &url, &format!("add-{run}"))
        });
    }

    fn forced_refresh(&self, items: usize) {
        let path = format!("/forced-{items}.xml");
        let before = feedgen::podcast_feed(items, &self.media());
        let after = feedgen::podcast_feed(items + 1, &self.media());
        let url = vec![self.server.url(&path)];
        self.compare(
            &format!("refresh {items} items, changed (1 new), no validators"),
            |client, run| {
                self.feed(&path, before.clone(), None);
                let home = client.home(&self.nothing());
                client.subscribe(&home, &url, &format!("add-{run}"));
                self.feed(&path, after.clone(), None);
                client.refresh(&home, &format!("refresh-{run}"))
            },
        );
    }

    fn unchanged_refresh(&self, items: usize) {
        let path = format!("/unchanged-{items}.xml");
        self.feed(
            &path,
            feedgen::podcast_feed(items, &self.media()),
            Some("\"same\""),
        );
        let url = vec![self.server.url(&path)];
        self.compare(
            &format!("refresh {items} items, unchanged (ETag)"),
            |client, run| {
                let home = client.home(&self.nothing());
                client.subscribe(&home, &url, &format!("add-{run}"));
                client.refresh(&home, &format!("refresh-{run}"))
            },
        );
    }

    fn library(&self) {
        let feed = |n: usize, items: usize| {
            feedgen::titled_feed(&format!("Podcast {n}"), items, &self.media())
        };
        let path = |n: usize| format!("/library/{n}.xml");
        let originals: Vec<String> = (0..LIBRARY_PODCASTS)
            .map(|n| feed(n, LIBRARY_EPISODES))
            .collect();
        let changed: Vec<String> = (0..LIBRARY_CHANGED)
            .map(|n| feed(n, LIBRARY_EPISODES + 1))
            .collect();
        let restore = || {
            for (n, xml) in originals.iter().enumerate() {
                self.feed(&path(n), xml.clone(), Some("\"v1\""));
            }
        };
        let urls: Vec<String> = (0..LIBRARY_PODCASTS)
            .map(|n| self.server.url(&path(n)))
            .collect();
        let total: usize = originals.iter().map(String::len).sum();
        let mut subscribed = Vec::new();
        self.compare(
            &format!(
                "library: {LIBRARY_PODCASTS} podcasts × {LIBRARY_EPISODES} episodes ({:.0} MB), \
                 refresh all with {LIBRARY_CHANGED} changed",
                total as f64 / 1e6
            ),
            |client, run| {
                restore();
                let home = client.home(&self.nothing());
                let first = client.subscribe(&home, &urls, &format!("subscribe-{run}"));
                // The warm-up round (numbered after the measured ones) is not counted.
                if run < self.runs {
                    subscribed.push((client.name, first));
                }
                for (n, xml) in changed.iter().enumerate() {
                    self.feed(&path(n), xml.clone(), Some("\"v2\""));
                }
                client.refresh(&home, &format!("refresh-{run}"))
            },
        );
        println!("  (subscribing to the whole library first, medians:)");
        for client in &self.clients {
            let runs: Vec<Cost> = subscribed
                .iter()
                .filter(|(name, _)| *name == client.name)
                .map(|(_, cost)| *cost)
                .collect();
            if !runs.is_empty() {
                print_row(client.name, median(runs));
            }
        }
    }

    /// Runs `scenario` for every client `runs` times and prints the medians and our ratios.
    fn compare(&self, title: &str, mut scenario: impl FnMut(&Client, usize) -> Cost) {
        println!("\n{title}");
        println!(
            "  {:<14} {:>9} {:>9} {:>10}",
            "", "wall ms", "CPU ms", "peak MiB"
        );
        // One round not counted (caches warmed for every program), then the rounds measured,
        // each program in turn, so a slow spell of the machine hits them all alike.
        for client in &self.clients {
            scenario(client, self.runs);
        }
        let mut runs: Vec<Vec<Cost>> = vec![Vec::new(); self.clients.len()];
        for run in 0..self.runs {
            for (client, costs) in self.clients.iter().zip(&mut runs) {
                costs.push(scenario(client, run));
            }
        }
        let mut results = Vec::new();
        for (client, costs) in self.clients.iter().zip(runs) {
            let cost = median(costs);
            print_row(client.name, cost);
            results.push((client, cost));
        }
        let Some((_, ours)) = results.iter().find(|(c, _)| c.is_ours()) else {
            return;
        };
        let peers = results.iter().filter(|(c, _)| !c.is_ours());
        let best = |key: fn(&Cost) -> f64| {
            peers
                .clone()
                .min_by(|a, b| key(&a.1).total_cmp(&key(&b.1)))
                .map(|(c, cost)| (c.name, key(cost)))
        };
        if let (Some((wall_peer, wall)), Some((mem_peer, mem))) =
            (best(|c| c.wall_ms), best(|c| c.peak_mib))
        {
            println!(
                "  ours / best peer: wall ×{:.2} ({wall_peer}), peak RSS ×{:.2} ({mem_peer})",
                ours.wall_ms / wall,
                ours.peak_mib / mem
            );
        }
    }
}

fn print_row(name: &str, cost: Cost) {
    println!(
        "  {name:<14} {:>9.0} {:>9.0} {:>10.1}",
        cost.wall_ms, cost.cpu_ms, cost.peak_mib
    );
}
