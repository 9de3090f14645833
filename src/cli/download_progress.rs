//! How `download` (and `refresh`, for automatic downloads) shows its progress: bars on a
//! terminal (indicatif, on stderr), plain lines otherwise (one when a download starts and one
//! when it ends, so logs stay readable) — on stdout, or on stderr when stdout carries JSON.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::model::Failure;
use crate::text::{sanitize_line, truncate};

pub enum Display {
    Bars {
        multi: MultiProgress,
        bars: HashMap<i64, ProgressBar>,
        style: ProgressStyle,
    },
    Lines {
        stderr: bool,
    },
}

impl Display {
    /// Bars when stderr is a terminal, else lines on stdout.
    pub fn new() -> Display {
        Display::with_lines_on(false)
    }

    /// Bars when stderr is a terminal, else lines on stderr (stdout carries a document).
    pub fn beside_output() -> Display {
        Display::with_lines_on(true)
    }

    fn with_lines_on(stderr: bool) -> Display {
        if !std::io::stderr().is_terminal() {
            return Display::Lines { stderr };
        }
        let style = ProgressStyle::with_template(
            "{prefix:40} {bar:24.cyan/blue} {percent:>3}% {bytes:>10}/{total_bytes:<10} {bytes_per_sec:>11} {eta:>4}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("━╸ ");
        Display::Bars {
            multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            bars: HashMap::new(),
            style,
        }
    }

    pub fn started(&mut self, id: i64, title: &str) {
        let title = sanitize_line(title);
        match self {
            Display::Bars { multi, bars, style } => {
                let bar = multi.add(ProgressBar::new(0).with_style(style.clone()));
                bar.set_prefix(truncate(&title, 40));
                bars.insert(id, bar);
            }
            Display::Lines { stderr } => line(*stderr, &format!("downloading  {title}")),
        }
    }

    pub fn progress(&mut self, id: i64, bytes: u64, total: Option<u64>) {
        if let Display::Bars { bars, .. } = self
            && let Some(bar) = bars.get(&id)
        {
            if let Some(total) = total {
                bar.set_length(total);
            }
            bar.set_position(bytes);
        }
    }

    /// A download ended: `Ok(path)` or the cause.
    pub fn finished(&mut self, id: i64, title: &str, outcome: &Result<&Path, &Failure>) {
        let title = sanitize_line(title);
        let line = match outcome {
            Ok(path) => format!("done         {title} → {}", path.display()),
            Err(cause) => format!("failed       {title}: {}", sanitize_line(&cause.message)),
        };
        match self {
            Display::Bars { multi, bars, .. } => {
                if let Some(bar) = bars.remove(&id) {
                    bar.finish_and_clear();
                    multi.remove(&bar);
                }
                let _ = multi.println(line);
            }
            Display::Lines { stderr } => self::line(*stderr, &line),
        }
    }

    /// A line that is not about one download.
    pub fn note(&mut self, line: &str) {
        match self {
            Display::Bars { multi, .. } => {
                let _ = multi.println(line);
            }
            Display::Lines { stderr } => self::line(*stderr, line),
        }
    }
}

fn line(stderr: bool, text: &str) {
    if stderr {
        eprintln!("{text}");
    } else {
        println!("{text}");
    }
}
