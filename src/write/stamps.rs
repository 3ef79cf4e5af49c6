//! The list of files a build wrote, kept for the next build: per file its
//! length and hash (what was written) and its modification time and inode
//! (what the disk says about it now), so a rebuild rewrites only what
//! changed or was changed by hand.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64;

/// Where the write stage keeps the length, hash, modification time and
/// inode of every file it wrote into `target`: the next build compares
/// against it and touches only what changed. In the project's cache folder
/// (beside the content), one file per output folder; never in the output,
/// so the output is the site and nothing else.
pub(super) fn stamps_file(target: &Path, content_root: &Path) -> PathBuf {
    let key = xxh3_64(target.as_os_str().as_encoded_bytes());
    crate::base::files::folder_for(content_root).join(format!("uitvoer-{key:016x}"))
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    pub(super) len: u64,
    pub(super) hash: u64,
}

/// A written file as the disk describes it: a file edited by hand, even to
/// the same length, gets another modification time, and a file replaced
/// by an editor's save another inode. Compared instead of the bytes, which
/// would have to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct OnDisk {
    pub(super) mtime_ns: i128,
    pub(super) inode: u64,
}

impl OnDisk {
    pub(super) fn of(m: &fs::Metadata) -> OnDisk {
        use std::os::unix::fs::MetadataExt;
        OnDisk {
            mtime_ns: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
            inode: m.ino(),
        }
    }
}

/// The paths of `previous` that are a file of the recorded length,
/// modification time and inode in `target`: a file someone deleted or
/// changed by hand is written again.
pub(super) fn still_present(
    target: &Path,
    previous: Vec<(String, u64, OnDisk)>,
) -> HashSet<String> {
    crate::base::io_threads::map(previous, |(path, len, disk)| {
        let here = fs::symlink_metadata(target.join(&path))
            .is_ok_and(|m| m.is_file() && m.len() == len && OnDisk::of(&m) == disk);
        here.then_some(path)
    })
    .into_iter()
    .flatten()
    .collect()
}

/// The first line of the list; a list without it (from an older build)
/// is not used, and everything is written once.
pub(super) const STAMPS_HEAD: &str = "# draaiboek bestanden 2: hash lengte mtime inode pad\n";

pub(super) fn render_stamps(stamps: &[(String, Stamp, OnDisk)]) -> String {
    let mut s = String::with_capacity(stamps.len() * 80 + STAMPS_HEAD.len());
    s.push_str(STAMPS_HEAD);
    for (path, st, disk) in stamps {
        use std::fmt::Write;
        // Into the one string: a `format!` per line of a large site was a
        // string allocated and dropped per file.
        let _ = writeln!(
            s,
            "{:016x} {} {} {} {path}",
            st.hash, st.len, disk.mtime_ns, disk.inode
        );
    }
    s
}

/// Writes the list through the cache folder's own writer (beside its
/// place, then renamed), so a build killed meanwhile leaves the old list
/// or the new one; unchanged, it is not written.
pub(super) fn save_stamps(file: &Path, stamps: &str) -> io::Result<()> {
    if fs::read(file).is_ok_and(|old| old == stamps.as_bytes()) {
        return Ok(());
    }
    crate::base::files::write_replacing(file, stamps.as_bytes())
}

pub(super) fn read_stamps(file: &Path) -> HashMap<String, (Stamp, OnDisk)> {
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
