//! Readable lines from word-level transcripts. Hosts that transcribe with Whisper often publish
//! one word per JSON segment: shown as is, that is a column of single words. For display (and
//! search) consecutive words of one speaker are joined into phrases of a few seconds, broken at
//! the end of a sentence, at a pause and at a change of speaker. Transcripts with real
//! sentences per cue are left as they are; `--json` always keeps the cues as published.

use std::borrow::Cow;

use crate::model::Cue;

/// A phrase ends at a sentence's end once it lasts this long (seconds).
const SENTENCE_MIN_S: f64 = 2.0;
/// A phrase never runs longer than this (seconds).
const PHRASE_MAX_S: f64 = 6.0;
/// A pause this long between words starts a new phrase (seconds).
const PAUSE_S: f64 = 1.5;
/// A phrase never holds more characters than this (a line or two of a terminal).
const PHRASE_MAX_CHARS: usize = 160;

/// True when most cues hold a single word (at least 4 cues, 70 % of them one word).
pub fn is_word_level(cues: &[Cue]) -> bool {
    let single = cues
        .iter()
        .filter(|c| !c.text.trim().contains(char::is_whitespace))
        .count();
    cues.len() >= 4 && single * 10 >= cues.len() * 7
}

/// The cues as a person reads them: word-level transcripts joined into phrases, anything else
/// as published.
pub fn readable(cues: &[Cue]) -> Cow<'_, [Cue]> {
    if !is_word_level(cues) || cues.iter().any(|c| c.start_s.is_none()) {
        return Cow::Borrowed(cues);
    }
    let mut lines: Vec<Cue> = Vec::with_capacity(cues.len() / 4);
    let mut open: Option<Cue> = None;
    for cue in cues {
        if let Some(phrase) = open.as_mut() {
            if continues(phrase, cue) {
                let last_end = phrase.end_s.or(phrase.start_s).unwrap_or_default();
                let end = cue.end_s.or(cue.start_s).unwrap_or_default();
                join_word(&mut phrase.text, &cue.text);
                phrase.end_s = Some(end.max(last_end));
                continue;
            }
            lines.extend(open.take());
        }
        open = Some(cue.clone());
    }
    lines.extend(open);
    Cow::Owned(lines)
}

/// Whether `next` belongs to the phrase being built.
fn continues(phrase: &Cue, next: &Cue) -> bool {
    let (Some(start), Some(next_start)) = (phrase.start_s, next.start_s) else {
        return false;
    };
    let last = phrase.end_s.unwrap_or(start);
    let next_end = next.end_s.unwrap_or(next_start);
    let sentence_done =
        phrase.text.ends_with(['.', '!', '?', '…']) && last - start >= SENTENCE_MIN_S;
    phrase.speaker == next.speaker
        && !sentence_done
        && next_start - last < PAUSE_S
        && next_end - start <= PHRASE_MAX_S
        && phrase.text.len() + next.text.len() < PHRASE_MAX_CHARS
}

/// Appends a word: punctuation and contractions (`,` `.` `'s` `n't`) attach to the word before.
fn join_word(text: &mut String, word: &str) {
    let word = word.trim();
    let attaches = word.starts_with([',', '.', ';', ':', '!', '?', '%', ')', ']', '}', '…'])
        || word.starts_with(['\'', '’']) && word.chars().nth(1).is_some_and(char::is_alphabetic)
        || word == "n't";
    if !attaches && !text.is_empty() {
        text.push(' ');
    }
    text.push_str(word);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(start: f64, speaker: &str, text: &str) -> Cue {
        Cue {
            start_s: Some(start),
            end_s: Some(start + 0.3),
            speaker: Some(speaker.into()),
            text: text.into(),
        }
    }

    fn words(speaker: &str, from: f64, text: &str) -> Vec<Cue> {
        text.split(' ')
            .enumerate()
            .map(|(i, w)| word(from + i as f64 * 0.4, speaker, w))
            .collect()
    }

    #[test]
    fn words_become_phrases_broken_at_speakers_sentences_and_pauses() {
        let mut cues = words("Ann", 0.0, "So we moved to QUIC , and it's fast . Really");
        cues.extend(words("Bob", 4.4, "Why ?"));
        cues.extend(words("Bob", 9.0, "It doesn't matter"));
        assert!(is_word_level(&cues));
        let lines = readable(&cues);
        let got: Vec<_> = lines
            .iter()
            .map(|c| (c.start_s, c.speaker.as_deref(), c.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some(0.0),
                    Some("Ann"),
                    "So we moved to QUIC, and it's fast."
                ),
                (Some(4.0), Some("Ann"), "Really"),
                (Some(4.4), Some("Bob"), "Why?"),
                (Some(9.0), Some("Bob"), "It doesn't matter"),
            ]
        );
        assert!((lines[0].end_s.unwrap() - 3.9).abs() < 1e-9);
    }

    #[test]
    fn phrases_stay_a_few_seconds_long() {
        let long = vec!["word"; 100].join(" ");
        let cues = words("Ann", 0.0, &long);
        let lines = readable(&cues);
        assert!(lines.len() > 5, "{}", lines.len());
        for line in lines.iter() {
            let span = line.end_s.unwrap() - line.start_s.unwrap();
            assert!(span <= PHRASE_MAX_S, "{span}");
        }
        let joined: usize = lines.iter().map(|l| l.text.split(' ').count()).sum();
        assert_eq!(joined, 100, "no word lost");
    }

    #[test]
    fn sentence_level_cues_are_left_alone() {
        let cues: Vec<Cue> = (0..10)
            .map(|i| word(f64::from(i), "Ann", "a whole sentence here."))
            .collect();
        assert!(!is_word_level(&cues));
        assert!(matches!(readable(&cues), Cow::Borrowed(_)));
    }
}
