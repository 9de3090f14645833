//! Transcript parsing in bounded memory: every byte the parsers allocate is counted (a counting
//! global allocator, this test binary only), and the peak stays within a fixed multiple of the
//! input whatever the bytes, and within a fixed ceiling for the worst inputs at the 8 MiB limit.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use netstack_tui::feed::transcript::{MAX_BYTES, TranscriptFormat, parse, readable};
use proptest::prelude::*;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed)
                    + (new_size - layout.size());
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Bytes allocated at the peak while parsing `bytes` as `format` and making it readable, above
/// what was live before.
fn peak_of(bytes: &[u8], format: TranscriptFormat) -> usize {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    if let Ok(parsed) = parse(bytes, format) {
        let lines = readable(&parsed.cues);
        std::hint::black_box(lines.len());
    }
    PEAK.load(Ordering::Relaxed).saturating_sub(base)
}

const FORMATS: [TranscriptFormat; 5] = TranscriptFormat::PREFERENCE;

/// The worst case per input byte: a 2-byte cue (`a\n`) costs an 80-byte `Cue` plus its text,
/// twice while the list grows, and the readable copy.
const PER_BYTE: usize = 200;
const SLACK: usize = 64 * 1024;
/// The most any input may cost (the cue limit caps the list; text is at most 3× the input).
const CEILING: usize = 64 * 1024 * 1024;

/// Every test in this file measures the one global counter: they run one after another.
#[test]
fn parsing_stays_within_bounded_memory() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(300));
    let strategy = (
        prop::collection::vec(any::<u8>(), 0..3000),
        prop::sample::select(FORMATS.to_vec()),
    );
    runner
        .run(&strategy, |(bytes, format)| {
            let peak = peak_of(&bytes, format);
            prop_assert!(
                peak <= PER_BYTE * bytes.len() + SLACK,
                "{format}: {peak} bytes for {} bytes of input",
                bytes.len()
            );
            Ok(())
        })
        .unwrap();

    // The worst inputs at the size limit: tiny cues, and one voice per cue.
    let half = MAX_BYTES / 2;
    let cases: Vec<(Vec<u8>, TranscriptFormat)> = vec![
        ("a\n".repeat(half / 2).into_bytes(), TranscriptFormat::Text),
        (
            "<p>a</p>".repeat(half / 8).into_bytes(),
            TranscriptFormat::Html,
        ),
        (
            format!(
                "<cite>{}</cite>{}",
                "N".repeat(half - 64),
                "<p>a</p>".repeat(half / 8)
            )
            .into_bytes(),
            TranscriptFormat::Html,
        ),
        (
            format!(
                "{{\"segments\":[{}{{}}]}}",
                "{\"startTime\":1,\"body\":\"a\"},".repeat(half / 28)
            )
            .into_bytes(),
            TranscriptFormat::Json,
        ),
        ("[".repeat(half).into_bytes(), TranscriptFormat::Json),
        (
            format!(
                "WEBVTT\n\n00:01.000 --> 00:02.000\n{}",
                "a\n".repeat(half / 2)
            )
            .into_bytes(),
            TranscriptFormat::Vtt,
        ),
        (
            "00:00:01,000 --> 00:00:02,000\na\n"
                .repeat(half / 32)
                .into_bytes(),
            TranscriptFormat::Srt,
        ),
    ];
    for (bytes, format) in cases {
        let peak = peak_of(&bytes, format);
        println!(
            "{format}: {:.1} MiB at the peak for {:.1} MiB of input",
            peak as f64 / 1048576.0,
            bytes.len() as f64 / 1048576.0
        );
        assert!(
            peak <= CEILING,
            "{format}: {peak} bytes for {} bytes",
            bytes.len()
        );
    }
}
