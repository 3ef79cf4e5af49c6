//! Stage 4, **write**: put the rendered site on disk without ever leaving a
//! half-written `output/`, and without rewriting files whose bytes did not
//! change. See [`Disk`].

mod moves;
mod stamps;

use crate::base::files::absolute;
use crate::base::output::{Body, OutFile};
use moves::{
    Replacement, backup_of, finish_interrupted, injected_failure, injected_kill, journal_of,
    remove_stale_staging,
};
use stamps::{OnDisk, Stamp, read_stamps, render_stamps, save_stamps, stamps_file, still_present};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use xxhash_rust::xxh3::xxh3_64;

/// Why the site could not be written; shown in Dutch.
#[derive(Debug)]
pub enum WriteError {
    /// The output directory is one we must never replace.
    Refused(String),
    /// Reading or writing this path failed.
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

/// Where earlier builds kept the list of written files, inside the output;
/// it now lives in the cache folder ([`stamps_file`]), and the output
/// holds nothing but the site.
const OLD_STAMPS: &str = ".draaiboek-bestanden";

/// What a build changed on disk, for the summary line and `--timings`.
#[derive(Debug, Default, Clone)]
pub struct WriteStats {
    /// All files of the site.
    pub files: usize,
    /// Files whose bytes changed (or are new), written.
    pub written: usize,
    /// Files of the previous build that the site no longer has, removed.
    pub removed: usize,
    /// Bytes of all files of the site.
    pub bytes: u64,
    /// Bytes written, of the files whose bytes changed.
    pub written_bytes: u64,
}

#[derive(Default)]
struct State {
    stamps: Vec<(String, Stamp, OnDisk)>,
    changed: Vec<String>,
    bytes: u64,
    written_bytes: u64,
    error: Option<WriteError>,
}

/// Streams rendered files to disk as they come ([`crate::base::output::Sink`]).
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
    /// See [`stamps_file`].
    stamps_file: PathBuf,
    staging: PathBuf,
    previous: HashMap<String, (Stamp, OnDisk)>,
    /// The previous build left no stamps (first build, or an output from
    /// elsewhere): everything is staged and the folder swapped in whole.
    fresh: bool,
    /// The previous build's files that are still there with their length,
    /// checked on [`crate::base::io_threads`] from [`Disk::open`] on (see
    /// [`Disk::present`]).
    checking: Mutex<Option<std::thread::JoinHandle<HashSet<String>>>>,
    present: std::sync::OnceLock<HashSet<String>>,
    state: Mutex<State>,
    /// Each attachment written in this build, by its source, with where its
    /// first copy is: a renamed region's old addresses get a hard link to
    /// that copy instead of a copy of their own, so 300 old addresses of a
    /// 10 MB document take 10 MB.
    copies: Mutex<HashMap<PathBuf, PathBuf>>,
    /// Staging folders made so far (see [`Disk::folder`]).
    folders: std::sync::RwLock<HashSet<PathBuf>>,
    committed: bool,
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
        let stamps_file = stamps_file(&target, content_root);
        finish_interrupted(&target, &stamps_file);
        remove_stale_staging(&parent, &name, &target);
        let staging = parent.join(format!(".{name}.nieuw-{}", std::process::id()));
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir_all(&staging).map_err(io_at(&staging))?;
        crate::base::interrupt::on_abort_remove(&staging);
        // A list for an output that is gone (removed by hand) describes
        // nothing.
        let previous = if target.is_dir() {
            read_stamps(&stamps_file)
        } else {
            HashMap::new()
        };
        let fresh = previous.is_empty();
        // One `stat` per file of a large site is slow when the disk has to
        // be read for them (benches/PERFORMANCE.md); done while the content
        // loads, they cost the build (nearly) nothing.
        let checking = (!fresh).then(|| {
            let target = target.clone();
            let listed: Vec<(String, u64, OnDisk)> = previous
                .iter()
                .map(|(p, (s, d))| (p.clone(), s.len, *d))
                .collect();
            std::thread::spawn(move || still_present(&target, listed))
        });
        Ok(Disk {
            target,
            stamps_file,
            staging,
            previous,
            fresh,
            checking: Mutex::new(checking),
            present: std::sync::OnceLock::new(),
            state: Mutex::new(State::default()),
            copies: Mutex::new(HashMap::new()),
            folders: std::sync::RwLock::new(HashSet::new()),
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

    fn store(&self, f: &OutFile) -> Result<(Stamp, OnDisk, bool), WriteError> {
        let stamp = match &f.body {
            Body::Bytes(b) => Stamp {
                len: b.len() as u64,
                hash: xxh3_64(b),
            },
            // Attachments and theme files: their size and modification
            // time stand in for the bytes, which need not be read.
            Body::Copy(src) => {
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
        let previous = self.previous.get(&f.path);
        let unchanged =
            !self.fresh && previous.map(|p| p.0) == Some(stamp) && self.present().contains(&f.path);
        if unchanged {
            let disk = previous.map(|p| p.1).unwrap_or_default();
            if let Body::Copy(src) = &f.body {
                self.copied(src, self.target.join(&f.path));
            }
            return Ok((stamp, disk, false));
        }
        let to = self.staging.join(&f.path);
        injected_failure("stage", &f.path, &to)?;
        if let Some(p) = to.parent() {
            self.folder(p)?;
        }
        let disk = match &f.body {
            // The file's own handle gives its inode and time, without a
            // second lookup of the path.
            Body::Bytes(b) => {
                use std::io::Write;
                let mut file = fs::File::create(&to).map_err(io_at(&to))?;
                file.write_all(b).map_err(io_at(&to))?;
                file.metadata().map_err(io_at(&to))?
            }
            Body::Copy(src) => {
                let first = self
                    .copies
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(src)
                    .cloned();
                // A hard link where the file system has them; a copy
                // where it has not.
                let linked = first.is_some_and(|first| fs::hard_link(&first, &to).is_ok());
                if !linked {
                    crate::base::files::copy(src, &to).map_err(io_at(src))?;
                    self.copied(src, to.clone());
                }
                fs::symlink_metadata(&to).map_err(io_at(&to))?
            }
        };
        Ok((stamp, OnDisk::of(&disk), true))
    }

    /// Makes staging folder `dir` once: every file of a 10,000-region site
    /// asking the file system for its folder again cost a `mkdir` and a
    /// `stat` each.
    fn folder(&self, dir: &Path) -> Result<(), WriteError> {
        if self
            .folders
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .contains(dir)
        {
            return Ok(());
        }
        fs::create_dir_all(dir).map_err(io_at(dir))?;
        self.folders
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.to_path_buf());
        Ok(())
    }

    /// Notes where the first copy of attachment `src` is in this build.
    fn copied(&self, src: &Path, at: PathBuf) {
        self.copies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(src.to_path_buf())
            .or_insert(at);
    }

    /// Moves the staged files into the output and removes the ones the
    /// site no longer has. A Ctrl-C meanwhile waits until this is done (see
    /// [`crate::base::interrupt`]).
    pub fn commit(mut self) -> Result<WriteStats, WriteError> {
        let mut st = std::mem::take(&mut *self.state());
        if let Some(e) = st.error.take() {
            return Err(e);
        }
        if !crate::base::interrupt::begin_move() {
            return Err(WriteError::Interrupted);
        }
        struct Moving;
        impl Drop for Moving {
            fn drop(&mut self) {
                crate::base::interrupt::end_move();
            }
        }
        let _moving = Moving;
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
            self.swap()?;
        } else {
            let keep: HashSet<&str> = st.stamps.iter().map(|(p, ..)| p.as_str()).collect();
            let gone: Vec<String> = self
                .previous
                .keys()
                .filter(|p| !keep.contains(p.as_str()))
                .cloned()
                .collect();
            let journal = journal_of(&self.stamps_file);
            crate::base::files::write_replacing(
                &journal,
                self.staging.as_os_str().as_encoded_bytes(),
            )
            .map_err(io_at(&journal))?;
            let mut swap = Replacement {
                target: &self.target,
                backup: backup_of(&self.staging),
                done: Vec::new(),
            };
            let moved = swap.apply(&self.staging, &st.changed, &gone);
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
        // Without the list the next build writes every file once more;
        // with a stale one it still compares each file on disk with it.
        if save_stamps(&self.stamps_file, &stamps).is_err() {
            let _ = fs::remove_file(&self.stamps_file);
        }
        let _ = fs::remove_file(self.target.join(OLD_STAMPS));
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
        let old = backup_of(&self.staging);
        let _ = fs::remove_dir_all(&old);
        fs::rename(dir, &old).map_err(io_at(dir))?;
        injected_kill("swap");
        if let Err(e) = fs::rename(&self.staging, dir) {
            // Put the previous site back before reporting.
            let _ = fs::rename(&old, dir);
            return Err(WriteError::Io(dir.clone(), e));
        }
        let _ = fs::remove_dir_all(&old);
        Ok(())
    }
}

impl crate::base::output::Sink for Disk {
    fn put(&self, file: OutFile) {
        if self.state().error.is_some() {
            return;
        }
        if crate::base::interrupt::requested() {
            self.state().error.get_or_insert(WriteError::Interrupted);
            return;
        }
        let result = self.store(&file);
        let mut st = self.state();
        match result {
            Ok((stamp, disk, written)) => {
                st.bytes += stamp.len;
                if written {
                    st.written_bytes += stamp.len;
                    st.changed.push(file.path.clone());
                }
                st.stamps.push((file.path, stamp, disk));
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
