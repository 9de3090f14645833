//! The library against real parts: the binary, a real SQLite file under a private XDG tree, and
//! a loopback HTTP server standing in for the feeds, Apple's lookup and netstack.fm's site.

#[path = "../support/mod.rs"]
mod support;

mod big_feed;
mod compressed;
mod env;
mod first_run;
mod flow;
mod opml;
mod player_args;
mod redirects;
mod refresh;
