//! OPML: castero's files import or fail cleanly, and import → export → import is lossless.

use crate::env::Env;

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/castero/subscriptions/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn castero_valid_files_import_and_broken_ones_import_nothing() {
    for name in ["valid_base.xml", "valid_complete.xml", "valid_no_head.xml"] {
        let env = Env::bare();
        env.succeed(&["import", &fixture(name)]);
        let list = env.json(&["list", "--json"]);
        assert!(
            list.as_array().map(Vec::len).unwrap_or(0) > 1,
            "{name}: {list}"
        );
    }
    for name in [
        "broken_no_body.xml",
        "broken_no_outline.xml",
        "broken_parse.xml",
    ] {
        let env = Env::bare();
        let before = env.json(&["list", "--json"]);
        let out = env.run(&["import", &fixture(name)]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{name}: {err}");
        assert_eq!(
            env.json(&["list", "--json"]),
            before,
            "{name}: nothing imported half-way"
        );
    }
}

#[test]
fn import_export_import_is_lossless() {
    let first = Env::bare();
    assert!(
        first
            .run(&["import", &fixture("valid_complete.xml")])
            .status
            .success()
    );
    let exported = first.dir.path().join("out.opml");
    assert!(
        first
            .run(&["export", &exported.display().to_string()])
            .status
            .success()
    );
    let second = Env::bare();
    assert!(
        second
            .run(&["import", &exported.display().to_string()])
            .status
            .success()
    );
    let a = first.json(&["list", "--json"]);
    let b = second.json(&["list", "--json"]);
    let urls = |v: &serde_json::Value| {
        let mut u: Vec<(String, String)> = v
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| !p["feed_url"].is_null())
            .map(|p| (p["feed_url"].to_string(), p["title"].to_string()))
            .collect();
        u.sort();
        u
    };
    assert_eq!(urls(&a), urls(&b));
    assert!(!urls(&a).is_empty());
}
