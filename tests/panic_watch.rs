//! A panic in a background task reaches the interactive player's watcher (which stops the
//! player), after the hook has put the terminal back.

use std::time::Duration;

use netstack_tui::terminal;

#[test]
fn a_panicking_task_is_reported_to_the_watcher() {
    terminal::install_panic_hook();
    let (tx, rx) = std::sync::mpsc::channel();
    let _watch = terminal::watch_panics(move |message| {
        let _ = tx.send(message);
    });
    assert!(!terminal::panicked());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .build()
        .expect("runtime");
    // The handle is dropped, as the player drops its tasks' handles: nobody joins it.
    drop(runtime.spawn(async {
        panic!("the feed parser tripped");
    }));
    let message = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("the watcher hears of the panic");
    assert!(message.contains("the feed parser tripped"), "{message}");
    assert!(message.contains("panic_watch.rs"), "where: {message}");
    assert!(terminal::panicked());
}
