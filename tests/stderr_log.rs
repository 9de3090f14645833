//! Redirecting file descriptor 2 to the log: what C code writes there lands in the file, and
//! the original stderr comes back when the guard is dropped. Alone in its test binary, as fd 2
//! is the whole process's.

use std::mem::MaybeUninit;

use netstack_tui::stderr_log::redirect_stderr_to;

/// fd 2 is the whole process's: the tests here take turns.
static FD_2: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Device and inode of what fd 2 points at.
fn stderr_identity() -> (u64, u64) {
    let mut stat = MaybeUninit::<libc::stat>::uninit();
    // SAFETY: fstat writes a whole `stat` into the buffer when it returns 0.
    let stat = unsafe {
        assert_eq!(libc::fstat(libc::STDERR_FILENO, stat.as_mut_ptr()), 0);
        stat.assume_init()
    };
    (stat.st_dev as u64, stat.st_ino as u64)
}

/// Writes straight to fd 2, as a C library does.
fn write_fd2(text: &str) {
    // SAFETY: the buffer is valid for its length.
    let n = unsafe { libc::write(libc::STDERR_FILENO, text.as_ptr().cast(), text.len()) };
    assert_eq!(n, text.len() as isize);
}

#[test]
fn fd_2_writes_land_in_the_log_and_the_original_comes_back() {
    let _turn = FD_2.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("state/netstack-tui/netstack-tui.log");
    let original = stderr_identity();

    let guard = redirect_stderr_to(&log).unwrap();
    assert_ne!(stderr_identity(), original);
    write_fd2("ALSA lib pcm.c:2721:(snd_pcm_open_noupdate) Unknown PCM default\n");
    // `eprintln!` is captured by the test harness; the handle writes to fd 2 as in the player.
    std::io::Write::write_all(&mut std::io::stderr(), b"and from Rust\n").unwrap();
    drop(guard);

    assert_eq!(stderr_identity(), original, "fd 2 restored");
    let logged = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        logged,
        "ALSA lib pcm.c:2721:(snd_pcm_open_noupdate) Unknown PCM default\nand from Rust\n"
    );
    write_fd2("(stderr is back)\n");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), logged);
}

#[test]
fn a_message_for_the_user_reaches_the_terminal_while_fd_2_is_the_log() {
    use std::os::fd::AsRawFd;
    let _turn = FD_2.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("netstack-tui.log");
    let terminal_file = dir.path().join("terminal");
    let terminal = std::fs::File::create(&terminal_file).unwrap();
    // fd 2 stands for the terminal: a file we can read back.
    // SAFETY: both descriptors are open; the real fd 2 is saved and put back below.
    let real = unsafe { libc::dup(libc::STDERR_FILENO) };
    assert!(real >= 0);
    assert!(unsafe { libc::dup2(terminal.as_raw_fd(), libc::STDERR_FILENO) } >= 0);

    let guard = redirect_stderr_to(&log).unwrap();
    write_fd2("noise from a C library\n");
    netstack_tui::stderr_log::to_terminal("netstack-tui: internal error: boom");
    drop(guard);
    // SAFETY: `real` is the saved original fd 2.
    assert!(unsafe { libc::dup2(real, libc::STDERR_FILENO) } >= 0);
    unsafe { libc::close(real) };

    assert_eq!(
        std::fs::read_to_string(&terminal_file).unwrap(),
        "netstack-tui: internal error: boom\n"
    );
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "noise from a C library\n"
    );
}
