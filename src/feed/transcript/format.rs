//! The transcript formats, known by the MIME type a feed or server gives, a file extension, or
//! the first bytes of the document.

use serde::{Deserialize, Serialize};

/// A transcript format, in order of preference (most structured first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TranscriptFormat {
    /// `application/json`: `{"segments": [{"speaker", "startTime", "endTime", "body"}]}`.
    Json,
    /// `text/vtt`: WebVTT.
    Vtt,
    /// `application/x-subrip`, `application/srt`: SubRip.
    Srt,
    /// `text/html`: `<cite>Speaker:</cite><time>0:53</time><p>…</p>`.
    Html,
    /// `text/plain`: no times.
    Text,
}

impl TranscriptFormat {
    /// Every format, preferred first.
    pub const PREFERENCE: [TranscriptFormat; 5] = [
        TranscriptFormat::Json,
        TranscriptFormat::Vtt,
        TranscriptFormat::Srt,
        TranscriptFormat::Html,
        TranscriptFormat::Text,
    ];

    /// The short name kept in the library.
    pub fn name(self) -> &'static str {
        match self {
            TranscriptFormat::Json => "json",
            TranscriptFormat::Vtt => "vtt",
            TranscriptFormat::Srt => "srt",
            TranscriptFormat::Html => "html",
            TranscriptFormat::Text => "text",
        }
    }

    /// The format named by [`name`](Self::name).
    pub fn from_name(name: &str) -> Option<TranscriptFormat> {
        Self::PREFERENCE.into_iter().find(|f| f.name() == name)
    }

    /// How the format is called in messages.
    pub fn label(self) -> &'static str {
        match self {
            TranscriptFormat::Json => "JSON",
            TranscriptFormat::Vtt => "WebVTT",
            TranscriptFormat::Srt => "SRT",
            TranscriptFormat::Html => "HTML",
            TranscriptFormat::Text => "plain text",
        }
    }

    /// The usual MIME type of the format (for a transcript whose feed declared none).
    pub fn mime(self) -> &'static str {
        match self {
            TranscriptFormat::Json => "application/json",
            TranscriptFormat::Vtt => "text/vtt",
            TranscriptFormat::Srt => "application/x-subrip",
            TranscriptFormat::Html => "text/html",
            TranscriptFormat::Text => "text/plain",
        }
    }

    /// The format of a MIME type (parameters and case ignored); `None` for anything else.
    pub fn from_mime(mime: &str) -> Option<TranscriptFormat> {
        let essence = mime.split(';').next().unwrap_or_default().trim();
        let essence = essence.to_ascii_lowercase();
        Some(match essence.as_str() {
            "application/json" | "text/json" => TranscriptFormat::Json,
            m if m.starts_with("application/") && m.ends_with("+json") => TranscriptFormat::Json,
            "text/vtt" | "text/webvtt" => TranscriptFormat::Vtt,
            "application/x-subrip"
            | "application/srt"
            | "application/x-srt"
            | "text/srt"
            | "text/x-srt"
            | "text/x-subrip" => TranscriptFormat::Srt,
            "text/html" | "application/xhtml+xml" => TranscriptFormat::Html,
            "text/plain" => TranscriptFormat::Text,
            _ => return None,
        })
    }

    /// The format a URL's file extension suggests (`.json`, `.vtt`, `.srt`, `.html`, `.txt`).
    pub fn from_url(url: &str) -> Option<TranscriptFormat> {
        let path = url.split(['?', '#']).next().unwrap_or_default();
        let name = path.rsplit('/').next().unwrap_or_default();
        let (_, extension) = name.rsplit_once('.')?;
        Some(match extension.to_ascii_lowercase().as_str() {
            "json" => TranscriptFormat::Json,
            "vtt" | "webvtt" => TranscriptFormat::Vtt,
            "srt" => TranscriptFormat::Srt,
            "html" | "htm" => TranscriptFormat::Html,
            "txt" | "text" => TranscriptFormat::Text,
            _ => return None,
        })
    }

    /// The format the document's first bytes show: `WEBVTT`, a JSON object or array, a
    /// subtitle timing line, markup; plain text otherwise.
    pub fn sniff(bytes: &[u8]) -> TranscriptFormat {
        let head = super::text::decode(&bytes[..bytes.len().min(1024)]);
        let start = head.trim_start_matches(['\u{feff}', ' ', '\t', '\n']);
        if start.starts_with("WEBVTT") {
            TranscriptFormat::Vtt
        } else if start.starts_with('{') || start.starts_with('[') {
            TranscriptFormat::Json
        } else if start.starts_with('<') {
            TranscriptFormat::Html
        } else if start.lines().take(4).any(|l| l.contains("-->")) {
            TranscriptFormat::Srt
        } else {
            TranscriptFormat::Text
        }
    }

    /// The format to read a document in: the type the feed declared, else the URL's
    /// extension, else the server's `Content-Type`, else what the bytes look like.
    pub fn decide(
        declared: Option<&str>,
        url: &str,
        served: Option<&str>,
        bytes: &[u8],
    ) -> TranscriptFormat {
        declared
            .and_then(TranscriptFormat::from_mime)
            .or_else(|| TranscriptFormat::from_url(url))
            .or_else(|| served.and_then(TranscriptFormat::from_mime))
            .unwrap_or_else(|| TranscriptFormat::sniff(bytes))
    }
}

impl std::fmt::Display for TranscriptFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
