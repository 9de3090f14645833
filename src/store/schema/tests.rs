use super::*;

fn tables(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap();
    stmt.query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn migrates_a_new_library_to_the_latest_version() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate(&mut conn, "test").unwrap();
    assert_eq!(version(&conn).unwrap(), LATEST);
    assert_eq!(
        tables(&conn),
        [
            "cache_files",
            "cache_ranges",
            "chapters",
            "episodes",
            "inbox",
            "podcasts",
            "search_chapters",
            "search_chapters_config",
            "search_chapters_data",
            "search_chapters_docsize",
            "search_chapters_idx",
            "search_docs",
            "search_lines",
            "search_lines_config",
            "search_lines_data",
            "search_lines_docsize",
            "search_lines_idx",
            "search_notes",
            "search_notes_config",
            "search_notes_data",
            "search_notes_docsize",
            "search_notes_idx",
            "search_pending",
            "search_titles",
            "search_titles_config",
            "search_titles_data",
            "search_titles_docsize",
            "search_titles_idx",
            "settings",
            "transcripts",
            "up_next"
        ]
    );
    // Running again is a no-op.
    migrate(&mut conn, "test").unwrap();
    assert_eq!(version(&conn).unwrap(), LATEST);
}

#[test]
fn a_second_migration_runs_only_on_older_libraries() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate(&mut conn, "test").unwrap();
    let steps = [
        MIGRATIONS,
        &["ALTER TABLE podcasts ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;"],
    ]
    .concat();
    migrate_with(&mut conn, "test", &steps, None).unwrap();
    assert_eq!(version(&conn).unwrap(), LATEST + 1);
    conn.execute("UPDATE podcasts SET muted = 1", []).unwrap();
    // Already there: nothing runs again (re-adding the column would fail).
    migrate_with(&mut conn, "test", &steps, None).unwrap();
}

#[test]
fn a_version_1_library_gets_transcripts_and_a_search_index() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_with(&mut conn, "test", &MIGRATIONS[..1], None).unwrap();
    conn.execute_batch(
        "INSERT INTO podcasts (id, feed_url, position) VALUES (1, 'https://x.org/f', 0);
         INSERT INTO episodes (id, podcast_id, guid, title, feed_order, description,
                               notes_html)
         VALUES (7, 1, 'g', 'Old title', 0, 'notes', '');",
    )
    .unwrap();
    migrate(&mut conn, "test").unwrap();
    assert_eq!(version(&conn).unwrap(), LATEST);
    let pending: i64 = conn
        .query_row("SELECT episode_id FROM search_pending", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        pending, 7,
        "every episode of an older library waits to be indexed"
    );
    let language: Option<String> = conn
        .query_row("SELECT language FROM podcasts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(language, None);
}

#[test]
fn a_version_2_library_keeps_its_episodes_out_of_the_inbox() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_with(&mut conn, "test", &MIGRATIONS[..2], None).unwrap();
    conn.execute_batch(
        "INSERT INTO podcasts (id, feed_url, position, last_checked) VALUES (1, 'https://x.org/f', 0, 5);
         INSERT INTO podcasts (id, feed_url, position) VALUES (2, 'https://y.org/f', 1);
         INSERT INTO episodes (id, podcast_id, guid, title, feed_order, description,
                               notes_html, played, last_played_at)
         VALUES (7, 1, 'g', 'Old', 0, '', '', 1, 42);",
    )
    .unwrap();
    migrate(&mut conn, "test").unwrap();
    let from: Vec<Option<i64>> = conn
        .prepare("SELECT inbox_from FROM podcasts ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        from,
        [Some(5), None],
        "saved before: its episodes are not new"
    );
    let played_at: Option<i64> = conn
        .query_row("SELECT played_at FROM episodes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(played_at, Some(42));
}

#[test]
fn refuses_a_library_from_a_newer_version() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "user_version", LATEST + 1)
        .unwrap();
    let err = migrate(&mut conn, "lib.db").unwrap_err();
    assert!(matches!(err, StoreError::TooNew { found, .. } if found == LATEST + 1));
    assert!(err.to_string().contains("newer version"), "{err}");
}

#[test]
fn a_failed_migration_leaves_the_previous_version() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_with(&mut conn, "test", &MIGRATIONS[..1], None).unwrap();
    let steps = [MIGRATIONS[0], "CREATE TABLE extra (x); THIS IS NOT SQL;"];
    let err = migrate_with(&mut conn, "test", &steps, None).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("upgrading the library test to schema 2"),
        "{err}"
    );
    assert_eq!(version(&conn).unwrap(), 1);
    assert!(!tables(&conn).contains(&"extra".to_owned()));
}

#[test]
fn a_new_library_is_made_whole_or_not_at_all() {
    let mut conn = Connection::open_in_memory().unwrap();
    let steps = [MIGRATIONS[0], "CREATE TABLE extra (x); THIS IS NOT SQL;"];
    let err = migrate_with(&mut conn, "test", &steps, None).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("creating the library test at schema 2"),
        "{err}"
    );
    assert_eq!(version(&conn).unwrap(), 0);
    assert!(tables(&conn).is_empty());
    migrate_with(&mut conn, "test", &steps[..1], None).unwrap();
    assert_eq!(version(&conn).unwrap(), 1);
}

/// Every table, index and trigger with its SQL, whitespace made uniform, by name.
fn schema(conn: &Connection) -> Vec<(String, String, String)> {
    let mut stmt = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
        .unwrap();
    stmt.query_map([], |row| {
        let sql: String = row.get(2)?;
        let words = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok((row.get(0)?, row.get(1)?, words.replace("( ", "(")))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// The columns of `table` as SQLite reads them: name, type, NOT NULL, default, key.
fn columns(conn: &Connection, table: &str) -> Vec<(String, String, bool, Option<String>, i64)> {
    let mut stmt = conn
        .prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo(?1)")
        .unwrap();
    stmt.query_map([table], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn a_new_library_has_the_schema_an_upgraded_one_reaches() {
    let mut new = Connection::open_in_memory().unwrap();
    migrate(&mut new, "new").unwrap();
    let mut upgraded = Connection::open_in_memory().unwrap();
    migrate_with(&mut upgraded, "old", &MIGRATIONS[..1], None).unwrap();
    migrate(&mut upgraded, "old").unwrap();
    assert_eq!(version(&new).unwrap(), version(&upgraded).unwrap());
    let (made, reached) = (schema(&new), schema(&upgraded));
    for (a, b) in made.iter().zip(&reached) {
        assert_eq!(a, b);
    }
    assert_eq!(made.len(), reached.len());
    for table in tables(&new) {
        assert_eq!(columns(&new, &table), columns(&upgraded, &table), "{table}");
    }
}

/// Whether SQLite builds a temporary table to run `sql` (after a read, which reads the schema
/// again when another connection changed it).
fn uses_a_temporary_table(conn: &Connection, sql: &str) -> bool {
    conn.query_row("SELECT count(*) FROM episodes", [], |r| r.get::<_, i64>(0))
        .unwrap();
    let mut stmt = conn.prepare(&format!("EXPLAIN {sql}")).unwrap();
    let ops: Vec<String> = stmt
        .query_map([], |r| r.get(1))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    ops.iter().any(|op| op == "OpenEphemeral")
}

const INSERT_EPISODE: &str = "INSERT INTO episodes (podcast_id, guid, title, feed_order, \
     description, notes_html, download_state) VALUES (1, 'g2', 'T', 0, '', '', 'done')";

#[test]
fn version_8_checks_the_same_values_without_a_temporary_table_in_every_connection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite3");
    let mut old = Connection::open(&path).unwrap();
    migrate_with(&mut old, "test", &MIGRATIONS[..7], None).unwrap();
    old.execute_batch(
        "INSERT INTO podcasts (id, feed_url, position) VALUES (1, 'https://x.org/f', 0);
         INSERT INTO episodes (id, podcast_id, guid, title, feed_order, description, notes_html,
                               download_state)
         VALUES (7, 1, 'g', 'T', 0, '', '', 'queued');
         INSERT INTO transcripts (episode_id, url, format, fetched_at, cues)
         VALUES (7, 'https://x.org/t.vtt', 'vtt', 0, '[]');
         INSERT INTO search_docs (episode_id, kind, length) VALUES (7, 'cue', 1);",
    )
    .unwrap();
    // Another process with the library open, its schema read before the upgrade.
    let other = Connection::open(&path).unwrap();
    assert!(uses_a_temporary_table(&other, INSERT_EPISODE));

    migrate(&mut old, "test").unwrap();
    assert_eq!(version(&old).unwrap(), LATEST);
    for conn in [&old, &other] {
        assert!(!uses_a_temporary_table(conn, INSERT_EPISODE));
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }
    other.execute(INSERT_EPISODE, []).unwrap();
    for wrong in [
        "UPDATE episodes SET download_state = 'paused' WHERE id = 7",
        "UPDATE transcripts SET format = 'txt'",
        "UPDATE search_docs SET kind = 'word'",
    ] {
        let err = old.execute(wrong, []).unwrap_err();
        assert!(
            err.to_string().contains("CHECK constraint failed"),
            "{wrong}: {err}"
        );
    }
    for right in [
        "UPDATE episodes SET download_state = 'failed' WHERE id = 7",
        "UPDATE transcripts SET format = 'html'",
        "UPDATE search_docs SET kind = 'title'",
    ] {
        old.execute(right, []).unwrap();
    }
}
