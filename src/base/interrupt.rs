//! Ctrl-C and SIGTERM during `build`. The default action would kill the
//! process in the middle of moving files into the output, leaving a mix
//! of old and new pages. Instead the signal only raises a flag: rendering
//! stops at the next page, the staging folder is removed and the old output
//! stays; once the move into the output has begun it is finished first,
//! giving the new one.
//!
//! A build that does not notice the flag (stuck in a read the kernel does
//! not interrupt, or in a long stage between two checks) is ended by a
//! watchdog thread a little under a second after the signal: it removes
//! the staging folders it was told of and exits, unless the move into the
//! output has begun, which it lets finish.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::{Duration, Instant};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Where the build is: [`RUNNING`], [`MOVING`] into the output, or
/// [`ABORTING`] (the watchdog took over). Moving and aborting exclude each
/// other.
static PHASE: AtomicU8 = AtomicU8::new(RUNNING);
const RUNNING: u8 = 0;
const MOVING: u8 = 1;
const ABORTING: u8 = 2;

/// Folders the watchdog removes before it ends the process.
static CLEANUP: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// How long the build has to stop by itself after the signal.
const GRACE: Duration = Duration::from_millis(700);

extern "C" fn on_signal(_: libc::c_int) {
    // Only an atomic store: anything else is not safe in a signal handler.
    REQUESTED.store(true, Ordering::SeqCst);
}

/// Routes SIGINT, SIGTERM and SIGHUP to the flag and starts the watchdog.
/// For `build` only: `serve` keeps the default, stopping at once.
pub fn install() {
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: the handler only stores to an atomic, which is
        // async-signal-safe; `signal` has no other preconditions.
        unsafe {
            libc::signal(sig, handler);
        }
    }
    std::thread::spawn(watchdog);
}

fn watchdog() {
    while !requested() {
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut deadline = Instant::now() + GRACE;
    loop {
        std::thread::sleep(Duration::from_millis(20));
        if PHASE.load(Ordering::SeqCst) == MOVING {
            // The move is what keeps the output whole; after it, the
            // build gets its grace again to print and end.
            deadline = Instant::now() + GRACE;
            continue;
        }
        if Instant::now() >= deadline
            && PHASE
                .compare_exchange(RUNNING, ABORTING, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
        {
            break;
        }
    }
    let folders = std::mem::take(&mut *CLEANUP.lock().unwrap_or_else(|e| e.into_inner()));
    for f in folders {
        let _ = std::fs::remove_dir_all(f);
    }
    eprintln!("Onderbroken; de vorige inhoud van de uitvoermap is niet aangeraakt.");
    // SAFETY: ends the process without running destructors, which is the
    // point: the threads that did not stop may hold any lock.
    unsafe { libc::_exit(130) }
}

/// Whether the user asked the build to stop.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// Tells the watchdog to remove `folder` if it has to end the build.
pub fn on_abort_remove(folder: &Path) {
    CLEANUP
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(folder.to_path_buf());
}

/// Starts the move into the output. `false` when the watchdog is already
/// ending the build: then the output must not be touched.
pub fn begin_move() -> bool {
    PHASE
        .compare_exchange(RUNNING, MOVING, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok()
}

/// The move into the output is done (or failed and was undone).
pub fn end_move() {
    let _ = PHASE.compare_exchange(MOVING, RUNNING, Ordering::SeqCst, Ordering::SeqCst);
}

/// A test hook for a build that no longer notices the flag (a read that
/// never returns): `DRAAIBOEK_STALL` set to `stage` makes the build wait
/// there for ever, so only the watchdog can end it.
pub fn stall_for_test(stage: &str) {
    if std::env::var("DRAAIBOEK_STALL").is_ok_and(|v| v == stage) {
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
}
