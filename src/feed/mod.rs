//! Feeds: fetching, decoding and parsing them, chapters from every source, transcripts, and the
//! media's own length.

pub mod chapter_sources;
pub mod chapters;
mod decode;
mod error;
mod fetch;
pub mod media_length;
pub mod opml;
mod parse;
mod read;
pub mod transcript;

pub use decode::MAX_FEED_BYTES;
pub use error::FeedError;
pub use fetch::{Answer, Fetched, Opened, Validators, fetch, open};
pub use parse::{
    Batches, FeedStream, Purpose, Rejected, parse_date, parse_feed, parse_feed_for,
    sort_newest_first,
};
pub use read::{Progress, Read, Unread, read_feed, read_feed_handing_over};
