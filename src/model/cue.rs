//! One cue of a transcript: what was said, when, and by whom.

use serde::{Deserialize, Serialize};

/// A stretch of a transcript as the publisher wrote it (a subtitle cue, a JSON segment, a
/// paragraph of an HTML or text transcript). Text is exactly as published once markup is gone:
/// entities decoded, voice and styling tags removed, never sanitised for a terminal (that
/// happens at display, as for show notes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cue {
    /// Start in seconds; `None` when the transcript gives no times (plain text, HTML without
    /// `<time>`).
    pub start_s: Option<f64>,
    /// End in seconds, when the format gives one (until the next cue starts otherwise).
    pub end_s: Option<f64>,
    /// Who speaks: the VTT voice name, the HTML `<cite>` without its colon, the JSON `speaker`.
    pub speaker: Option<String>,
    pub text: String,
}

impl Cue {
    /// Whether the cue is being spoken at `t` seconds: `start_s ≤ t < end_s`, or, with no end,
    /// until `next_start` (the next cue's start; forever when there is none).
    pub fn covers(&self, t: f64, next_start: Option<f64>) -> bool {
        let Some(start) = self.start_s else {
            return false;
        };
        let end = self.end_s.or(next_start).unwrap_or(f64::INFINITY);
        start <= t && t < end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(start: Option<f64>, end: Option<f64>) -> Cue {
        Cue {
            start_s: start,
            end_s: end,
            speaker: None,
            text: "x".into(),
        }
    }

    #[test]
    fn a_cue_covers_its_start_but_not_its_end() {
        let c = cue(Some(1.0), Some(2.0));
        assert!(c.covers(1.0, None) && c.covers(1.999, None));
        assert!(!c.covers(2.0, None) && !c.covers(0.999, None));
    }

    #[test]
    fn without_an_end_a_cue_lasts_until_the_next() {
        let c = cue(Some(1.0), None);
        assert!(c.covers(4.9, Some(5.0)));
        assert!(!c.covers(5.0, Some(5.0)));
        assert!(c.covers(1e9, None));
        assert!(!cue(None, None).covers(0.0, None));
    }
}
