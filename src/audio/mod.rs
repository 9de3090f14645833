//! Audio: MP3 stream math (duration, exact and estimated seeks).

pub mod mp3;
