//! The transcript tab of the details pane: the selected episode's transcript as readable lines,
//! the line the listener's cursor is on, and whether that cursor follows playback.

use super::input::EpisodeId;
use crate::model::Cue;

/// What the details pane's lower half shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DetailsTab {
    #[default]
    Notes,
    Transcript,
}

/// The transcript of one episode as the tab shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct TranscriptView {
    pub episode: EpisodeId,
    pub status: TranscriptStatus,
    /// Readable lines (word-level transcripts joined into phrases), text as published: the
    /// interface sanitises it.
    pub lines: Vec<Cue>,
    /// The line the cursor is on (Enter plays from it).
    pub cursor: usize,
    /// The cursor follows the line heard; moving it by hand stops that until the follow key.
    pub following: bool,
}

/// Where getting the transcript stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TranscriptStatus {
    /// Asked for; nothing to show yet.
    Loading,
    /// `lines` are shown (from the library's copy or fetched now).
    Shown,
    /// The episode lists no transcript and the library keeps none.
    Missing,
    /// None could be had: why.
    Failed(String),
}

impl TranscriptView {
    /// A transcript asked for and not arrived yet, following playback.
    pub fn loading(episode: EpisodeId) -> TranscriptView {
        TranscriptView {
            episode,
            status: TranscriptStatus::Loading,
            lines: Vec::new(),
            cursor: 0,
            following: true,
        }
    }

    /// The line spoken at `t`: the last line starting at or before `t` that still lasts (its
    /// end, or the next line's start). `None` before the first line, in a gap, or for a
    /// transcript without times.
    pub fn line_at(&self, t: f64) -> Option<usize> {
        let i = self
            .lines
            .partition_point(|c| c.start_s.is_some_and(|s| s <= t))
            .checked_sub(1)?;
        let next = self.lines.get(i + 1).and_then(|c| c.start_s);
        self.lines[i].covers(t, next).then_some(i)
    }

    /// The next time after `t` at which the line spoken changes (a line starts or ends).
    pub fn next_change(&self, t: f64) -> Option<f64> {
        let i = self
            .lines
            .partition_point(|c| c.start_s.is_some_and(|s| s <= t));
        let next_start = self.lines.get(i).and_then(|c| c.start_s);
        let end = i
            .checked_sub(1)
            .and_then(|j| self.lines[j].end_s)
            .filter(|e| *e > t);
        match (end, next_start) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(start: f64, end: Option<f64>, text: &str) -> Cue {
        Cue {
            start_s: Some(start),
            end_s: end,
            speaker: None,
            text: text.into(),
        }
    }

    fn view(lines: Vec<Cue>) -> TranscriptView {
        TranscriptView {
            lines,
            status: TranscriptStatus::Shown,
            ..TranscriptView::loading(1)
        }
    }

    #[test]
    fn the_line_heard_is_the_one_covering_the_time() {
        let v = view(vec![
            cue(0.0, Some(4.0), "a"),
            cue(5.0, None, "b"),
            cue(9.0, Some(12.0), "c"),
        ]);
        assert_eq!(v.line_at(0.0), Some(0));
        assert_eq!(v.line_at(4.5), None, "a gap");
        assert_eq!(v.line_at(8.9), Some(1), "no end: until the next starts");
        assert_eq!(v.line_at(11.0), Some(2));
        assert_eq!(v.line_at(12.0), None);
        assert_eq!(v.next_change(1.0), Some(4.0));
        assert_eq!(v.next_change(4.5), Some(5.0));
        assert_eq!(v.next_change(6.0), Some(9.0));
        assert_eq!(v.next_change(10.0), Some(12.0));
        assert_eq!(v.next_change(13.0), None);
    }

    #[test]
    fn a_transcript_without_times_has_no_line_heard() {
        let mut untimed = cue(0.0, None, "text");
        untimed.start_s = None;
        let v = view(vec![untimed.clone(), untimed]);
        assert_eq!(v.line_at(3.0), None);
        assert_eq!(v.next_change(3.0), None);
    }
}
