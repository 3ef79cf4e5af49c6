//! Stage 4, **write**: put the rendered site on disk without ever leaving a
//! half-written `output/`, and without rewriting files whose bytes did not
//! change. See [`Disk`].

use crate::render::{Content, OutFile};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use xxhash_rust::xxh3::xxh3_64;

#[derive(Debug)]
pub enum WriteError {
    /// The output directory is one we must never replace.
    Refused(String),
    Io(PathBuf, io::Error),
    /// Ctrl-C before the output was touched.
    Interrupted,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Refused(m) => f.write_str(m),
            WriteError::Io(p, e) => write!(f, "{}: {e}", p.display()),
            WriteError::Interrupted => f.write_str("onderbroken"),
        }
    }
}

impl std::error::Error for WriteError {}

fn io_at(p: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |e| WriteError::Io(p.to_path_buf(), e)
}

/// Absolute, with symlinks resolved as far as the path exists.
pub(crate) fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => abs,
    }
}

/// Refuses output directories whose replacement would destroy something
/// that is not generated: the content, the project, `/`, the home folder,
/// or any folder that contains the content.
pub fn check_output_dir(output: &Path, content: &Path) -> Result<(), WriteError> {
    let out = absolute(output);
    let content = absolute(content);
    let refuse = |why: &str| {
        Err(WriteError::Refused(format!(
            "weigering: {} is {why}; kies een eigen map voor de gebouwde site, zoals output/",
            output.display()
        )))
    };
    if out.parent().is_none() {
        return refuse("de hoofdmap van het systeem");
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && absolute(&home) == out
    {
        return refuse("je thuismap");
    }
    if let Ok(cwd) = std::env::current_dir()
        && absolute(&cwd) == out
    {
        return refuse("de map waarin je nu werkt");
    }
    if out == content {
        return refuse("de inhoudsmap");
    }
    if content.starts_with(&out) {
        return refuse("een map waar de inhoud in staat");
    }
    if out.starts_with(&content) {
        return refuse("een map binnen de inhoudsmap");
    }
    if out.join("Cargo.toml").exists() || out.join(".git").exists() {
        return refuse("de projectmap");
    }
    Ok(())
}

/// Where the write stage keeps, inside the output, the length and hash of
/// every file it wrote: the next build compares against it and touches
/// only what changed.
pub const STAMPS: &str = ".draaiboek-bestanden";
/// Present while a build moves its changed files into the output; names
/// the staging folder, so an interrupted move can be finished.
const JOURNAL: &str = ".draaiboek-journaal";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    hash: u64,
}

/// What a build changed on disk, for the summary line and `--timings`.
#[derive(Debug, Default, Clone)]
pub struct WriteStats {
    pub files: usize,
    /// Files whose bytes changed (or are new), written.
    pub written: usize,
    pub removed: usize,
    /// Bytes of all files of the site.
    pub bytes: u64,
    pub written_bytes: u64,
}

#[derive(Default)]
struct State {
    stamps: Vec<(String, Stamp)>,
    changed: Vec<String>,
    bytes: u64,
    written_bytes: u64,
    error: Option<WriteError>,
}

/// Streams rendered files to disk as they come ([`crate::render::Sink`]).
///
/// A file whose length and hash match what the previous build wrote (and
/// that is still there with that length) is left alone; every other file
/// goes into a staging folder next to the output. Only when the whole
/// build succeeded does [`Disk::commit`] move the staged files in and
/// remove the files the site no longer has. Until then the output is
/// untouched, so a failed build leaves it byte for byte as it was, and a
/// rebuild of 10,000 pages that changed three writes three files, instead
/// of deleting and recreating the whole tree.
pub struct Disk {
    target: PathBuf,
    staging: PathBuf,
    previous: HashMap<String, Stamp>,
    /// The previous build left no stamps (first build, or an output from
    /// elsewhere): everything is staged and the folder swapped in whole.
    fresh: bool,
    /// The previous build's files that are still there with their length,
    /// checked on [`crate::io_threads`] from [`Disk::open`] on (see
    /// [`Disk::present`]).
    checking: Mutex<Option<std::thread::JoinHandle<HashSet<String>>>>,
    present: std::sync::OnceLock<HashSet<String>>,
    state: Mutex<State>,
    committed: bool,
}

/// The paths of `previous` that are a file of the recorded length in
/// `target`: a file someone deleted or changed by hand is written again.
fn still_present(target: &Path, previous: Vec<(String, u64)>) -> HashSet<String> {
    crate::io_threads::map(previous, |(path, len)| {
        let here = fs::metadata(target.join(&path)).is_ok_and(|m| m.is_file() && m.len() == len);
        here.then_some(path)
    })
    .into_iter()
    .flatten()
    .collect()
}

impl Disk {
    /// Prepares writing into `dir`; refuses directories that must never be
    /// replaced (see [`check_output_dir`]).
    pub fn open(dir: &Path, content_root: &Path) -> Result<Disk, WriteError> {
        check_output_dir(dir, content_root)?;
        let target = absolute(dir);
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        fs::create_dir_all(&parent).map_err(io_at(&parent))?;
        finish_interrupted(&target);
        let staging = parent.join(format!(".{name}.nieuw-{}", std::process::id()));
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir_all(&staging).map_err(io_at(&staging))?;
        let previous = read_stamps(&target.join(STAMPS));
        let fresh = previous.is_empty();
        // One `stat` per file of a 10,000-region site took seconds when
        // the disk had to be read for them; done while the content loads,
        // they cost the build (nearly) nothing.
        let checking = (!fresh).then(|| {
            let target = target.clone();
            let listed: Vec<(String, u64)> =
                previous.iter().map(|(p, s)| (p.clone(), s.len)).collect();
            std::thread::spawn(move || still_present(&target, listed))
        });
        Ok(Disk {
            target,
            staging,
            previous,
            fresh,
            checking: Mutex::new(checking),
            present: std::sync::OnceLock::new(),
            state: Mutex::new(State::default()),
            committed: false,
        })
    }

    /// The result of the check [`Disk::open`] started, waiting for it the
    /// first time. A check that failed counts every file as gone, so all
    /// are written again.
    fn present(&self) -> &HashSet<String> {
        self.present.get_or_init(|| {
            let checking = self
                .checking
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take();
            checking.and_then(|h| h.join().ok()).unwrap_or_default()
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn store(&self, f: &OutFile) -> Result<(Stamp, bool), WriteError> {
        let stamp = match &f.content {
            Content::Bytes(b) => Stamp {
                len: b.len() as u64,
                hash: xxh3_64(b),
            },
            // Attachments and theme files: their size and modification
            // time stand in for the bytes, which need not be read.
            Content::Copy(src) => {
                let m = fs::metadata(src).map_err(io_at(src))?;
                let mtime = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                Stamp {
                    len: m.len(),
                    hash: xxh3_64(&mtime.to_le_bytes()),
                }
            }
        };
        let unchanged = !self.fresh
            && self.previous.get(&f.path) == Some(&stamp)
            && self.present().contains(&f.path);
        if unchanged {
            return Ok((stamp, false));
        }
        let to = self.staging.join(&f.path);
        injected_failure("stage", &f.path, &to)?;
        if let Some(p) = to.parent() {
            fs::create_dir_all(p).map_err(io_at(p))?;
        }
        match &f.content {
            Content::Bytes(b) => fs::write(&to, b).map_err(io_at(&to))?,
            Content::Copy(src) => {
                fs::copy(src, &to).map_err(io_at(src))?;
            }
        }
        Ok((stamp, true))
    }

    /// Moves the staged files into the output and removes the ones the
    /// site no longer has. A Ctrl-C meanwhile waits until this is done (see
    /// [`crate::interrupt`]).
    pub fn commit(mut self) -> Result<WriteStats, WriteError> {
        let mut st = std::mem::take(&mut *self.state());
        if let Some(e) = st.error.take() {
            return Err(e);
        }
        st.stamps.sort_by(|a, b| a.0.cmp(&b.0));
        st.changed.sort();
        let mut stats = WriteStats {
            files: st.stamps.len(),
            written: st.changed.len(),
            bytes: st.bytes,
            written_bytes: st.written_bytes,
            ..WriteStats::default()
        };
        let stamps = render_stamps(&st.stamps);
        if self.fresh {
            let file = self.staging.join(STAMPS);
            fs::write(&file, stamps).map_err(io_at(&file))?;
            self.swap()?;
        } else {
            let keep: HashSet<&str> = st.stamps.iter().map(|(p, _)| p.as_str()).collect();
            let gone: Vec<String> = self
                .previous
                .keys()
                .filter(|p| !keep.contains(p.as_str()))
                .cloned()
                .collect();
            let journal = self.target.join(JOURNAL);
            fs::write(&journal, self.staging.to_string_lossy().as_bytes())
                .map_err(io_at(&journal))?;
            let mut swap = Replacement {
                target: &self.target,
                backup: self.staging.with_extension("oud"),
                done: Vec::new(),
            };
            let moved = swap.apply(&self.staging, &st.changed, &gone, stamps);
            if let Err(e) = moved {
                swap.undo();
                let _ = fs::remove_file(&journal);
                let _ = fs::remove_dir_all(&swap.backup);
                return Err(e);
            }
            stats.removed = gone.len();
            fs::remove_file(&journal).map_err(io_at(&journal))?;
            let _ = fs::remove_dir_all(&swap.backup);
            let _ = fs::remove_dir_all(&self.staging);
        }
        self.committed = true;
        Ok(stats)
    }

    /// The staging folder becomes the output; the previous output, if
    /// any, is moved aside and removed.
    fn swap(&self) -> Result<(), WriteError> {
        let dir = &self.target;
        if !dir.exists() {
            return fs::rename(&self.staging, dir).map_err(io_at(dir));
        }
        let old = self.staging.with_extension("oud");
        let _ = fs::remove_dir_all(&old);
        fs::rename(dir, &old).map_err(io_at(dir))?;
        if let Err(e) = fs::rename(&self.staging, dir) {
            // Put the previous site back before reporting.
            let _ = fs::rename(&old, dir);
            return Err(WriteError::Io(dir.clone(), e));
        }
        let _ = fs::remove_dir_all(&old);
        Ok(())
    }
}

impl crate::render::Sink for Disk {
    fn put(&self, file: OutFile) {
        if self.state().error.is_some() {
            return;
        }
        if crate::interrupt::requested() {
            self.state().error.get_or_insert(WriteError::Interrupted);
            return;
        }
        let result = self.store(&file);
        let mut st = self.state();
        match result {
            Ok((stamp, written)) => {
                st.bytes += stamp.len;
                if written {
                    st.written_bytes += stamp.len;
                    st.changed.push(file.path.clone());
                }
                st.stamps.push((file.path, stamp));
            }
            Err(e) => {
                st.error.get_or_insert(e);
            }
        }
    }
}

impl Drop for Disk {
    /// A build that did not commit leaves nothing behind.
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// The moves of one commit, each undoable: a replaced or removed file is
/// moved into `backup` first, so a failure half-way puts every file back.
struct Replacement<'a> {
    target: &'a Path,
    backup: PathBuf,
    /// (path, whether an old file was moved to the backup, whether a new
    /// file was moved in).
    done: Vec<(String, bool, bool)>,
}

impl Replacement<'_> {
    fn apply(
        &mut self,
        staging: &Path,
        changed: &[String],
        gone: &[String],
        stamps: String,
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
        let file = self.target.join(STAMPS);
        if fs::read(&file).is_ok_and(|old| old == stamps.as_bytes()) {
            return Ok(());
        }
        let tmp = self.target.join(format!("{STAMPS}.nieuw"));
        fs::write(&tmp, stamps).map_err(io_at(&tmp))?;
        fs::rename(&tmp, &file).map_err(io_at(&file))
    }

    /// Moves the current file at `path` into the backup.
    fn set_aside(&self, path: &str) -> Result<bool, WriteError> {
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
    fn undo(&mut self) {
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
fn injected_failure(step: &str, path: &str, at: &Path) -> Result<(), WriteError> {
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

fn move_in(staging: &Path, target: &Path, path: &str) -> Result<(), WriteError> {
    let from = staging.join(path);
    let to = target.join(path);
    injected_failure("commit", path, &to)?;
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

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

fn render_stamps(stamps: &[(String, Stamp)]) -> String {
    let mut s = String::with_capacity(stamps.len() * 64);
    for (path, st) in stamps {
        s.push_str(&format!("{:016x} {} {path}\n", st.hash, st.len));
    }
    s
}

fn read_stamps(file: &Path) -> HashMap<String, Stamp> {
    let Ok(text) = fs::read_to_string(file) else {
        return HashMap::new();
    };
    text.lines()
        .filter_map(|l| {
            let mut parts = l.splitn(3, ' ');
            let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
            let len = parts.next()?.parse().ok()?;
            Some((parts.next()?.to_string(), Stamp { len, hash }))
        })
        .collect()
}

/// Finishes the move of an earlier build that was killed half-way (power
/// loss, `kill -9`): its staged files are complete, so moving the rest in
/// gives the new output. If the staging folder is gone, the stamps can no
/// longer be trusted and the next build writes everything.
fn finish_interrupted(target: &Path) {
    let journal = target.join(JOURNAL);
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
    let _ = fs::remove_file(target.join(STAMPS));
    let _ = fs::remove_file(&journal);
}
