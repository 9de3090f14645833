//! The episode's length read from media served over HTTP on loopback, by Range requests: an
//! Ogg Opus file costs its head and one request for its tail, an M4A with `moov` at the end a
//! few header reads, a CBR MP3 without a tag its head and its last 128 bytes — never the audio.

mod support;

use std::path::{Path, PathBuf};

use netstack_tui::feed::media_length::{LengthBasis, MediaLength, read_length};
use netstack_tui::net::range_reader::HttpRangeReader;
use support::media_tools::{ffmpeg, lame, tone_over_noise_wav};
use support::server::{Resource, TestServer};

const SECONDS: f64 = 60.0;

/// A minute of tone over noise, encoded by `tool` with `opts` around input and output.
fn encode(dir: &Path, name: &str, tool: &str, opts: &[&str]) -> PathBuf {
    let wav = dir.join("src.wav");
    if !wav.exists() {
        tone_over_noise_wav(&wav, SECONDS);
    }
    let out = dir.join(name);
    match tool {
        "lame" => lame(&wav, &out, opts),
        _ => ffmpeg(&wav, &out, opts),
    }
    out
}

/// Reads the length of `path` on `server` as the player would, from a blocking thread.
fn length_over_http(server: &TestServer, path: &str) -> MediaLength {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let client = netstack_tui::net::client().unwrap();
    let url = server.url(path);
    let mut reader = HttpRangeReader::new(client, url.clone(), runtime.handle().clone());
    let found = std::thread::spawn(move || read_length(&mut reader, None, &url))
        .join()
        .unwrap();
    found.unwrap().expect("a length")
}

#[test]
fn lengths_over_range_requests_fetch_no_audio() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start();
    let files = [
        (
            "/a.opus",
            encode(dir.path(), "a.opus", "ffmpeg", &["-c:a", "libopus"]),
            2,
        ),
        (
            "/a.m4a",
            encode(dir.path(), "a.m4a", "ffmpeg", &["-c:a", "aac"]),
            3,
        ),
        (
            "/a.mp3",
            encode(dir.path(), "a.mp3", "lame", &["-b", "96", "--cbr", "-t"]),
            2,
        ),
    ];
    for (path, file, most_requests) in &files {
        server.route(path, Resource::file(file));
        let found = length_over_http(&server, path);
        let size = std::fs::metadata(file).unwrap().len();
        let requests = server.requests_to(path);
        let sent = server.bytes_sent(path);
        assert!(
            requests.len() <= *most_requests,
            "{path}: {} requests: {:?}",
            requests.len(),
            requests
                .iter()
                .map(|r| r.header("range"))
                .collect::<Vec<_>>()
        );
        assert!(
            requests.iter().all(|r| r.status == 206),
            "{path}: not all ranges"
        );
        assert!(
            sent <= 100 * 1024 && sent < size / 4,
            "{path}: {sent} of {size} bytes"
        );
        let within = if found.basis == LengthBasis::Mp3ConstantBitrate {
            0.08 // the encoder's delay and padding are in the bytes
        } else {
            0.001
        };
        assert!(
            (found.seconds - SECONDS).abs() <= within,
            "{path}: {} s by {:?}",
            found.seconds,
            found.basis
        );
    }
}
