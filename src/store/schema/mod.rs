//! The library's tables and their versioned migrations.
//!
//! The schema version lives in SQLite's `PRAGMA user_version`. `steps.rs` lists every migration
//! in order; a new library is made at the latest version by the one script of `whole.rs`. Each
//! migration runs in its own write transaction together with the version bump, so a crash
//! leaves the library at a whole version.

mod steps;
#[cfg(test)]
mod tests;
mod whole;

use rusqlite::{Connection, TransactionBehavior};

use super::error::{Doing, StoreError};

use steps::MIGRATIONS;

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// The schema version recorded in the library file.
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Brings the library to [`LATEST`], one migration per transaction (a new library in one).
/// `label` names the library in errors.
pub fn migrate(conn: &mut Connection, label: &str) -> Result<(), StoreError> {
    migrate_with(conn, label, MIGRATIONS, Some(whole::NEW_LIBRARY))
}

/// Brings the library to the version after `steps`. A new library is made by `new`, the whole
/// schema at that version, or else by every step in turn.
fn migrate_with(
    conn: &mut Connection,
    label: &str,
    steps: &[&str],
    new: Option<&str>,
) -> Result<(), StoreError> {
    let known = steps.len() as i64;
    let found = version(conn).doing(|| format!("reading the schema version of {label}"))?;
    if found > known {
        return Err(StoreError::TooNew {
            path: label.to_owned(),
            found,
            known,
        });
    }
    if found <= 0 {
        return create(conn, label, steps, new);
    }
    for (index, sql) in steps.iter().enumerate().skip(found as usize) {
        let target = index as i64 + 1;
        let doing = || format!("upgrading the library {label} to schema {target}");
        // IMMEDIATE: a second process opening the same library waits here, then sees the new
        // version and skips the step.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .doing(doing)?;
        if version(&tx).doing(doing)? >= target {
            continue;
        }
        tx.execute_batch(sql).doing(doing)?;
        // Other connections read the schema again when its cookie moves, which a step that
        // edits it in place (version 8) does not do by itself.
        let cookie: i64 = tx
            .pragma_query_value(None, "schema_version", |row| row.get(0))
            .doing(doing)?;
        tx.pragma_update(None, "schema_version", cookie + 1)
            .doing(doing)?;
        tx.pragma_update(None, "user_version", target)
            .doing(doing)?;
        tx.commit().doing(doing)?;
    }
    Ok(())
}

/// A new library, in one transaction (one commit instead of one per step; a new library was made
/// in 10 ms instead of 25 with the disk busy), all or nothing: by the `new` script when there is
/// one (the whole schema takes half the instructions of every step in turn), or else by
/// every step. A second process creating the same library waits for the first and finds it
/// made.
fn create(
    conn: &mut Connection,
    label: &str,
    steps: &[&str],
    new: Option<&str>,
) -> Result<(), StoreError> {
    let target = steps.len() as i64;
    let doing = || format!("creating the library {label} at schema {target}");
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .doing(doing)?;
    if version(&tx).doing(doing)? > 0 {
        drop(tx);
        return migrate_with(conn, label, steps, new);
    }
    match new {
        Some(sql) => tx.execute_batch(sql).doing(doing)?,
        None => {
            for sql in steps {
                tx.execute_batch(sql).doing(doing)?;
            }
        }
    }
    tx.pragma_update(None, "user_version", target)
        .doing(doing)?;
    tx.commit().doing(doing)
}
