//! Stage 4, **write**: put the rendered site on disk without ever leaving a
//! half-written `output/`, and without rewriting files whose bytes did not
//! change. See [`Disk`].

use crate::base::files::absolute;
use crate::base::output::{Body, OutFile};
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

/// Where the write stage keeps the length, hash, modification time and
/// inode of every file it wrote into `target`: the next build compares
/// against it and touches only what changed. In the project's cache folder
/// (beside the content), one file per output folder; never in the output,
/// so the output is the site and nothing else.
fn stamps_file(target: &Path, content_root: &Path) -> PathBuf {
    let key = xxh3_64(target.as_os_str().as_encoded_bytes());
    crate::base::files::folder_for(content_root).join(format!("uitvoer-{key:016x}"))
}
/// Present while a build moves its changed files into the output; names
/// the staging folder, so an interrupted move can be finished. Beside the
/// list of written files, outside the output.
fn journal_of(stamps_file: &Path) -> PathBuf {
    let mut name = stamps_file.as_os_str().to_owned();
    name.push(".journaal");
    PathBuf::from(name)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    hash: u64,
}

/// A written file as the disk describes it: a file edited by hand, even to
/// the same length, gets another modification time, and a file replaced
/// by an editor's save another inode. Compared instead of the bytes, which
/// would have to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct OnDisk {
    mtime_ns: i128,
    inode: u64,
}

impl OnDisk {
    fn of(m: &fs::Metadata) -> OnDisk {
        use std::os::unix::fs::MetadataExt;
        OnDisk {
            mtime_ns: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
            inode: m.ino(),
        }
    }
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
    committed: bool,
}

/// The paths of `previous` that are a file of the recorded length,
/// modification time and inode in `target`: a file someone deleted or
/// changed by hand is written again.
fn still_present(target: &Path, previous: Vec<(String, u64, OnDisk)>) -> HashSet<String> {
    crate::base::io_threads::map(previous, |(path, len, disk)| {
        let here = fs::symlink_metadata(target.join(&path))
            .is_ok_and(|m| m.is_file() && m.len() == len && OnDisk::of(&m) == disk);
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
        // One `stat` per file of a 10,000-region site took seconds when
        // the disk had to be read for them; done while the content loads,
        // they cost the build (nearly) nothing.
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
            fs::create_dir_all(p).map_err(io_at(p))?;
        }
        match &f.body {
            Body::Bytes(b) => fs::write(&to, b).map_err(io_at(&to))?,
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
            }
        }
        let disk = fs::symlink_metadata(&to).map_err(io_at(&to))?;
        Ok((stamp, OnDisk::of(&disk), true))
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

/// A test hook for a build killed (`kill -9`, power loss) at one point of
/// the move into the output: `DRAAIBOEK_KILL_AT` set to `swap` (between
/// moving the old output aside and the new one in) or `commit:<path>`
/// (before that file is moved in).
fn injected_kill(point: &str) {
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
fn remove_stale_staging(parent: &Path, name: &str, target: &Path) {
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
fn backup_of(staging: &Path) -> PathBuf {
    let mut name = staging.as_os_str().to_owned();
    name.push(".oud");
    PathBuf::from(name)
}

/// Whether process `pid` still runs (or runs as another user).
fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

fn move_in(staging: &Path, target: &Path, path: &str) -> Result<(), WriteError> {
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

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// The first line of the list; a list without it (from an older build)
/// is not used, and everything is written once.
const STAMPS_HEAD: &str = "# draaiboek bestanden 2: hash lengte mtime inode pad\n";

fn render_stamps(stamps: &[(String, Stamp, OnDisk)]) -> String {
    let mut s = String::with_capacity(stamps.len() * 80 + STAMPS_HEAD.len());
    s.push_str(STAMPS_HEAD);
    for (path, st, disk) in stamps {
        s.push_str(&format!(
            "{:016x} {} {} {} {path}\n",
            st.hash, st.len, disk.mtime_ns, disk.inode
        ));
    }
    s
}

/// Writes the list through the cache folder's own writer (beside its
/// place, then renamed), so a build killed meanwhile leaves the old list
/// or the new one; unchanged, it is not written.
fn save_stamps(file: &Path, stamps: &str) -> io::Result<()> {
    if fs::read(file).is_ok_and(|old| old == stamps.as_bytes()) {
        return Ok(());
    }
    crate::base::files::write_replacing(file, stamps.as_bytes())
}

fn read_stamps(file: &Path) -> HashMap<String, (Stamp, OnDisk)> {
    let Ok(text) = fs::read_to_string(file) else {
        return HashMap::new();
    };
    let Some(lines) = text.strip_prefix(STAMPS_HEAD) else {
        return HashMap::new();
    };
    lines
        .lines()
        .filter_map(|l| {
            let mut parts = l.splitn(5, ' ');
            let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
            let len = parts.next()?.parse().ok()?;
            let mtime_ns = parts.next()?.parse().ok()?;
            let inode = parts.next()?.parse().ok()?;
            Some((
                parts.next()?.to_string(),
                (Stamp { len, hash }, OnDisk { mtime_ns, inode }),
            ))
        })
        .collect()
}

/// Finishes the move of an earlier build that was killed half-way (power
/// loss, `kill -9`): its staged files are complete, so moving the rest in
/// gives the new output. If the staging folder is gone, the stamps can no
/// longer be trusted and the next build writes everything.
fn finish_interrupted(target: &Path, stamps_file: &Path) {
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
