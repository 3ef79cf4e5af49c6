//! Watching the content and theme folders. Editors save in bursts (write,
//! rename, touch), so events are gathered until the tree has been quiet
//! for a moment, and editors' temporary files are ignored.
//!
//! What `mv`, `cp -r`, `rm -rf` and `git checkout` do to whole folders is
//! followed as well. notify watches a folder tree by watching each folder:
//! it adds the watches of a folder created or moved into the tree, and
//! drops those of one removed or moved out of it, but a watched root
//! (`content/`, `themes/`) that is removed or moved away is gone for good,
//! and the folder that takes its place later is watched by nobody. So the
//! folder holding each root is watched as well, without its subfolders:
//! whenever a root is created, removed or moved, it is watched anew (see
//! [`Watch::rewatch`]). And a folder's own event counts: moved in, out or
//! renamed, its files send no events of their own.

use crate::base::files::absolute;
use notify::{EventKind, RecursiveMode, Watcher};
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
fn finishes_save(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
    )
}

/// Whether an event puts a path in place or takes it away (created,
/// removed, renamed or moved), rather than changing what is there.
fn moves(kind: &EventKind) -> bool {
    use notify::event::ModifyKind;
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
    )
}

/// Whether an event brings a path that was not there before.
fn arrives(kind: &EventKind) -> bool {
    use notify::event::{ModifyKind, RenameMode};
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(RenameMode::To))
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

/// A path seen in a burst of events.
#[derive(Debug)]
struct Seen {
    path: PathBuf,
    /// Its first event in the burst brought it (created, moved in).
    arrived: bool,
    /// Some event created, removed or moved it.
    moved: bool,
}

impl Seen {
    /// Whether the path tells the rebuild anything. Not when it came and
    /// went within the burst: a tool's temporary file (`sed -i`, an
    /// editor's atomic save). Nor a folder still there that was not moved:
    /// its files tell what changed in it.
    fn matters(&self) -> bool {
        if !self.path.exists() {
            return !self.arrived;
        }
        self.moved || !self.path.is_dir()
    }
}

/// Watches the content and theme folders for changes, in bursts.
pub struct Watch {
    watcher: notify::RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    /// The watched folders, absolute: only paths inside them are changes.
    roots: Vec<PathBuf>,
}

impl Watch {
    /// Starts watching `dirs` and everything in them.
    pub fn new(dirs: &[&Path]) -> notify::Result<Watch> {
        let (tx, rx) = channel();
        let watcher = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })?;
        let roots: Vec<PathBuf> = dirs.iter().map(|d| absolute(d)).collect();
        let mut parents: Vec<PathBuf> = roots
            .iter()
            .filter_map(|r| r.parent().map(Path::to_path_buf))
            // One inside a root is watched with it; watching it again,
            // alone, would stop notify from following its new subfolders.
            .filter(|p| !roots.iter().any(|r| p.starts_with(r)))
            .collect();
        parents.sort();
        parents.dedup();
        let mut watch = Watch { watcher, rx, roots };
        for p in &parents {
            if p.is_dir() {
                watch.watcher.watch(p, RecursiveMode::NonRecursive)?;
            }
        }
        for r in &watch.roots {
            if r.is_dir() {
                watch.watcher.watch(r, RecursiveMode::Recursive)?;
            }
        }
        Ok(watch)
    }

    /// Watches a root anew after it was created, removed or moved: the
    /// watches of what was there go, and whatever is there now is watched
    /// with all its folders.
    fn rewatch(&mut self, root: &Path) {
        let _ = self.watcher.unwatch(root);
        if root.is_dir()
            && let Err(e) = self.watcher.watch(root, RecursiveMode::Recursive)
        {
            eprintln!(
                "waarschuwing: kan {} niet volgen: {e}. Start draaiboek serve opnieuw als wijzigingen niet verschijnen.",
                root.display()
            );
        }
    }

    /// Blocks until something relevant changed, then returns every path
    /// changed in the burst. `None` when the watcher stopped.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        let mut seen: Vec<Seen> = Vec::new();
        let mut settled = false;
        loop {
            let event = if seen.is_empty() {
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
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            let moved = moves(&event.kind);
            // Straight away, so that what is copied into a restored root
            // from now on sends its events.
            if moved {
                for root in self.roots.clone() {
                    if event.paths.contains(&root) {
                        self.rewatch(&root);
                    }
                }
            }
            for p in event.paths {
                if ignored(&p) || !self.roots.iter().any(|r| p.starts_with(r)) {
                    continue;
                }
                match seen.iter_mut().find(|s| s.path == p) {
                    Some(s) => s.moved |= moved,
                    None => seen.push(Seen {
                        arrived: arrives(&event.kind),
                        moved,
                        path: p,
                    }),
                }
            }
        }
        Some(
            seen.into_iter()
                .filter(Seen::matters)
                .map(|s| s.path)
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{Seen, finishes_save, ignored};
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

    #[test]
    fn what_a_burst_leaves_behind_decides_what_counts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("regio");
        let file = folder.join("index.md");
        std::fs::create_dir(&folder).expect("folder");
        std::fs::write(&file, "x").expect("file");
        let gone = dir.path().join("weg");
        let seen = |path: &std::path::Path, arrived, moved| Seen {
            path: path.to_path_buf(),
            arrived,
            moved,
        };
        // A file written, or one put in place.
        assert!(seen(&file, false, false).matters());
        assert!(seen(&file, true, true).matters());
        // Removed or moved away: gone, and that counts.
        assert!(seen(&gone, false, true).matters());
        // Came and went within the burst (`sed -i`'s temporary file).
        assert!(!seen(&gone, true, true).matters());
        // A folder moved in, renamed or created counts; its files send no
        // events of their own. One merely touched does not.
        assert!(seen(&folder, true, true).matters());
        assert!(!seen(&folder, false, false).matters());
    }
}
