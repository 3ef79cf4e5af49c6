//! What the server shows, replaced as a whole after each rebuild, and the
//! waiting room of long polls.

use super::*;

/// What the server shows, replaced as a whole after each rebuild.
#[derive(Default)]
pub struct State {
    /// Every built file, by its path in the site.
    pub files: Arc<Files>,
    /// While a full rebuild catches up with a quick one
    /// ([`Shared::publish_quick`]): the only files that are current. A
    /// request for any other waits until [`Shared::settle`].
    pub ready: Option<HashSet<String>>,
    /// Raised after every rebuild, good or bad.
    pub generation: u64,
    /// `reload`, `css` or `error`: what the last rebuild means for a page.
    pub kind: &'static str,
    /// The diagnostics of a failed rebuild, as the terminal shows them.
    pub error: Option<String>,
    /// The pages were built all the same: only links are wrong (a link to
    /// a draft, say), so the preview shows the new site under the errors.
    pub error_built: bool,
}

/// A long poll waiting for a rebuild after `since`.
pub(super) struct Waiter {
    pub(super) req: Request,
    pub(super) since: u64,
    pub(super) until: Instant,
}

/// What the server threads and the rebuild loop share.
pub struct Shared {
    /// What the server shows now.
    pub state: Mutex<State>,
    /// The folders files may be copied from (content and themes).
    pub(super) roots: Vec<PathBuf>,
    /// The CMS at `/admin/`, when the theme has its bundle.
    pub(super) cms: Option<super::Cms>,
    /// Parked long polls. They hold no thread: tiny_http's `Request` can
    /// be answered from any thread, so the poll thread answers them.
    pub(super) waiters: Mutex<Vec<Waiter>>,
    /// Wakes the poll thread after a rebuild.
    pub(super) wake: Condvar,
    /// Wakes requests held back while the site settles.
    pub(super) settled: Condvar,
}

impl Shared {
    /// `roots`: the only folders whose files may be read for a response;
    /// `cms`: where the CMS at `/admin/` finds its files, if it is offered.
    pub fn new(roots: Vec<PathBuf>, cms: Option<super::Cms>) -> Arc<Shared> {
        Arc::new(Shared {
            state: Mutex::new(State {
                kind: "reload",
                ..State::default()
            }),
            roots,
            cms,
            waiters: Mutex::new(Vec::new()),
            wake: Condvar::new(),
            settled: Condvar::new(),
        })
    }

    /// Publishes a rebuild: its files (`None` keeps the ones shown, after a
    /// failed build), what it means for an open page (`reload`, `css` or
    /// `error`) and the diagnostics of a failed build. Wakes the waiting
    /// polls.
    pub fn publish(&self, files: Option<&Files>, kind: &'static str, error: Option<String>) {
        {
            let mut s = lock(&self.state);
            if let Some(f) = files {
                s.files = Arc::new(f.clone());
            }
            s.ready = None;
            s.generation += 1;
            s.kind = kind;
            s.error_built = files.is_some() && error.is_some();
            s.error = error;
        }
        self.settled.notify_all();
        // The waiting polls are answered by the poll thread, not here: this
        // is the rebuild thread, and a slow client must not hold it up.
        let _waiters = lock(&self.waiters);
        self.wake.notify_all();
    }

    /// Announces a quick rebuild: browsers reload now, and get the `ready`
    /// pages at once; any other page waits for [`Shared::settle`].
    pub fn publish_quick(&self, files: &Files, ready: HashSet<String>) {
        {
            let mut s = lock(&self.state);
            s.files = Arc::new(files.clone());
            s.ready = Some(ready);
            s.generation += 1;
            s.kind = "reload";
            s.error = None;
            s.error_built = false;
        }
        let _waiters = lock(&self.waiters);
        self.wake.notify_all();
    }

    /// The full rebuild after a quick one is done: every page is current
    /// again. No new reload: the pages already shown are unchanged.
    pub fn settle(&self, files: &Files) {
        {
            let mut s = lock(&self.state);
            s.files = Arc::new(files.clone());
            s.ready = None;
        }
        self.settled.notify_all();
    }
}

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing panics while holding these locks; should it, the data is
    // still whole (fields are replaced at once), so serving on is right.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
