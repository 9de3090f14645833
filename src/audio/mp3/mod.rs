//! Pure MP3 stream math: frame headers, the Xing/Info, LAME and VBRI tags, duration, and the
//! byte offset to fetch for a seek. Functions over bytes only — no I/O.
//!
//! Typical use when opening an episode over HTTP:
//! 1. fetch the head of the file; [`id3v2_len`] gives where the audio starts;
//! 2. [`probe`] a few KB from there into a [`StreamInfo`] and keep it;
//! 3. [`duration_s`] for the length; for a seek, [`byte_for_time`] gives the offset for a
//!    Range request and the time that offset stands for;
//! 4. [`resync`] the fetched bytes to the first whole frame and decode from there.
//!
//! CBR seeks are exact. VBR seeks use the Xing or VBRI table and are estimates (a few seconds
//! off in long, uneven files), flagged [`Estimate::Approximate`] so the player can say so.

pub mod frame;
pub mod probe;
pub mod seek;
mod toc;
pub mod vbri;
pub mod xing;

pub use frame::{ChannelMode, FrameHeader, Layer, Version, find_first_frame, parse_header, resync};
pub use probe::{StreamInfo, TagKind, Toc, id3v2_len, probe};
pub use seek::{Estimate, byte_for_time, duration_s, time_for_byte};

#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod generated_tests;
#[cfg(test)]
mod prop_tests;
#[cfg(test)]
mod seek_tests;
