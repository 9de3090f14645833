//! Transcripts kept in the library: the one fetched for an episode (its source, format, cues as
//! published and validators for a conditional refresh), and its readable lines in the search
//! index, so a transcript works offline and is found by search.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::error::{Doing, StoreError};
use super::{Store, Validators, episodes, search_index};
use crate::feed::transcript::{TranscriptFormat, readable};
use crate::model::{Cue, Transcript};

/// A transcript as the library keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredTranscript {
    /// The `podcast:transcript` it was fetched from.
    pub source: Transcript,
    /// The format it was read as.
    pub format: TranscriptFormat,
    /// The cues as published (see `feed::transcript::readable` for display).
    pub cues: Vec<Cue>,
    /// What the server said about this copy, sent back on the next fetch.
    pub validators: Validators,
    /// When it was last fetched or confirmed unchanged (unix seconds).
    pub checked_at: i64,
}

impl Store {
    /// The transcript kept for an episode, if any.
    pub fn transcript(&self, episode_id: i64) -> Result<Option<StoredTranscript>, StoreError> {
        let doing = || format!("reading the transcript of episode {episode_id}");
        let row = self
            .conn
            .prepare_cached(
                "SELECT url, type, language, format, etag, last_modified, fetched_at, cues
                 FROM transcripts WHERE episode_id = ?1",
            )
            .doing(doing)?
            .query_row([episode_id], |r| {
                Ok((
                    Transcript {
                        url: r.get(0)?,
                        kind: r.get(1)?,
                        language: r.get(2)?,
                    },
                    r.get::<_, String>(3)?,
                    Validators {
                        etag: r.get(4)?,
                        last_modified: r.get(5)?,
                    },
                    r.get::<_, i64>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })
            .optional()
            .doing(doing)?;
        let Some((source, format, validators, checked_at, cues)) = row else {
            return Ok(None);
        };
        let format = TranscriptFormat::from_name(&format).ok_or_else(|| StoreError::Sqlite {
            doing: doing(),
            cause: conversion(3, format!("unknown transcript format {format:?}").into()),
        })?;
        let cues: Vec<Cue> = serde_json::from_str(&cues).map_err(|e| StoreError::Sqlite {
            doing: doing(),
            cause: conversion(7, Box::new(e)),
        })?;
        Ok(Some(StoredTranscript {
            source,
            format,
            cues,
            validators,
            checked_at,
        }))
    }

    /// Keeps `transcript` as the episode's (replacing any other) and indexes its readable lines
    /// for search, in one transaction.
    pub fn save_transcript(
        &mut self,
        episode_id: i64,
        transcript: &StoredTranscript,
    ) -> Result<(), StoreError> {
        let doing = || format!("saving the transcript of episode {episode_id}");
        let cues = serde_json::to_string(&transcript.cues).map_err(|e| StoreError::Sqlite {
            doing: doing(),
            cause: rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
        })?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .doing(doing)?;
        episodes::require_episode(&tx, episode_id, doing)?;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO transcripts
                 (episode_id, url, type, language, format, etag, last_modified, fetched_at, cues)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .and_then(|mut s| {
            s.execute(params![
                episode_id,
                transcript.source.url,
                transcript.source.kind,
                transcript.source.language,
                transcript.format.name(),
                transcript.validators.etag,
                transcript.validators.last_modified,
                transcript.checked_at,
                cues
            ])
        })
        .doing(doing)?;
        index_lines(&tx, episode_id, &transcript.cues).doing(doing)?;
        tx.commit().doing(doing)
    }

    /// Records that the kept transcript was confirmed current (a 304) at `now`.
    pub fn transcript_unchanged(&mut self, episode_id: i64, now: i64) -> Result<(), StoreError> {
        let doing = || format!("updating the transcript of episode {episode_id}");
        self.conn
            .prepare_cached("UPDATE transcripts SET fetched_at = ?2 WHERE episode_id = ?1")
            .and_then(|mut s| s.execute(params![episode_id, now]))
            .doing(doing)?;
        Ok(())
    }
}

/// Replaces the episode's transcript lines in the search index by the readable lines of `cues`.
fn index_lines(conn: &Connection, episode_id: i64, cues: &[Cue]) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM search_docs WHERE episode_id = ?1 AND kind = 'cue'")?
        .execute([episode_id])?;
    for line in readable(cues).iter() {
        search_index::insert_doc(
            conn,
            episode_id,
            search_index::Kind::Cue,
            line.start_s,
            line.speaker.as_deref(),
            &line.text,
        )?;
    }
    Ok(())
}

fn conversion(column: usize, why: Box<dyn std::error::Error + Send + Sync>) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, why)
}

#[cfg(test)]
#[path = "transcripts_tests.rs"]
mod tests;
