//! What `ctl status` prints: playback as the core reports it, with the position moved on by the
//! time since the report while audio is heard. JSON with exactly these fields (null where there
//! is nothing), or one human line.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::core::{PlayState, Report};
use crate::text::{clock::format_clock, sanitize_line};

/// Playback, as `ctl status --json` prints it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusLine {
    /// `playing`, `paused` or `stopped`.
    pub state: String,
    pub podcast: Option<String>,
    pub episode: Option<StatusEpisode>,
    /// Seconds into the episode.
    pub t: Option<f64>,
    pub duration_s: Option<f64>,
    /// 1-based over the visible chapters, as `play --chapter` counts them.
    pub chapter: Option<u32>,
    pub chapter_title: Option<String>,
    /// How many chapters are visible.
    pub chapters: u32,
    pub speed: f64,
    /// Percent.
    pub volume: u8,
}

/// The episode loaded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusEpisode {
    pub guid: String,
    pub title: String,
}

impl StatusLine {
    /// The status `since` after `report` was made.
    pub fn of(report: &Report, since: Duration) -> StatusLine {
        let episode = report.episode.as_ref();
        StatusLine {
            state: report.state.name().to_owned(),
            podcast: episode.map(|e| e.podcast.clone()),
            episode: episode.map(|e| StatusEpisode {
                guid: e.guid.clone(),
                title: e.title.clone(),
            }),
            t: t_at(report, since).map(|t| (t * 1000.0).round() / 1000.0),
            duration_s: report.duration_s.map(|d| (d * 1000.0).round() / 1000.0),
            chapter: report.chapter,
            chapter_title: report.chapter_title.clone(),
            chapters: report.chapters,
            speed: report.speed,
            volume: report.volume,
        }
    }

    /// A stopped player (what `watch` prints last when the player quits).
    pub fn stopped() -> StatusLine {
        StatusLine {
            state: PlayState::Stopped.name().to_owned(),
            podcast: None,
            episode: None,
            t: None,
            duration_s: None,
            chapter: None,
            chapter_title: None,
            chapters: 0,
            speed: 1.0,
            volume: 0,
        }
    }

    /// What a status line shows: two statuses with the same key print the same line (the
    /// position counts in whole seconds).
    pub fn key(&self) -> StatusLine {
        StatusLine {
            t: self.t.map(f64::floor),
            ..self.clone()
        }
    }

    /// One line for people: `playing  Podcast — Episode  1:05/3:00  chapter 2/3 Title  volume 80%`.
    pub fn human(&self) -> String {
        let mut parts = vec![self.state.clone()];
        if let (Some(podcast), Some(episode)) = (&self.podcast, &self.episode) {
            parts.push(format!(
                "{} — {}",
                sanitize_line(podcast),
                sanitize_line(&episode.title)
            ));
        }
        if let Some(t) = self.t {
            let length = self.duration_s.map(|d| format!("/{}", format_clock(d)));
            parts.push(format!("{}{}", format_clock(t), length.unwrap_or_default()));
        }
        if let Some(n) = self.chapter {
            let title = self.chapter_title.as_deref().map(sanitize_line);
            let title = title.map(|t| format!(" {t}")).unwrap_or_default();
            parts.push(format!("chapter {n}/{}{title}", self.chapters));
        }
        if self.state != PlayState::Stopped.name() {
            if self.speed != 1.0 {
                parts.push(format!("speed {}×", self.speed));
            }
            parts.push(format!("volume {}%", self.volume));
        }
        parts.join("  ")
    }
}

/// Where playback is `since` after `report`: moved on while heard, never past the end.
fn t_at(report: &Report, since: Duration) -> Option<f64> {
    let t = report.t?;
    if !report.advancing {
        return Some(t);
    }
    let t = t + since.as_secs_f64() * report.speed;
    Some(match report.duration_s {
        Some(d) if d > 0.0 => t.min(d),
        _ => t,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ReportedEpisode;

    fn playing() -> Report {
        Report {
            state: PlayState::Playing,
            episode: Some(ReportedEpisode {
                id: 1,
                guid: "g".into(),
                title: "Three tones".into(),
                podcast: "Tones\u{1b}[2J".into(),
                image: None,
            }),
            t: Some(5.0),
            advancing: true,
            duration_s: Some(12.0),
            chapter: Some(2),
            chapter_title: Some("Middle".into()),
            chapters: 3,
            speed: 1.0,
            volume: 80,
            seeks: 0,
        }
    }

    #[test]
    fn json_has_exactly_the_fields_and_nulls_when_stopped() {
        let status = StatusLine::of(&playing(), Duration::from_millis(1500));
        let json = serde_json::to_value(&status).unwrap();
        assert_eq!(json["t"], 6.5);
        assert_eq!(json["episode"]["guid"], "g");
        assert_eq!(json["chapter"], 2);
        let stopped = serde_json::to_value(StatusLine::stopped()).unwrap();
        let fields: Vec<&String> = stopped.as_object().unwrap().keys().collect();
        assert_eq!(
            fields,
            [
                "chapter",
                "chapter_title",
                "chapters",
                "duration_s",
                "episode",
                "podcast",
                "speed",
                "state",
                "t",
                "volume"
            ]
        );
        for null in ["podcast", "episode", "t", "duration_s", "chapter"] {
            assert!(stopped[null].is_null(), "{null}");
        }
    }

    #[test]
    fn the_position_stops_at_the_end_and_while_paused() {
        let at_end = StatusLine::of(&playing(), Duration::from_secs(60));
        assert_eq!(at_end.t, Some(12.0));
        let paused = Report {
            state: PlayState::Paused,
            advancing: false,
            ..playing()
        };
        assert_eq!(
            StatusLine::of(&paused, Duration::from_secs(60)).t,
            Some(5.0)
        );
    }

    #[test]
    fn the_human_line_is_clean() {
        let line = StatusLine::of(&playing(), Duration::ZERO).human();
        assert_eq!(
            line,
            "playing  Tones — Three tones  0:05/0:12  chapter 2/3 Middle  volume 80%"
        );
        assert_eq!(StatusLine::stopped().human(), "stopped");
    }
}
