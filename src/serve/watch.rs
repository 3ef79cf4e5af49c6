//! Watching the content and theme folders. Editors save in bursts (write,
//! rename, touch), so events are gathered until the tree has been quiet
//! for a moment, and editors' temporary files are ignored.

use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

/// How long the tree must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(30);

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
        loop {
            let event = if paths.is_empty() {
                self.rx.recv().ok()?
            } else {
                match self.rx.recv_timeout(QUIET) {
                    Ok(e) => e,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            };
            let Ok(event) = event else { continue };
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
    use super::ignored;
    use std::path::Path;

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
