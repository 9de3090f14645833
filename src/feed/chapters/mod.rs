//! Chapters from every source a podcast uses: show notes, Podlove Simple Chapters, Podcasting 2.0
//! JSON, and chapters embedded in the media (ID3 CHAP, Vorbis comments, MP4), merged by trust.

mod cursor;
mod entries;
pub mod error;
pub mod id3;
mod id3_chap;
mod id3_frames;
pub mod media;
pub mod merge;
pub mod mp4;
mod mp4_track;
pub mod notes;
mod ogg;
pub mod podcast_json;
mod prefilter;
pub mod psc;
pub mod source;
mod spans;
mod text;
mod timestamps;
mod titles;
pub mod vorbis;
