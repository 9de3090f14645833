//! One run of a program: wall time, CPU time and peak resident memory.
//!
//! The program runs under `/usr/bin/time`, which forks it from a small process: Linux carries
//! the high-water mark of the memory a process replaced by `exec` into its own, so a program
//! started straight from this (large) process would report this process's peak as its own.
//! CPU time comes from `wait4` on `time` (its child's time is included, to the microsecond;
//! `time`'s own is under a millisecond); the peak from `time`'s `%M`. Each run starts with the
//! disk's write-back done, so one program's writes are not flushed in another's time.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// What one run cost.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cost {
    pub wall_ms: f64,
    pub cpu_ms: f64,
    pub peak_mib: f64,
}

/// Runs `command` to its end with stdout and stderr in files under `dir` (named by `label`);
/// panics with the stderr when it fails, so a figure is never taken from a broken run.
pub fn run(program: Command, dir: &Path, label: &str) -> Cost {
    let out = dir.join(format!("{label}.out"));
    let err = dir.join(format!("{label}.err"));
    let peak = dir.join(format!("{label}.peak"));
    let mut command = Command::new("/usr/bin/time");
    command
        .args(["-f", "%M", "-o"])
        .arg(&peak)
        .arg(program.get_program())
        .args(program.get_args());
    for (key, value) in program.get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    command
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("stdout file"))
        .stderr(std::fs::File::create(&err).expect("stderr file"));
    // What earlier runs wrote goes to the disk first, not while this one runs.
    // SAFETY: sync has no preconditions.
    unsafe { libc::sync() };
    let start = Instant::now();
    let child = command.spawn().expect("the program starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for the kernel to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, with valid pointers to the two out-values.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall_ms = start.elapsed().as_secs_f64() * 1000.0;
    // The child is reaped here; dropping `child` afterwards does not wait again.
    drop(child);
    assert_eq!(reaped, pid, "wait4 failed");
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    if !ok {
        panic!(
            "{label} failed ({status:#x}): {}{}",
            std::fs::read_to_string(&err).unwrap_or_default(),
            std::fs::read_to_string(&out).unwrap_or_default()
        );
    }
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    let kib: f64 = std::fs::read_to_string(&peak)
        .ok()
        .and_then(|text| text.lines().last()?.trim().parse().ok())
        .expect("time wrote the peak RSS");
    Cost {
        wall_ms,
        cpu_ms: ms(usage.ru_utime) + ms(usage.ru_stime),
        peak_mib: kib / 1024.0,
    }
}

/// The median run by wall time, with the highest peak memory of all runs.
pub fn median(mut runs: Vec<Cost>) -> Cost {
    assert!(!runs.is_empty(), "no runs");
    let peak = runs.iter().map(|r| r.peak_mib).fold(0.0, f64::max);
    runs.sort_by(|a, b| a.wall_ms.total_cmp(&b.wall_ms));
    let mut cpu: Vec<f64> = runs.iter().map(|r| r.cpu_ms).collect();
    cpu.sort_by(f64::total_cmp);
    Cost {
        wall_ms: runs[runs.len() / 2].wall_ms,
        cpu_ms: cpu[cpu.len() / 2],
        peak_mib: peak,
    }
}
