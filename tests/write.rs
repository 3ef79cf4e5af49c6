//! The write stage: a rebuild writes only what changed, the result is the
//! same as a build from scratch, and a build that fails or is interrupted
//! at any point leaves the previous output byte for byte, with no
//! temporary folders left behind.

mod common;

use common::Site;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

/// Every file under `dir` by its path in the site, with what `of` reads.
fn each_file<T>(dir: &Path, of: impl Fn(&walkdir::DirEntry) -> T) -> BTreeMap<String, T> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, of(&e))
        })
        .collect()
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    each_file(dir, |e| std::fs::read(e.path()).unwrap())
}

fn mtimes(dir: &Path) -> BTreeMap<String, SystemTime> {
    each_file(dir, |e| e.metadata().unwrap().modified().unwrap())
}

/// Entries next to the output that a build may have left behind.
fn leftovers(site: &Site) -> Vec<String> {
    std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output"))
        .collect()
}

fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let p = site.content().join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(p, text.replacen(from, to, 1)).unwrap();
}

/// A build from scratch of the same content, for comparison.
fn fresh(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let out = site.path().join("vers");
    let r = site.run(&["build", "--output", "vers"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let t = tree(&out);
    std::fs::remove_dir_all(out).unwrap();
    t
}

#[test]
fn rebuild_writes_only_changed_files_and_equals_a_fresh_build() {
    let site = Site::fixture();
    let first = site.build();
    assert!(first.stdout.contains("verwijderd"), "{}", first.stdout);
    let before = mtimes(&site.output());
    std::thread::sleep(Duration::from_millis(20));

    let again = site.build();
    assert!(
        again.stdout.contains(" 0 gewijzigd, 0 verwijderd"),
        "an unchanged rebuild writes nothing: {}",
        again.stdout
    );
    assert_eq!(mtimes(&site.output()), before, "no file was touched");

    edit(
        &site,
        "regions/zuiderland/index.md",
        "title: Zuiderland",
        "title: Zuiderland-Oost",
    );
    let r = site.build();
    let after = mtimes(&site.output());
    let touched: Vec<&String> = after
        .iter()
        .filter(|(p, t)| before.get(*p) != Some(t) && !p.starts_with(".draaiboek-"))
        .map(|(p, _)| p)
        .collect();
    assert!(touched.contains(&&"regio/zuiderland/index.html".to_string()));
    assert!(
        !touched.contains(&&"regio/noorderkwartier/convenant/index.html".to_string()),
        "a page that does not show the renamed region is left alone: {touched:?}"
    );
    assert!(
        touched.len() < after.len() / 2,
        "{} of {}",
        touched.len(),
        after.len()
    );
    assert!(
        r.stdout.contains(&format!(" {} gewijzigd", touched.len())),
        "{}",
        r.stdout
    );
    assert_eq!(tree(&site.output()), fresh(&site));

    // A region that goes away takes its files with it.
    std::fs::remove_dir_all(site.content().join("regions/zuiderland")).unwrap();
    std::fs::write(site.content().join("published-urls.txt"), "").unwrap();
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!site.output().join("regio/zuiderland").exists());
    assert_eq!(tree(&site.output()), fresh(&site));
    assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));
}

/// (front matters taken from the previous build, front matters parsed),
/// from `build --timings`.
fn front_matter(site: &Site) -> (usize, usize) {
    let r = site.run(&["build", "--timings"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("front matter: "))
        .unwrap_or_else(|| panic!("no front matter line:\n{}", r.stdout));
    let numbers: Vec<usize> = line
        .split(' ')
        .filter_map(|w| w.trim_end_matches(',').parse().ok())
        .collect();
    assert_eq!(numbers.len(), 2, "{line}");
    (numbers[0], numbers[1])
}

/// A rebuild takes the front matter of unchanged files from what the
/// previous build parsed, parses only the edited file, and still builds
/// exactly what a build from scratch builds; a damaged cache only costs
/// time.
#[test]
fn a_rebuild_parses_only_the_front_matter_that_changed() {
    let site = Site::fixture();
    let (found, parsed) = front_matter(&site);
    assert_eq!(found, 0, "a first build has nothing to reuse");
    assert!(parsed > 10, "{parsed}");
    let all = parsed;
    assert_eq!(front_matter(&site), (all, 0));

    edit(
        &site,
        "regions/zuiderland/index.md",
        "title: Zuiderland",
        "title: Zuiderland-Oost",
    );
    assert_eq!(front_matter(&site), (all - 1, 1));
    let built = tree(&site.output());
    let page = String::from_utf8_lossy(&built["regio/zuiderland/index.html"]).into_owned();
    assert!(page.contains("Zuiderland-Oost"), "the edit shows");
    assert_eq!(built, fresh(&site));

    // An entry changed by hand is not taken on trust: the file is parsed
    // again, and the build equals a fresh one.
    let cache = site.path().join(".draaiboek/geparst");
    assert!(!site.output().join(".draaiboek-geparst").exists());
    let text = std::fs::read_to_string(&cache).unwrap();
    assert!(
        text.contains("\"homes_per_year\":"),
        "{}",
        &text[..200.min(text.len())]
    );
    let damaged: String = text
        .lines()
        .map(|l| {
            let mut l = l.to_string();
            if let Some(i) = l.find("\"homes_per_year\":") {
                let value_end = l[i..].find([',', '}']).map_or(l.len(), |e| i + e);
                l.replace_range(i..value_end, "\"homes_per_year\":-5");
            }
            l + "\n"
        })
        .collect();
    std::fs::write(&cache, damaged).unwrap();
    let (found, parsed) = front_matter(&site);
    assert!(parsed >= 1 && found + parsed == all, "{found} + {parsed}");
    assert_eq!(tree(&site.output()), fresh(&site));

    std::fs::write(&cache, "geen cache").unwrap();
    assert_eq!(front_matter(&site), (0, all));
    assert_eq!(front_matter(&site), (all, 0));
}

#[test]
fn a_rebuild_puts_back_output_files_removed_or_changed_by_hand() {
    let site = Site::fixture();
    site.build();
    let good = tree(&site.output());
    let before = mtimes(&site.output());
    std::thread::sleep(Duration::from_millis(20));
    let gone = "regio/noorderkwartier/convenant/index.html";
    let shortened = "themas/index.html";
    std::fs::remove_file(site.output().join(gone)).unwrap();
    std::fs::write(site.output().join(shortened), "kapot").unwrap();

    let r = site.build();
    assert!(r.stdout.contains(" 2 gewijzigd"), "{}", r.stdout);
    assert_eq!(tree(&site.output()), good, "both files are back");
    let touched: Vec<String> = mtimes(&site.output())
        .into_iter()
        .filter(|(p, t)| before.get(p) != Some(t) && !p.starts_with(".draaiboek-"))
        .map(|(p, _)| p)
        .collect();
    // Sorted by path, and nothing else was written.
    assert_eq!(touched, vec![gone.to_string(), shortened.to_string()]);
}

#[test]
fn a_failed_build_leaves_the_output_byte_for_byte() {
    let site = Site::fixture();
    site.build();
    let before = tree(&site.output());
    edit(
        &site,
        "regions/zuiderland/index.md",
        "title: Zuiderland",
        "title: Zuiderland-Oost",
    );

    // Content error: nothing rendered, nothing written.
    edit(
        &site,
        "regions/noorderkwartier/index.md",
        "programme: thuisprogramma",
        "programme: bestaat-niet",
    );
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("niet aangeraakt"), "{}", r.stderr);
    assert_eq!(tree(&site.output()), before);
    assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));
    edit(
        &site,
        "regions/noorderkwartier/index.md",
        "programme: bestaat-niet",
        "programme: thuisprogramma",
    );

    // Write failures while staging and half-way through moving files in.
    for fail in [
        "stage:regio/zuiderland/index.html",
        "commit:regio/zuiderland/index.html",
        "commit:feed.xml",
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_draaiboek"))
            .arg("build")
            .current_dir(site.path())
            .env("DRAAIBOEK_FAIL_WRITE", fail)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{fail}: {stderr}");
        assert!(stderr.contains("gesimuleerd"), "{fail}: {stderr}");
        assert_eq!(tree(&site.output()), before, "{fail}: the output changed");
        assert!(
            leftovers(&site).is_empty(),
            "{fail}: {:?}",
            leftovers(&site)
        );
    }
    // And the next build goes through.
    site.build();
    assert_eq!(tree(&site.output()), fresh(&site));
}

/// The fixture with `n` more regions, so a build takes long enough to be
/// interrupted in each of its stages.
fn big_site(n: usize) -> Site {
    let site = Site::fixture();
    let template =
        std::fs::read_to_string(site.content().join("regions/zuiderland/index.md")).unwrap();
    for i in 0..n {
        let text = template.replacen("title: Zuiderland", &format!("title: Regio {i}"), 1);
        site.write(&format!("content/regions/regio-{i}/index.md"), &text);
    }
    std::fs::remove_file(site.content().join("published-urls.txt")).ok();
    site
}

#[test]
fn ctrl_c_leaves_the_old_or_the_new_output_never_a_mix() {
    let site = big_site(400);
    site.build();
    let old = tree(&site.output());
    for i in 0..400 {
        edit(
            &site,
            &format!("regions/regio-{i}/index.md"),
            &format!("title: Regio {i}"),
            &format!("title: Gebied {i}"),
        );
    }
    let new = fresh(&site);
    assert_ne!(old, new);
    let mut outcomes = BTreeMap::new();
    for delay in [20, 60, 120, 200, 300, 450, 700, 1000, 1500] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_draaiboek"))
            .arg("build")
            .current_dir(site.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        // SAFETY: sending a signal to our own child process.
        unsafe {
            libc::kill(child.id() as i32, libc::SIGINT);
        }
        let status = child.wait().unwrap();
        let now = tree(&site.output());
        let which = if now == old {
            "old"
        } else if now == new {
            "new"
        } else {
            panic!("after Ctrl-C at {delay} ms the output is a mix (exit {status})");
        };
        assert!(
            leftovers(&site).is_empty(),
            "{delay} ms: {:?}",
            leftovers(&site)
        );
        outcomes.insert(delay, which);
        if which == "new" {
            // Back to the old output for the next round.
            std::fs::remove_dir_all(site.output()).unwrap();
            for i in 0..400 {
                edit(
                    &site,
                    &format!("regions/regio-{i}/index.md"),
                    &format!("title: Gebied {i}"),
                    &format!("title: Regio {i}"),
                );
            }
            site.build();
            assert_eq!(tree(&site.output()), old);
            for i in 0..400 {
                edit(
                    &site,
                    &format!("regions/regio-{i}/index.md"),
                    &format!("title: Regio {i}"),
                    &format!("title: Gebied {i}"),
                );
            }
        }
    }
    assert!(
        outcomes.values().any(|w| *w == "old"),
        "no interruption landed before the output was touched: {outcomes:?}"
    );
    eprintln!("Ctrl-C outcomes by delay: {outcomes:?}");
}

#[test]
fn one_thread_and_many_threads_write_the_same_bytes() {
    let site = big_site(60);
    let run = |threads: &str, out: &str| {
        let r = Command::new(env!("CARGO_BIN_EXE_draaiboek"))
            .args(["build", "--output", out])
            .current_dir(site.path())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        tree(&site.path().join(out))
    };
    let one = run("1", "een");
    let many = run("4", "veel");
    assert_eq!(one.len(), many.len());
    for (path, bytes) in &one {
        assert!(
            many.get(path) == Some(bytes),
            "{path} differs between 1 and 4 threads"
        );
    }
    // And a second build of the same content is identical too.
    let again = run("4", "nogmaals");
    assert_eq!(again, many);
}
