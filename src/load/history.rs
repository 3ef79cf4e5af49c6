//! When each content file last changed, from the git history of the
//! content folder, so a page can say when it was last brought up to date
//! without an editor keeping an `updated:` field by hand (as Hugo's
//! `enableGitInfo` does).
//!
//! One `git log` for the whole folder, not one per file. Outside a git
//! work tree, or without git, there is no history and pages fall back to
//! `updated:` alone.

use crate::base::model::PartialDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The date of the last commit that changed each file under `content`,
/// by path relative to `content`.
pub fn read(content: &Path) -> HashMap<PathBuf, PartialDate> {
    let out = Command::new("git")
        .arg("-C")
        .arg(content)
        .args([
            "log",
            "--no-merges",
            "--format=%x00%cs",
            "--name-only",
            "--relative",
            "--",
            ".",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    match out {
        Ok(o) if o.status.success() => parse(&String::from_utf8_lossy(&o.stdout)),
        _ => HashMap::new(),
    }
}

/// Reads `git log` output: a `\0` and a date per commit, newest first,
/// then the files it changed; the first date seen for a file is its last.
fn parse(log: &str) -> HashMap<PathBuf, PartialDate> {
    let mut last = HashMap::new();
    let mut date = None;
    for line in log.lines() {
        if let Some(d) = line.strip_prefix('\0') {
            date = PartialDate::parse(d).ok();
        } else if let (Some(d), false) = (date, line.trim().is_empty()) {
            last.entry(PathBuf::from(line)).or_insert(d);
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_a_file_is_its_date() {
        let log = "\u{0}2024-03-05\n\nregions/a/index.md\npartners/x.md\n\u{0}\
                   2023-01-02\n\nregions/a/index.md\nthemes/t.md\n";
        let h = parse(log);
        let day = |p: &str| h.get(Path::new(p)).map(PartialDate::iso);
        assert_eq!(day("regions/a/index.md").as_deref(), Some("2024-03-05"));
        assert_eq!(day("themes/t.md").as_deref(), Some("2023-01-02"));
        assert_eq!(day("partners/x.md").as_deref(), Some("2024-03-05"));
        assert_eq!(day("pages/none.md"), None);
    }
}
