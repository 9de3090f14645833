//! Opus (Ogg) through libopus: decoded at 48 kHz, the pre-skip trimmed, chapters heard in
//! order at their times, and a seek lands where it says.

use super::Origin;
use super::test_support::{CHAPTER_HZ, Listener, chapters, loudest_at};

const OPUS_RATE: u32 = 48_000;

/// The loudest of the chapter tones in `x` (mono at 48 kHz).
fn chapter_in(x: &[f32]) -> usize {
    loudest_at(x, CHAPTER_HZ, OPUS_RATE)
}

fn at(seconds: f64) -> usize {
    (seconds * f64::from(OPUS_RATE)) as usize
}

#[test]
fn opus_plays_its_chapters_in_order_at_their_times() {
    let mut listener = Listener::open(&chapters("opus"), 0.0, Origin::Local);
    assert_eq!(
        rodio::Source::sample_rate(&listener.source).get(),
        OPUS_RATE
    );
    let heard = listener.pull(at(20.0));
    let heard_s = heard.left.len() as f64 / f64::from(OPUS_RATE);
    // The pre-skip is trimmed; libopus pads the end to a whole packet (≤ 20 ms).
    assert!((heard_s - 12.0).abs() < 0.03, "heard {heard_s:.3} s");
    for (chapter, middle) in [(0, 2.0), (1, 6.0), (2, 10.0)] {
        let window = &heard.left[at(middle - 0.1)..at(middle + 0.1)];
        assert_eq!(chapter_in(window), chapter, "at {middle} s");
        let t = heard.position[at(middle)];
        assert!(
            (t - middle).abs() < 0.002,
            "position {t} at sample of {middle} s"
        );
    }
    assert!(heard.exact.iter().all(|&e| e));
}

#[test]
fn an_opus_seek_lands_on_the_time_asked() {
    let mut listener = Listener::open(&chapters("opus"), 0.0, Origin::Local);
    listener.pull(at(0.5));
    let heard = listener.seek_and_pull(9.0, at(0.5));
    assert!(
        (heard.position[0] - 9.0).abs() < 0.002,
        "landed at {}",
        heard.position[0]
    );
    assert_eq!(chapter_in(&heard.left[at(0.1)..at(0.4)]), 2);
}
