//! Feeds: fetching, decoding and parsing them, show notes, chapters from every source, and
//! transcripts.

pub mod chapter_sources;
pub mod chapters;
mod decode;
pub mod duration;
mod entities;
mod error;
mod fetch;
pub mod html;
mod html_render;
mod html_scan;
mod html_tags;
mod html_tokens;
pub mod opml;
mod parse;
pub mod transcript;

pub use decode::MAX_FEED_BYTES;
pub use error::FeedError;
pub use fetch::{Fetched, Validators, fetch};
pub use parse::{parse_date, parse_feed};
