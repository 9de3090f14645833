//! Seeks in a 30-minute VBR episode, the case that exposes table-estimate errors: ten minutes
//! of loud noise (many bytes per second) then twenty of one-second tone steps (few). Ignored
//! by default: making the file takes lame half a minute. Run with `--ignored`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use super::decode::Origin;
use super::test_support::{Heard, Listener, RATE, fixture, frames, loudest};

const NOISE_S: f64 = 600.0;
const TOTAL_S: f64 = 1800.0;

/// Tone of second `k` after the noise.
fn second_hz(k: usize) -> f64 {
    300.0 + 10.0 * k as f64
}

fn long_vbr() -> PathBuf {
    fixture("long30.vbr.mp3", |path| {
        let mut lame = Command::new("lame")
            .args([
                "--quiet",
                "-r",
                "-s",
                "44.1",
                "--bitwidth",
                "16",
                "--signed",
            ])
            .args(["--little-endian", "-m", "m", "-V", "2", "-"])
            .arg(path)
            .stdin(Stdio::piped())
            .spawn()
            .expect("lame");
        let mut stdin = lame.stdin.take().expect("stdin");
        let mut noise = 0x2545_F491_4F6C_DD1Du64;
        let mut phase = 0.0f64;
        let mut block = Vec::with_capacity(2 * RATE as usize);
        for i in 0..(TOTAL_S * f64::from(RATE)) as usize {
            let t = i as f64 / f64::from(RATE);
            let v = if t < NOISE_S {
                noise ^= noise << 13;
                noise ^= noise >> 7;
                noise ^= noise << 17;
                (noise >> 11) as f64 / (1u64 << 53) as f64 * 1.8 - 0.9
            } else {
                phase +=
                    std::f64::consts::TAU * second_hz((t - NOISE_S) as usize) / f64::from(RATE);
                0.5 * phase.sin()
            };
            block.extend_from_slice(&((v * 32767.0) as i16).to_le_bytes());
            if block.len() >= 2 * RATE as usize {
                stdin.write_all(&block).expect("feed lame");
                block.clear();
            }
        }
        stdin.write_all(&block).expect("feed lame");
        drop(stdin);
        assert!(lame.wait().expect("lame").success());
    })
}

/// The true time of the audio in `heard` (from the tone second near `guess`), minus the
/// reported position: how far the report is off.
fn report_error(heard: &Heard, guess: f64) -> f64 {
    let win = frames(0.1);
    let start = heard.left.len() - win;
    let around = ((guess - NOISE_S) as usize).saturating_sub(30);
    let k = around + loudest(&heard.left[start..], (around..around + 60).map(second_hz));
    let reported = heard.position[start + win / 2];
    // The window sits somewhere in second k: the true time is k + 0.5 ± 0.5 s.
    reported - (NOISE_S + k as f64 + 0.5)
}

#[test]
#[ignore = "makes a 30-minute MP3 (about 30 s of lame)"]
fn thirty_minute_vbr_seeks() {
    let path = long_vbr();
    for (origin, name) in [(Origin::Remote(None), "remote"), (Origin::Local, "local")] {
        let mut listener = Listener::open(&path, 0.0, origin);
        for minutes in [12.0, 20.0, 25.0, 29.0] {
            let t = minutes * 60.0 + 0.5;
            let started = Instant::now();
            let heard = listener.seek_and_pull(t, frames(0.5));
            let took = started.elapsed();
            let (landed, exact) = (heard.position[0], heard.exact[0]);
            let off = report_error(&heard, landed);
            eprintln!(
                "{name}: seek {t} → reported {landed:.3} (exact {exact}), report off by \
                 {off:+.2} s (±0.5), first sound after {took:?}"
            );
            assert_eq!(exact, name == "local");
            // The Xing table stores byte positions in 1/256ths of the file: here 54 KB, which
            // the tone part (about 5.9 KB/s) takes 9.3 s to play, so a table estimate can be
            // up to half that off however it is interpolated, more where the bitrate changes
            // within a step. Reading the entries as LAME writes them (see `mp3::toc`) took the
            // reports at these four times from +7.5, +5.5, +3.5, +3.5 s to +4.5, +4.5, +2.5,
            // +0.5 s (each ±0.5). Only cached bytes make it exact.
            assert!(
                off.abs() < 7.5 + 0.5,
                "{name} {t}: report {off:+.2} s off the audio"
            );
            if exact {
                assert!((landed - t).abs() <= 1.0 / f64::from(RATE));
                assert!(off.abs() <= 0.5 + 0.06);
            }
        }
    }
}
