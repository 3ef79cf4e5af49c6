//! Watching the content and theme folders. Editors save in bursts (write,
//! rename, touch), so events are gathered until the tree has been quiet
//! for a moment, and editors' temporary files are ignored.

use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

/// How long the tree must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(30);
/// How long, when the last event finished a save (a file written and
/// closed, or moved into place): what else belongs to the save (a backup
/// removed, a second file) follows within a moment, and the editor is
/// waiting to see the page.
pub const SETTLED: Duration = Duration::from_millis(5);

/// Whether an event ends a save rather than being part of one.
fn finishes_save(kind: &notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    matches!(
        kind,
        notify::EventKind::Access(AccessKind::Close(AccessMode::Write))
            | notify::EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
    )
}

/// Swap files, backups and lock files of common editors.
pub fn ignored(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with('~')
        || name.starts_with(".#")
        || name == "4913"
        || name.ends_with(".tmp")
        || name == ".DS_Store"
        || (name.starts_with('#') && name.ends_with('#'))
}

pub struct Watch {
    _watcher: notify::RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
}

impl Watch {
    pub fn new(dirs: &[&Path]) -> notify::Result<Watch> {
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })?;
        for d in dirs {
            if d.exists() {
                watcher.watch(d, RecursiveMode::Recursive)?;
            }
        }
        Ok(Watch {
            _watcher: watcher,
            rx,
        })
    }

    /// Blocks until something relevant changed, then returns every path
    /// changed in the burst. `None` when the watcher stopped.
    pub fn next_batch(&self) -> Option<Vec<PathBuf>> {
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut settled = false;
        loop {
            let event = if paths.is_empty() {
                self.rx.recv().ok()?
            } else {
                match self.rx.recv_timeout(if settled { SETTLED } else { QUIET }) {
                    Ok(e) => e,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            };
            let Ok(event) = event else { continue };
            // A save ends on the file it saved: a backup moved aside
            // (`index.md` -> `index.md~`) is the start of one.
            settled = finishes_save(&event.kind) && event.paths.last().is_some_and(|p| !ignored(p));
            // Closing a file says nothing new about it: the writes before
            // the close came as changes of their own.
            if matches!(event.kind, notify::EventKind::Access(_)) {
                continue;
            }
            for p in event.paths {
                if !ignored(&p) && !paths.contains(&p) {
                    paths.push(p);
                }
            }
        }
        // A folder that still exists says nothing its files do not; a file
        // without extension that came and went within the burst is a tool's
        // temporary file (sed -i, some editors' atomic save).
        paths.retain(|p| !(p.is_dir() || (!p.exists() && p.extension().is_none())));
        Some(paths)
    }
}

#[cfg(test)]
mod tests {
    use super::{finishes_save, ignored};
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, ModifyKind, RenameMode};
    use std::path::Path;

    #[test]
    fn a_closed_write_or_a_move_into_place_ends_a_save() {
        for done in [
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
        ] {
            assert!(finishes_save(&done), "{done:?}");
        }
        for busy in [
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Name(RenameMode::From)),
            EventKind::Create(CreateKind::File),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
        ] {
            assert!(!finishes_save(&busy), "{busy:?}");
        }
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        for n in [
            "index.md.swp",
            "index.md~",
            ".#index.md",
            "4913",
            "#index.md#",
        ] {
            assert!(ignored(Path::new(n)), "{n}");
        }
        assert!(!ignored(Path::new("index.md")));
        assert!(!ignored(Path::new("style.css")));
    }
}
