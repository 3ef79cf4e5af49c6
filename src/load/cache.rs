//! Front matter as the previous build parsed it, so a rebuild parses only
//! the files whose front matter changed.
//!
//! libyaml is slow per byte: in a rebuild of thousands of regions, parsing
//! YAML was the largest single cost (benches/PERFORMANCE.md). The previous build leaves what it parsed as JSON in a cache
//! folder beside the content ([`file_for`]), which reads back in a
//! fraction of that time. It is never in the output: it holds every front
//! matter, drafts and `extra:` included, and whatever is in the output
//! folder is published by any static server.
//!
//! The cache can only change how fast a build is, never what it builds:
//! - an entry is found by the exact text of the front matter and the type it
//!   was read as;
//! - it is read back through the same `Deserialize` as the YAML, so every
//!   check of the content model (ranges, dates, unknown fields) runs again;
//! - it is only written when reading it back gives a value equal to the one
//!   YAML gave; a value JSON cannot carry (a YAML tag under `extra:`) is
//!   simply parsed from YAML every time;
//! - every entry carries a keyed checksum (SipHash) of its key and JSON,
//!   under a secret key kept in the user's own cache folder, outside the
//!   project ([`secret`]): an entry changed on disk, by accident or by
//!   hand with a checksum recomputed, does not match and the YAML is
//!   parsed again. Without a key (no home folder), nothing is cached. A
//!   file from another draaiboek binary is ignored.

use crate::base::files::{folder_for, write_replacing};
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use xxhash_rust::xxh3::{xxh3_64, xxh3_128_with_seed};

/// The name the cache had inside the output folder, where earlier builds
/// left it; a build removes it from there.
pub const OLD_FILE: &str = ".draaiboek-geparst";

/// The parse cache of the content at `content`.
pub fn file_for(content: &Path) -> PathBuf {
    folder_for(content).join("geparst")
}

/// The JSON of one entry.
enum Entry {
    /// Where it is in the previous file.
    Previous(Range<usize>),
    New(Box<str>),
}

/// See the module documentation. Shared by the loading threads.
#[derive(Default)]
pub struct Cache {
    /// Where the cache is kept; `None` for a run without one.
    file: Option<PathBuf>,
    /// The first line of the file for this binary (see [`header`]).
    head: String,
    /// The key of the entries' checksums (see [`secret`]).
    secret: [u8; 16],
    /// The previous build's file and, per key, where its JSON is in it and
    /// the checksum it carries (checked when the entry is used, on the
    /// loading threads).
    text: String,
    previous: FxHashMap<u128, (Range<usize>, u64)>,
    /// Entries this build used, found or new: the next file.
    used: Mutex<Vec<(u128, Entry)>>,
    /// After [`Cache::loaded`]: the next file, when it differs from the
    /// previous one.
    next: Option<String>,
    found: AtomicUsize,
    parsed: AtomicUsize,
    /// Entries parsed in this build and kept: the file must be written.
    added: AtomicUsize,
}

impl Cache {
    /// A run without a cache: every front matter is parsed (check, serve).
    pub fn none() -> Cache {
        Cache::default()
    }

    /// The cache kept at `file`; empty when there is none yet, or when it
    /// was written by another binary or cannot be read.
    pub fn open(file: PathBuf) -> Cache {
        let mut cache = Cache {
            file: Some(file),
            ..Cache::default()
        };
        let (Some(head), Some(secret)) = (header(), secret()) else {
            // Without knowing which binary this is, or without a key to
            // check an entry with, an old entry cannot be trusted, and none
            // is written.
            cache.file = None;
            return cache;
        };
        cache.head = head;
        cache.secret = secret;
        let Some(text) = cache
            .file
            .as_deref()
            .and_then(|f| std::fs::read_to_string(f).ok())
        else {
            return cache;
        };
        if !text.starts_with(&cache.head) {
            return cache;
        }
        let mut at = cache.head.len();
        for line in text[at..].split_inclusive('\n') {
            let start = at;
            at += line.len();
            // <key>\t<checksum>\t<json>\n
            let mut fields = line.trim_end_matches('\n').splitn(3, '\t');
            let (Some(key_hex), Some(check_hex), Some(json)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let (Ok(key), Ok(check)) = (
                u128::from_str_radix(key_hex, 16),
                u64::from_str_radix(check_hex, 16),
            ) else {
                continue;
            };
            let json_start = start + key_hex.len() + check_hex.len() + 2;
            cache
                .previous
                .insert(key, (json_start..json_start + json.len(), check));
        }
        cache.text = text;
        cache
    }

    /// `parse()` of the front matter `yaml` as a `T`, or the value the
    /// previous build parsed from the same text.
    pub fn parse<T, E>(&self, yaml: &str, parse: impl FnOnce() -> Result<T, E>) -> Result<T, E>
    where
        T: Serialize + DeserializeOwned + PartialEq,
    {
        if self.file.is_none() {
            return parse();
        }
        let key = key::<T>(yaml);
        if let Some((range, check)) = self.previous.get(&key) {
            let json = &self.text[range.clone()];
            if checksum(&self.secret, key, json) == *check
                && let Ok(value) = serde_json::from_str::<T>(json)
            {
                self.found.fetch_add(1, Ordering::Relaxed);
                self.keep(key, Entry::Previous(range.clone()));
                return Ok(value);
            }
        }
        let value = parse()?;
        self.parsed.fetch_add(1, Ordering::Relaxed);
        if let Ok(json) = serde_json::to_string(&value)
            && serde_json::from_str::<T>(&json).is_ok_and(|back| back == value)
        {
            self.added.fetch_add(1, Ordering::Relaxed);
            self.keep(key, Entry::New(json.into_boxed_str()));
        }
        Ok(value)
    }

    fn keep(&self, key: u128, json: Entry) {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((key, json));
    }

    /// (front matters taken from the previous build, front matters parsed).
    pub fn counts(&self) -> (usize, usize) {
        (
            self.found.load(Ordering::Relaxed),
            self.parsed.load(Ordering::Relaxed),
        )
    }

    /// Ends the loading: makes the next file if it differs from the
    /// previous one, and lets go of the previous one, so the rest of the
    /// build does not carry it.
    pub fn loaded(&mut self) {
        let used = std::mem::take(self.used.get_mut().unwrap_or_else(|e| e.into_inner()));
        let previous = std::mem::take(&mut self.previous);
        let text = std::mem::take(&mut self.text);
        if self.file.is_none() {
            return;
        }
        let mut used = used;
        used.sort_unstable_by_key(|(k, _)| *k);
        used.dedup_by_key(|(k, _)| *k);
        // A rebuild of unchanged content uses exactly the previous entries,
        // all of them read back: the file stays as it is.
        if *self.added.get_mut() == 0 && used.len() == previous.len() {
            return;
        }
        fn json<'t>(text: &'t str, e: &'t Entry) -> &'t str {
            match e {
                Entry::Previous(r) => &text[r.clone()],
                Entry::New(j) => j,
            }
        }
        // Per line: 32 + 16 hex digits, two tabs and the newline.
        let mut next = String::with_capacity(
            self.head.len()
                + used
                    .iter()
                    .map(|(_, e)| json(&text, e).len() + 51)
                    .sum::<usize>(),
        );
        next.push_str(&self.head);
        for (key, entry) in &used {
            let json = json(&text, entry);
            let check = checksum(&self.secret, *key, json);
            next.push_str(&format!("{key:032x}\t{check:016x}\t"));
            next.push_str(json);
            next.push('\n');
        }
        self.next = Some(next);
    }

    /// Writes the file [`Cache::loaded`] made, if any. Call it only once the
    /// output is in place: the cache describes a build that succeeded.
    pub fn save(self) -> std::io::Result<()> {
        match (self.file, self.next) {
            (Some(file), Some(next)) => write_replacing(&file, next.as_bytes()),
            _ => Ok(()),
        }
    }
}

/// The text and the type it is read as: the same YAML read as a partner
/// and as a region are different entries.
fn key<T>(yaml: &str) -> u128 {
    xxh3_128_with_seed(
        yaml.as_bytes(),
        xxh3_64(std::any::type_name::<T>().as_bytes()),
    )
}

/// The keyed checksum of one entry: its key and its JSON, so an entry
/// cannot be moved to another key either.
fn checksum(secret: &[u8; 16], key: u128, json: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = siphasher::sip::SipHasher13::new_with_key(secret);
    h.write(&key.to_le_bytes());
    h.write(json.as_bytes());
    h.finish()
}

/// This user's key for the checksums, made on first use: 16 random bytes
/// in `$XDG_CACHE_HOME/draaiboek/sleutel` (or `~/.cache/...`), readable by
/// the user alone. It lives outside the project, so whoever can change
/// the project's cache folder (a shared drive, a checkout, an archive)
/// cannot make an entry that passes.
pub fn secret() -> Option<[u8; 16]> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let file = base.join("draaiboek").join("sleutel");
    let read = |f: &Path| -> Option<[u8; 16]> {
        let bytes = std::fs::read(f).ok()?;
        bytes.try_into().ok()
    };
    if let Some(k) = read(&file) {
        return Some(k);
    }
    let mut key = [0u8; 16];
    // SAFETY: getrandom writes at most `key.len()` bytes into `key`.
    let got = unsafe { libc::getrandom(key.as_mut_ptr().cast(), key.len(), 0) };
    if got != key.len() as isize {
        return None;
    }
    std::fs::create_dir_all(file.parent()?).ok()?;
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    // Made anew only when missing: two builds at once both read the one
    // that was written first.
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&file)
    {
        f.write_all(&key).ok()?;
    }
    read(&file)
}

/// The first line of the file: the format and this binary (its version,
/// size and time of writing). A model that changed between two builds of
/// draaiboek may read the same JSON differently, so a new binary starts
/// afresh.
fn header() -> Option<String> {
    let exe = std::env::current_exe().ok()?.metadata().ok()?;
    let written = exe
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!(
        "draaiboek geparst 2 {} {} {}\n",
        env!("CARGO_PKG_VERSION"),
        exe.len(),
        written.as_nanos()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::model::RegionMeta;

    const YAML: &str = "title: Regio Test\ncovenant:\n  signed: 2023-06\n  homes_per_year: 120\nextra:\n  inwoners: 12000\n";

    fn yaml(text: &str) -> Result<RegionMeta, String> {
        serde_yaml::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn a_second_run_reads_what_the_first_parsed_and_gets_the_same_value() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("geparst");
        let mut first = Cache::open(file.clone());
        let a = first.parse(YAML, || yaml(YAML)).unwrap();
        assert_eq!(first.counts(), (0, 1));
        first.loaded();
        first.save().unwrap();

        let second = Cache::open(file.clone());
        let b = second
            .parse(YAML, || -> Result<RegionMeta, String> {
                panic!("parsed again")
            })
            .unwrap();
        assert_eq!(a, b);
        assert_eq!(second.counts(), (1, 0));

        // Another text is parsed; the type is part of the key.
        let other = "title: Regio Anders\n";
        let third = Cache::open(file.clone());
        third.parse(other, || yaml(other)).unwrap();
        assert_eq!(third.counts(), (0, 1));
        let as_theme = third.parse(YAML, || {
            serde_yaml::from_str::<crate::base::model::PageMeta>("title: x")
                .map_err(|e| e.to_string())
        });
        assert!(as_theme.is_ok());
        assert_eq!(third.counts(), (0, 2));
    }

    #[test]
    fn a_damaged_or_foreign_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("geparst");
        let mut first = Cache::open(file.clone());
        first.parse(YAML, || yaml(YAML)).unwrap();
        first.loaded();
        first.save().unwrap();
        let text = std::fs::read_to_string(&file).unwrap();

        // Bytes changed on disk: the checksum no longer matches.
        let (head, entries) = text.split_at(text.find('\n').unwrap() + 1);
        std::fs::write(&file, format!("{head}{}", entries.replace("120", "121"))).unwrap();
        let damaged = Cache::open(file.clone());
        let v = damaged.parse(YAML, || yaml(YAML)).unwrap();
        assert_eq!(v.covenant.and_then(|c| c.homes_per_year), Some(120));
        assert_eq!(damaged.counts(), (0, 1));

        // A whole entry, checksum included, that the model refuses (as a
        // changed model would): the YAML is parsed again.
        let refused: String = text
            .lines()
            .map(|l| match l.splitn(3, '\t').collect::<Vec<_>>()[..] {
                [key, _, json] => {
                    let json = json.replace("120", "-5");
                    let k = u128::from_str_radix(key, 16).unwrap();
                    let check = checksum(&secret().unwrap(), k, &json);
                    format!("{key}\t{check:016x}\t{json}\n")
                }
                _ => format!("{l}\n"),
            })
            .collect();
        assert!(refused.contains("-5"), "{refused}");
        std::fs::write(&file, refused).unwrap();
        let refusing = Cache::open(file.clone());
        let v = refusing.parse(YAML, || yaml(YAML)).unwrap();
        assert_eq!(v.covenant.and_then(|c| c.homes_per_year), Some(120));
        assert_eq!(refusing.counts(), (0, 1));

        // A forged entry the model accepts, with a checksum made without
        // this user's key (as anyone can who reads this code): never used.
        for key in [[0u8; 16], [7u8; 16]] {
            let forged: String = text
                .lines()
                .map(|l| match l.splitn(3, '\t').collect::<Vec<_>>()[..] {
                    [k, _, json] => {
                        let json = json.replace("120", "999");
                        let check = checksum(&key, u128::from_str_radix(k, 16).unwrap(), &json);
                        format!("{k}\t{check:016x}\t{json}\n")
                    }
                    _ => format!("{l}\n"),
                })
                .collect();
            std::fs::write(&file, forged).unwrap();
            let forging = Cache::open(file.clone());
            let v = forging.parse(YAML, || yaml(YAML)).unwrap();
            assert_eq!(v.covenant.and_then(|c| c.homes_per_year), Some(120));
            assert_eq!(forging.counts(), (0, 1));
        }

        std::fs::write(&file, text.replacen("geparst 2", "geparst 0", 1)).unwrap();
        let foreign = Cache::open(file.clone());
        foreign.parse(YAML, || yaml(YAML)).unwrap();
        assert_eq!(foreign.counts(), (0, 1));
    }

    #[test]
    fn a_value_json_cannot_carry_is_not_kept() {
        let tagged = "title: Regio Tag\nextra:\n  x: !eigen waarde\n";
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("geparst");
        let mut first = Cache::open(file.clone());
        first.parse(tagged, || yaml(tagged)).unwrap();
        first.loaded();
        first.save().unwrap();
        let second = Cache::open(file.clone());
        let v = second.parse(tagged, || yaml(tagged)).unwrap();
        assert_eq!(v, yaml(tagged).unwrap());
        assert_eq!(second.counts(), (0, 1));
    }
}
