//! Support code shared by the integration tests.
//!
//! - [`server`]: a loopback HTTP/1.1 server ([`server::TestServer`]) with
//!   ranges, validators, throttling, redirects and injectable faults. Every
//!   test that needs the network uses it; extend it rather than writing another.
//! - [`cli`]: running the real binary in an isolated home.
//! - [`dbus`]: a private D-Bus session bus (for MPRIS).
//! - [`feedgen`]: synthetic feeds of any size for load tests and benchmarks.
//! - [`pulse`]: a private PulseAudio null sink per test, and recording what it plays.
//! - [`sink_play`]: the command line playing into that sink: `play --json` and its events.
//! - [`media_tools`]: running SoX, LAME and FFmpeg, and the sine, silence and noise test media
//!   start from (the library's unit tests use it too).
//! - [`tone`]: loudness and dominant frequency of recorded audio.
//! - [`tone_mp3`]: an MP3 episode whose chapters are distinct tones; [`chapter_media`]: the
//!   same as M4A and Ogg Opus; [`comfort_media`]: steady tones in every format and a tone with
//!   a long silence; [`episode_feed`]: any of them served with a feed that gives no duration.
//! - [`long_mp3`]: 30-minute MP3s (CBR, skewed VBR) whose tones tell the time to 0.25 s, and
//!   an MP3 behind a large ID3 tag.
//! - [`headless`]: a remote episode through the cache and the engine, pulled without a sound
//!   card.
//! - [`player`]: a listener's home on its own loopback server (configuration, a feed
//!   subscribed, by default the tone episode), and the player started in tmux.
//! - [`raw_client`]: a bare TcpStream HTTP client for asserting exactly what
//!   the server put on the wire.
//! - [`tmux`]: the real terminal interface in a private tmux server.
//!
//! Use from an integration test file:
//!
//! ```ignore
//! mod support;
//! use support::server::{Fault, Resource, TestServer};
//! ```
//!
//! Each integration test file compiles this module on its own, so items one
//! test does not use are allowed to be dead code (and unused re-exports).
#![allow(dead_code, unused_imports)]

pub mod chapter_media;
pub mod cli;
pub mod comfort_media;
pub mod dbus;
pub mod episode_feed;
pub mod feedgen;
pub mod headless;
pub mod long_mp3;
pub mod media_tools;
pub mod player;
pub mod pulse;
pub mod raw_client;
pub mod server;
pub mod sink_play;
pub mod tmux;
pub mod tone;
pub mod tone_mp3;
