//! Moving a build's files into the output, and what makes that safe: every
//! move can be undone until all succeeded, a build killed half-way is
//! finished or cleaned up by the next one, and test hooks stand in for a
//! full disk or a `kill -9`.

use super::WriteError;
use super::io_at;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Present while a build moves its changed files into the output; names
/// the staging folder, so an interrupted move can be finished. Beside the
/// list of written files, outside the output.
pub(super) fn journal_of(stamps_file: &Path) -> PathBuf {
    let mut name = stamps_file.as_os_str().to_owned();
    name.push(".journaal");
    PathBuf::from(name)
}

/// The moves of one commit, each undoable: a replaced or removed file is
/// moved into `backup` first, so a failure half-way puts every file back.
pub(super) struct Replacement<'a> {
    pub(super) target: &'a Path,
    pub(super) backup: PathBuf,
    /// (path, whether an old file was moved to the backup, whether a new
    /// file was moved in).
    pub(super) done: Vec<(String, bool, bool)>,
}

impl Replacement<'_> {
    pub(super) fn apply(
        &mut self,
        staging: &Path,
        changed: &[String],
        gone: &[String],
    ) -> Result<(), WriteError> {
        for path in changed {
            let had_old = self.set_aside(path)?;
            self.done.push((path.clone(), had_old, false));
            move_in(staging, self.target, path)?;
            if let Some(last) = self.done.last_mut() {
                last.2 = true;
            }
        }
        for path in gone {
            let had_old = self.set_aside(path)?;
            self.done.push((path.clone(), had_old, false));
            remove_empty_parents(self.target, &self.target.join(path));
        }
        Ok(())
    }

    /// Moves the current file at `path` into the backup.
    pub(super) fn set_aside(&self, path: &str) -> Result<bool, WriteError> {
        let current = self.target.join(path);
        if !current.is_file() {
            return Ok(false);
        }
        let to = self.backup.join(path);
        if let Some(p) = to.parent() {
            fs::create_dir_all(p).map_err(io_at(p))?;
        }
        fs::rename(&current, &to).map_err(io_at(&current))?;
        Ok(true)
    }

    /// Puts the previous output back, newest move first.
    pub(super) fn undo(&mut self) {
        for (path, had_old, new_in) in self.done.drain(..).rev() {
            let current = self.target.join(&path);
            if new_in {
                let _ = fs::remove_file(&current);
            }
            if had_old {
                if let Some(p) = current.parent() {
                    let _ = fs::create_dir_all(p);
                }
                let _ = fs::rename(self.backup.join(&path), &current);
            }
        }
    }
}

/// A test hook for failures that are hard to cause for real (a disk that
/// fills up, a file system that turns read-only): `DRAAIBOEK_FAIL_WRITE`
/// set to `stage:<path>` or `commit:<path>` fails that file at that step.
pub(super) fn injected_failure(step: &str, path: &str, at: &Path) -> Result<(), WriteError> {
    match std::env::var("DRAAIBOEK_FAIL_WRITE") {
        Ok(v) if v.strip_prefix(step).and_then(|r| r.strip_prefix(':')) == Some(path) => {
            Err(WriteError::Io(
                at.to_path_buf(),
                io::Error::other("schrijffout (gesimuleerd)"),
            ))
        }
        _ => Ok(()),
    }
}

/// A test hook for a build killed (`kill -9`, power loss) at one point of
/// the move into the output: `DRAAIBOEK_KILL_AT` set to `swap` (between
/// moving the old output aside and the new one in) or `commit:<path>`
/// (before that file is moved in).
pub(super) fn injected_kill(point: &str) {
    if std::env::var("DRAAIBOEK_KILL_AT").is_ok_and(|v| v == point) {
        // SAFETY: sends SIGKILL to this process, as the test asks.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
    }
}

/// Removes the staging folders of builds that were killed before they
/// could (`kill -9`): their names hold the process id, and that process
/// is gone. A build killed between moving the old output aside and the
/// new one in (a first build) left no output at all: its new output is
/// complete, since the move only starts then, and is put in place.
pub(super) fn remove_stale_staging(parent: &Path, name: &str, target: &Path) {
    let prefix = format!(".{name}.nieuw-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut stale: Vec<(PathBuf, bool)> = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let (pid, backup) = match rest.strip_suffix(".oud") {
            Some(pid) => (pid, true),
            None => (rest, false),
        };
        let Ok(pid) = pid.parse::<i32>() else {
            continue;
        };
        if pid == std::process::id() as i32 || alive(pid) {
            continue;
        }
        stale.push((e.path(), backup));
    }
    // The backups first: one may be the only copy of the previous output.
    stale.sort_by_key(|(_, backup)| !backup);
    for (path, backup) in stale {
        if backup && !target.exists() {
            let staged = path.with_extension("");
            if staged.is_dir() && fs::rename(&staged, target).is_ok() {
                let _ = fs::remove_dir_all(&path);
            } else {
                let _ = fs::rename(&path, target);
            }
            continue;
        }
        let _ = fs::remove_dir_all(&path);
    }
}

/// Where the previous output's files are put aside while the new ones
/// move in: `.output.nieuw-<pid>.oud`, named after the staging folder so
/// [`remove_stale_staging`] knows whose it is.
pub(super) fn backup_of(staging: &Path) -> PathBuf {
    let mut name = staging.as_os_str().to_owned();
    name.push(".oud");
    PathBuf::from(name)
}

/// Whether process `pid` still runs (or runs as another user).
pub(super) fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

pub(super) fn move_in(staging: &Path, target: &Path, path: &str) -> Result<(), WriteError> {
    let from = staging.join(path);
    let to = target.join(path);
    injected_failure("commit", path, &to)?;
    injected_kill(&format!("commit:{path}"));
    if let Some(p) = to.parent() {
        if p.is_file() {
            fs::remove_file(p).map_err(io_at(p))?;
        }
        fs::create_dir_all(p).map_err(io_at(p))?;
    }
    if to.is_dir() {
        fs::remove_dir_all(&to).map_err(io_at(&to))?;
    }
    fs::rename(&from, &to).map_err(io_at(&to))
}

pub(super) fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Finishes the move of an earlier build that was killed half-way (power
/// loss, `kill -9`): its staged files are complete, so moving the rest in
/// gives the new output. If the staging folder is gone, the stamps can no
/// longer be trusted and the next build writes everything.
pub(super) fn finish_interrupted(target: &Path, stamps_file: &Path) {
    let journal = journal_of(stamps_file);
    let Ok(staging) = fs::read_to_string(&journal) else {
        return;
    };
    let staging = PathBuf::from(staging);
    if staging.is_dir() {
        for e in walkdir::WalkDir::new(&staging)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            if let Ok(rel) = e.path().strip_prefix(&staging) {
                let _ = move_in(&staging, target, &rel.to_string_lossy());
            }
        }
        let _ = fs::remove_dir_all(&staging);
    }
    let _ = fs::remove_file(stamps_file);
    let _ = fs::remove_file(&journal);
}
