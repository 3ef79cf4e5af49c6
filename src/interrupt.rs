//! Ctrl-C during `build`. The default action would kill the process in
//! the middle of moving files into the output, leaving a mix of old and new
//! pages. Instead the signal only raises a flag: rendering stops at the next
//! page, the staging folder is removed and the old output stays; once the
//! move into the output has begun it is finished first, giving the new one.

use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    // Only an atomic store: anything else is not safe in a signal handler.
    REQUESTED.store(true, Ordering::SeqCst);
}

/// Routes SIGINT, SIGTERM and SIGHUP to the flag. For `build` only: `serve`
/// keeps the default, stopping at once.
pub fn install() {
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: the handler only stores to an atomic, which is
        // async-signal-safe; `signal` has no other preconditions.
        unsafe {
            libc::signal(sig, handler);
        }
    }
}

/// Whether the user asked the build to stop.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}
