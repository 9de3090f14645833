use std::time::{Duration, Instant};

use super::*;

fn text(repeats: &Repeats<Vec<u8>>) -> String {
    String::from_utf8_lossy(&repeats.out).into_owned()
}

fn at(start: Instant, ms: u64) -> Instant {
    start + Duration::from_millis(ms)
}

const DEVICE: &str = "WARN netstack_tui::audio::engine: audio device: ALSA function \
                      'snd_pcm_avail_delay' failed with error 'I/O error (5)'";

#[test]
fn a_flood_of_one_line_is_its_first_copy_and_a_count() {
    let start = Instant::now();
    let mut log = Repeats::new(Vec::new(), Duration::from_secs(10));
    for i in 0..1357u64 {
        log.line(format!("t{i:04} {DEVICE}\n").as_bytes(), at(start, i));
    }
    log.line(b"t2000 INFO netstack_tui: playing\n", at(start, 2000));
    assert_eq!(
        text(&log),
        format!(
            "t0000 {DEVICE}\nt1356 {DEVICE} (repeated 1356 times)\nt2000 INFO netstack_tui: \
             playing\n"
        )
    );
}

#[test]
fn lines_that_differ_are_all_written_and_a_single_repeat_is_counted_once() {
    let start = Instant::now();
    let mut log = Repeats::new(Vec::new(), Duration::from_secs(10));
    for (i, line) in ["a x\n", "b x\n", "c y\n", "d x\n", "e x\n"]
        .iter()
        .enumerate()
    {
        log.line(line.as_bytes(), at(start, i as u64));
    }
    log.flush_repeats();
    assert_eq!(
        text(&log),
        "a x\nb x (repeated 1 time)\nc y\nd x\ne x (repeated 1 time)\n"
    );
}

#[test]
fn a_long_flood_is_counted_every_interval_and_at_the_end() {
    let start = Instant::now();
    let mut log = Repeats::new(Vec::new(), Duration::from_secs(10));
    // One copy a second for 25 s.
    for s in 0..25u64 {
        log.line(format!("t{s:02} w\n").as_bytes(), at(start, s * 1000));
    }
    log.flush_repeats();
    assert_eq!(
        text(&log),
        "t00 w\nt11 w (repeated 11 times)\nt22 w (repeated 11 times)\nt24 w (repeated 2 times)\n"
    );
}

#[test]
fn events_formatted_by_tracing_are_counted_too() {
    let repeats = Arc::new(Mutex::new(Repeats::new(Vec::new(), REPEATS_EVERY)));
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(RepeatCounter(Arc::clone(&repeats)))
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        for _ in 0..100 {
            tracing::warn!("audio device: the same failure");
        }
        tracing::info!("something else");
    });
    let out = text(&lock(&repeats));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].ends_with("audio device: the same failure"),
        "{out}"
    );
    assert!(
        lines[1].ends_with("audio device: the same failure (repeated 99 times)"),
        "{out}"
    );
    assert!(lines[2].ends_with("something else"), "{out}");
}
