//! Feeds: fetching, decoding and parsing them, show notes, and chapters from every source.

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
mod read;

pub use decode::MAX_FEED_BYTES;
pub use error::FeedError;
pub use fetch::{Answer, Fetched, Opened, Validators, fetch, open};
pub use parse::{
    FeedStream, KnownChapters, Purpose, Rejected, parse_date, parse_feed, parse_feed_for,
};
pub use read::{Read, Unread, read_feed};
