//! Tests of `names`.

use super::*;

fn is_one_safe_component(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0'])
        && !name.chars().any(char::is_control)
        && name.len() + PART_SUFFIX.len() <= MAX_NAME_BYTES
}

#[test]
fn ordinary_titles_read_as_themselves() {
    assert_eq!(
        episode_file("Rama with Glen", Some("2025-06-03"), "mp3"),
        "2025-06-03 Rama with Glen.mp3"
    );
    assert_eq!(podcast_dir("netstack.fm"), "netstack.fm");
    assert_eq!(
        episode_file("QUIC: the transport?", None, "m4a"),
        "QUIC- the transport-.m4a"
    );
}

#[test]
fn hostile_titles_become_one_safe_component() {
    let hostile = [
        "../../etc/x.mp3",
        "/etc/passwd",
        "..",
        ".",
        "...",
        "\u{1b}[2J\u{1b}]0;pwned\u{7}evil",
        "a\u{202e}gpj.exe",
        "tab\there\nnewline\r\0nul",
        "",
        "   ",
        "C:\\Windows\\system32",
    ];
    for title in hostile {
        for name in [episode_file(title, None, "mp3"), podcast_dir(title)] {
            assert!(is_one_safe_component(&name), "{title:?} gave {name:?}");
        }
    }
    assert_eq!(
        episode_file("../../etc/x.mp3", None, "mp3"),
        "etc-x.mp3.mp3"
    );
    assert_eq!(episode_file("..", None, "mp3"), "Episode.mp3");
    assert_eq!(podcast_dir("\u{1b}[31m"), "Podcast");
}

#[test]
fn long_cjk_titles_fit_in_255_bytes_with_the_part_suffix() {
    let title = "網絡協議".repeat(25); // 100 characters, 300 bytes
    let name = episode_file(&title, Some("2025-01-01"), "mp3");
    assert!(
        name.len() + PART_SUFFIX.len() <= MAX_NAME_BYTES,
        "{}",
        name.len()
    );
    assert!(name.starts_with("2025-01-01 網絡"));
    assert!(name.ends_with(".mp3"));
    let numbered = numbered(&name, 99);
    assert!(numbered.len() + PART_SUFFIX.len() <= MAX_NAME_BYTES);
    assert!(podcast_dir(&"é".repeat(300)).len() <= MAX_NAME_BYTES);
}

#[test]
fn emoji_sequences_are_not_cut_in_half() {
    let family = "👨‍👩‍👧‍👦"; // 25 bytes
    let name = clean(&family.repeat(3), 60);
    assert_eq!(name, family.repeat(2));
}

#[test]
fn numbering_goes_before_the_extension() {
    assert_eq!(numbered("a.mp3", 1), "a.mp3");
    assert_eq!(numbered("a.mp3", 2), "a (2).mp3");
    assert_eq!(numbered("noext", 3), "noext (3)");
}

#[test]
fn extensions_come_from_the_url_then_the_mime_type() {
    assert_eq!(extension_for("https://x/ep.MP3?token=1", None), "mp3");
    assert_eq!(extension_for("https://x/ep", Some("audio/x-m4a")), "m4a");
    assert_eq!(extension_for("https://x/ep.php/../../x", None), "mp3");
    assert_eq!(extension_for("https://x/e.p/ep", None), "mp3");
    assert_eq!(extension_for("https://x/a.b/c.ogg#t", None), "ogg");
    assert_eq!(clean_extension("../sh"), "sh");
}

proptest::proptest! {
    #[test]
    fn any_title_gives_a_safe_name(title in "\\PC{0,400}", ext in "\\PC{0,12}") {
        let name = episode_file(&title, None, &ext);
        proptest::prop_assert!(is_one_safe_component(&name), "{:?}", name);
        proptest::prop_assert!(is_one_safe_component(&podcast_dir(&title)));
    }
}
