//! JSON transcripts: `{"version": "1.0.0", "segments": [{"speaker", "startTime", "endTime",
//! "body"}]}`. Numbers may come as strings (`"12.5"`, `"00:00:12.5"`), any field may be missing
//! or of another type: such a segment is skipped with a warning, never the whole document. A
//! bare array of segments is read too.
//!
//! Segments are deserialised one at a time into a small struct by hand-written visitors (no
//! `serde_json::Value` per segment), so memory stays close to the cues themselves.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{Collect, TranscriptError};
use crate::model::Cue;
use crate::text::clock::parse_clock;

/// Reads a JSON transcript into `out`.
pub fn parse(bytes: &[u8], out: &mut Collect) -> Result<(), TranscriptError> {
    // A UTF-8 BOM is allowed before the document.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut sink = Sink {
        out,
        segments: 0,
        found: false,
    };
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    DocumentSeed(&mut sink).deserialize(&mut deserializer)?;
    deserializer.end()?;
    if sink.found {
        Ok(())
    } else {
        Err(TranscriptError::NoSegments)
    }
}

/// Where segments go as they are read: each becomes a cue (or a warning) at once, so no
/// segment outlives its own parsing.
struct Sink<'o> {
    out: &'o mut Collect,
    /// Segments seen so far (for the warnings' numbers).
    segments: usize,
    /// Whether a list of segments was found.
    found: bool,
}

impl Sink<'_> {
    fn take(&mut self, segment: Segment) {
        self.segments += 1;
        let n = self.segments;
        match segment.into_cue() {
            Ok(Some(cue)) => self.out.push(cue),
            Ok(None) => {}
            Err(why) => self.out.skip(|| format!("segment {n}: {why}")),
        }
    }

    fn take_all<'de, A: SeqAccess<'de>>(&mut self, mut seq: A) -> Result<(), A::Error> {
        self.found = true;
        while let Some(segment) = seq.next_element::<Segment>()? {
            self.take(segment);
        }
        Ok(())
    }
}

/// The document: an object whose `segments` list is read into the sink, or a bare list.
struct DocumentSeed<'s, 'o>(&'s mut Sink<'o>);

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with a \"segments\" list")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Segments if !self.0.found => map.next_value_seed(SegmentsSeed(self.0))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.0.take_all(seq)
    }
}

/// The value of `segments`: a list is read into the sink; anything else is ignored.
struct SegmentsSeed<'s, 'o>(&'s mut Sink<'o>);

impl<'de> DeserializeSeed<'de> for SegmentsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SegmentsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of segments")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.0.take_all(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        drain_map(map)
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// The keys this reader knows (camelCase as the specification writes them, snake_case as some
/// hosts do).
enum Key {
    Segments,
    Speaker,
    Start,
    End,
    Body,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "segments" => Key::Segments,
                    "speaker" => Key::Speaker,
                    "startTime" | "start_time" | "start" => Key::Start,
                    "endTime" | "end_time" | "end" => Key::End,
                    "body" | "text" => Key::Body,
                    _ => Key::Other,
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Any JSON value, kept only when it is a number or a string.
#[derive(Default)]
enum Loose {
    #[default]
    Missing,
    Number(f64),
    Text(String),
    Other(&'static str),
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LooseVisitor;
        impl<'de> Visitor<'de> for LooseVisitor {
            type Value = Loose;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_bool<E>(self, _: bool) -> Result<Loose, E> {
                Ok(Loose::Other("a boolean"))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Loose, E> {
                Ok(Loose::Number(n as f64))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Loose, E> {
                Ok(Loose::Number(n as f64))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Loose, E> {
                Ok(Loose::Number(n))
            }
            fn visit_str<E>(self, s: &str) -> Result<Loose, E> {
                Ok(Loose::Text(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<Loose, E> {
                Ok(Loose::Text(s))
            }
            fn visit_unit<E>(self) -> Result<Loose, E> {
                Ok(Loose::Missing)
            }
            fn visit_none<E>(self) -> Result<Loose, E> {
                Ok(Loose::Missing)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Loose, A::Error> {
                drain_seq(seq)?;
                Ok(Loose::Other("a list"))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Loose, A::Error> {
                drain_map(map)?;
                Ok(Loose::Other("an object"))
            }
        }
        deserializer.deserialize_any(LooseVisitor)
    }
}

impl Loose {
    /// A time in seconds: a number, or a numeric or clock string.
    fn seconds(&self) -> Option<f64> {
        match self {
            Loose::Number(n) => Some(*n),
            Loose::Text(text) => parse_clock(text),
            _ => None,
        }
        .filter(|s| s.is_finite() && *s >= 0.0)
    }

    /// Text: a string (trimmed), or a number as written.
    fn text(self) -> Option<String> {
        let text = match self {
            Loose::Text(text) if text.trim().len() == text.len() => text,
            Loose::Text(text) => text.trim().to_owned(),
            // Written out in full, 1e300 would be 300 digits: only plain numbers are text.
            Loose::Number(n) if n == 0.0 || (1e-6..1e15).contains(&n.abs()) => n.to_string(),
            _ => return None,
        };
        (!text.is_empty()).then_some(text)
    }

    fn describe(&self) -> String {
        match self {
            Loose::Missing => "missing".to_owned(),
            Loose::Number(n) => format!("{n}"),
            Loose::Text(t) => format!("{:?}", crate::text::truncate(t, 40)),
            Loose::Other(what) => (*what).to_owned(),
        }
    }
}

/// One segment as written; `not_an_object` when the list holds something else.
#[derive(Default)]
struct Segment {
    speaker: Loose,
    start: Loose,
    end: Loose,
    body: Loose,
    not_an_object: Option<&'static str>,
}

impl<'de> Deserialize<'de> for Segment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SegmentVisitor;
        impl<'de> Visitor<'de> for SegmentVisitor {
            type Value = Segment;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a segment")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Segment, A::Error> {
                let mut segment = Segment::default();
                while let Some(key) = map.next_key::<Key>()? {
                    let slot = match key {
                        Key::Speaker => &mut segment.speaker,
                        Key::Start => &mut segment.start,
                        Key::End => &mut segment.end,
                        Key::Body => &mut segment.body,
                        Key::Segments | Key::Other => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    *slot = map.next_value()?;
                }
                Ok(segment)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Segment, A::Error> {
                drain_seq(seq)?;
                Ok(Segment::junk("a list"))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Segment, E> {
                Ok(Segment::junk("a boolean"))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Segment, E> {
                Ok(Segment::junk("a number"))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Segment, E> {
                Ok(Segment::junk("a number"))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Segment, E> {
                Ok(Segment::junk("a number"))
            }
            fn visit_str<E>(self, _: &str) -> Result<Segment, E> {
                Ok(Segment::junk("a string"))
            }
            fn visit_unit<E>(self) -> Result<Segment, E> {
                Ok(Segment::junk("null"))
            }
        }
        deserializer.deserialize_any(SegmentVisitor)
    }
}

impl Segment {
    fn junk(what: &'static str) -> Segment {
        Segment {
            not_an_object: Some(what),
            ..Segment::default()
        }
    }

    /// The cue, `None` for a segment with nothing to say, or why it is skipped.
    fn into_cue(self) -> Result<Option<Cue>, String> {
        if let Some(what) = self.not_an_object {
            return Err(format!("{what}, not a segment object"));
        }
        let Some(start) = self.start.seconds() else {
            return Err(format!("startTime is {}", self.start.describe()));
        };
        let Some(text) = self.body.text() else {
            return Ok(None);
        };
        let end_s = self.end.seconds().filter(|&end| end > start);
        Ok(Some(Cue {
            start_s: Some(start),
            end_s,
            speaker: self.speaker.text(),
            text,
        }))
    }
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
