//! Text the search and transcript benchmarks generate: words with a long tail (a few common
//! ones, some about networking, and thousands of rare ones), and cues kept as the library keeps
//! a transcript.

use netstack_tui::feed::transcript::TranscriptFormat;
use netstack_tui::model::{Cue, Transcript};
use netstack_tui::store::StoredTranscript;

/// The common words, the lowest drawn far more often.
const COMMON: &str = "the and we to of a that is it so you in rust network protocol server \
                      client async tokio http quic tls handshake latency packet stream \
                      congestion control kernel socket proxy request response cache";

/// A query as typed, keystroke by keystroke: a word of the common ones, then a phrase.
pub const TYPED: [&str; 7] = [
    "q",
    "qu",
    "qui",
    "quic",
    "quic h",
    "quic ha",
    "quic handshake",
];

/// Words with a long tail, so some queries match a little and some a lot.
pub struct Words {
    state: u64,
    common: Vec<&'static str>,
    rare: Vec<String>,
}

impl Words {
    /// The words of `seed`, `more_common` joining the common ones.
    pub fn new(seed: u64, more_common: &[&'static str]) -> Words {
        let syllables = [
            "ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "sha", "dor", "len",
        ];
        let mut rare = Vec::new();
        for a in syllables {
            for b in syllables {
                for c in syllables {
                    rare.push(format!("{a}{b}{c}"));
                }
            }
        }
        let mut common: Vec<&'static str> = COMMON.split_whitespace().collect();
        common.extend_from_slice(more_common);
        Words {
            state: seed.max(1),
            common,
            rare,
        }
    }

    pub fn next(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    pub fn word(&mut self) -> &str {
        let n = self.next();
        if n % 10 < 6 {
            // Zipf-like among the common words: low indexes far more often.
            let i = (n / 10) as usize % self.common.len();
            let j = (n / 1000) as usize % (i + 1);
            self.common[j]
        } else {
            let i = (n / 10) as usize % self.rare.len();
            &self.rare[i]
        }
    }

    pub fn sentence(&mut self, words: usize) -> String {
        let mut out = String::new();
        for i in 0..words {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(self.word());
        }
        out
    }
}

/// `cues` as the library keeps a JSON transcript.
pub fn stored(cues: Vec<Cue>) -> StoredTranscript {
    StoredTranscript {
        source: Transcript {
            url: "https://example.org/t.json".into(),
            kind: Some("application/json".into()),
            language: None,
        },
        format: TranscriptFormat::Json,
        cues,
        validators: Default::default(),
        checked_at: 0,
    }
}
