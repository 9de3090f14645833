//! The player's PODCAST argument: one that names nothing here is a usage error, exit status 2
//! and one line, as the scripting commands give, before the terminal is touched.

use crate::env::Env;

#[test]
fn a_podcast_that_names_nothing_exits_2_with_one_line() {
    let env = Env::new();
    for args in [&["No Such Cast"][..], &["chapters", "No Such Cast", "1"]] {
        let out = env.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains("no podcast matches \"No Such Cast\""),
            "{args:?}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?}: nothing drawn");
    }
}
