//! The files in `assets/` stay true to the program: the man page is what the clap definitions
//! and the command table make now (`NETSTACK_TUI_BLESS=1 cargo test --test assets` writes it
//! again), a completion script comes out for every shell, and the desktop entry starts the
//! player in a terminal.

use std::path::Path;
use std::process::Command;

const BINARY: &str = env!("CARGO_BIN_EXE_netstack-tui");

fn assets() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets"))
}

#[test]
fn the_man_page_matches_the_command_line() {
    let page = netstack_tui::cli::manual::man_page().expect("the page renders");
    let path = assets().join("netstack-tui.1");
    if std::env::var_os("NETSTACK_TUI_BLESS").is_some() {
        std::fs::write(&path, &page).expect("written");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == page,
        "assets/netstack-tui.1 is out of date: run NETSTACK_TUI_BLESS=1 cargo test --test assets"
    );
    for command in netstack_tui::core::command::COMMANDS {
        let name = command.name.replace('-', "\\-");
        assert!(page.contains(&format!("\\fB{name}")), "{name}");
    }
    let sections: Vec<&str> = page.lines().filter(|l| l.starts_with(".SH")).collect();
    for section in [
        "SYNOPSIS",
        "COMMANDS",
        "PLAYER COMMANDS",
        "FILES",
        "EXIT STATUS",
    ] {
        assert!(
            sections.iter().any(|l| l.contains(section)),
            "{section}: {sections:?}"
        );
    }
}

#[test]
fn the_man_page_reads_as_a_man_page() {
    let Ok(out) = Command::new("groff")
        // -k: the page is UTF-8 (×, –), which man-db passes through preconv as this does.
        .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
        .arg(assets().join("netstack-tui.1"))
        .output()
    else {
        eprintln!("groff is not installed: the page's roff is not checked");
        return;
    };
    assert!(out.status.success());
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(warnings.trim().is_empty(), "{warnings}");
}

#[test]
fn a_completion_script_comes_out_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = Command::new(BINARY)
            .args(["completions", shell])
            .output()
            .expect("the binary runs");
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        for word in ["ctl", "next-chapter", "completions", "json"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
        if shell == "bash" {
            let checked = Command::new("bash")
                .args(["-n", "-c"])
                .arg(script.as_ref())
                .status()
                .expect("bash runs");
            assert!(checked.success(), "the bash script parses");
        }
    }
    let out = Command::new(BINARY)
        .args(["completions", "tcsh"])
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_desktop_entry_starts_the_player_in_a_terminal() {
    let entry = std::fs::read_to_string(assets().join("netstack-tui.desktop")).expect("entry");
    let lines: Vec<&str> = entry.lines().collect();
    assert_eq!(lines.first(), Some(&"[Desktop Entry]"));
    for line in [
        "Type=Application",
        "Terminal=true",
        "Exec=netstack-tui %u",
        "Name=netstack-tui",
    ] {
        assert!(lines.contains(&line), "missing {line}");
    }
    if let Ok(out) = Command::new("desktop-file-validate")
        .arg(assets().join("netstack-tui.desktop"))
        .output()
    {
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && said.trim().is_empty(), "{said}");
    }
}

#[test]
fn the_readme_names_every_command() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let section = readme
        .split("### Commands")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a Commands section");
    for command in netstack_tui::core::command::COMMANDS {
        assert!(
            section.contains(&format!("`{}", command.name)),
            "the README's Commands table lacks {}",
            command.name
        );
    }
    assert!(
        readme.contains("](assets/screenshot.svg)"),
        "the screenshot is shown"
    );
}
