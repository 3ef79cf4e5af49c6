//! The output is a function of the content: the shipped site and the
//! 1,000-region benchmark corpus build to exactly the bytes recorded in
//! `tests/fixtures/identity/`. A change that is meant to change no page
//! (a refactoring, a speed-up) must keep this test green; a change that is
//! meant to change pages updates the record with
//! `DRAAIBOEK_UPDATE_IDENTITY=1 cargo test --test identity`, and the diff
//! of the record shows which files it changed.

mod common;

use std::path::Path;
use std::process::Command;

/// `<hash> <length> <path>` for every file under `dir`, sorted by path;
/// the hash is FNV-1a, stable across Rust versions and machines.
fn manifest(dir: &Path) -> String {
    let mut lines: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let mut bytes = std::fs::read(e.path()).unwrap();
            // security.txt expires a year after the day of the build.
            if e.path().ends_with(".well-known/security.txt") {
                let text = String::from_utf8(bytes).unwrap();
                let kept: Vec<&str> = text
                    .lines()
                    .filter(|l| !l.starts_with("Expires: "))
                    .collect();
                bytes = kept.join("\n").into_bytes();
            }
            let hash = bytes.iter().fold(0xcbf29ce484222325u64, |h, b| {
                (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
            });
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            format!("{hash:016x} {} {rel}", bytes.len())
        })
        .collect();
    lines.sort_by(|a, b| a.splitn(3, ' ').nth(2).cmp(&b.splitn(3, ' ').nth(2)));
    lines.join("\n") + "\n"
}

fn check(name: &str, output: &Path) {
    let record = common::repo()
        .join("tests/fixtures/identity")
        .join(format!("{name}.txt"));
    let now = manifest(output);
    if std::env::var_os("DRAAIBOEK_UPDATE_IDENTITY").is_some() {
        std::fs::create_dir_all(record.parent().unwrap()).unwrap();
        std::fs::write(&record, &now).unwrap();
        return;
    }
    let was = std::fs::read_to_string(&record).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (make it with DRAAIBOEK_UPDATE_IDENTITY=1)",
            record.display()
        )
    });
    if was != now {
        let old: std::collections::BTreeSet<&str> = was.lines().collect();
        let new: std::collections::BTreeSet<&str> = now.lines().collect();
        let gone: Vec<&&str> = old.difference(&new).take(10).collect();
        let came: Vec<&&str> = new.difference(&old).take(10).collect();
        panic!("{name}: the output changed\nwas: {gone:#?}\nnow: {came:#?}");
    }
}

#[test]
fn the_shipped_site_builds_to_the_recorded_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let r = Command::new(env!("CARGO_BIN_EXE_draaiboek"))
        .args(["build", "--output"])
        .arg(&out)
        .current_dir(common::repo())
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    check("shipped", &out);
}

#[test]
fn the_benchmark_corpus_of_1000_regions_builds_to_the_recorded_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let repo = common::repo();
    let corpus = Command::new("bash")
        .arg(repo.join("benches/corpus.sh"))
        .arg("1000")
        .arg(dir.path())
        .env("GEN_CORPUS", repo.join("benches/gen_corpus.py"))
        .output()
        .expect("bash and python3 make the corpus");
    assert!(
        corpus.status.success(),
        "{}",
        String::from_utf8_lossy(&corpus.stderr)
    );
    let content = String::from_utf8(corpus.stdout).unwrap();
    let out = dir.path().join("output");
    let r = Command::new(env!("CARGO_BIN_EXE_draaiboek"))
        .args(["build", "--content", content.trim(), "--themes"])
        .arg(repo.join("themes"))
        .arg("--output")
        .arg(&out)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    check("corpus-1000", &out);
}
