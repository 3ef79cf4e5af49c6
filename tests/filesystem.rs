//! Symbolic links in the content: a loop ends with an error, not a hang;
//! a link out of the content folder is refused; a link to a file inside it
//! is read like that file.

mod common;

use common::Site;
use std::os::unix::fs::symlink;
use std::time::{Duration, Instant};

fn build_within(site: &Site, limit: Duration) -> common::Run {
    let started = Instant::now();
    let r = site.run(&["build"]);
    assert!(
        started.elapsed() < limit,
        "the build took {:?}",
        started.elapsed()
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    r
}

#[test]
fn link_loops_are_errors_not_hangs() {
    let site = Site::fixture();
    let pages = site.content().join("pages");
    symlink(pages.join("b.md"), pages.join("a.md")).unwrap();
    symlink(pages.join("a.md"), pages.join("b.md")).unwrap();
    // A folder that contains a link to its own parent.
    symlink("..", site.content().join("regions/zuiderland/terug")).unwrap();
    let r = build_within(&site, Duration::from_secs(20));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("pages/a.md"), "{}", r.stderr);
    assert!(r.stderr.contains("kring"), "{}", r.stderr);
    assert!(
        r.stderr.contains("regions/zuiderland/terug"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("map"), "{}", r.stderr);
    assert!(!site.output().exists(), "nothing is written");
}

#[test]
fn a_link_out_of_the_content_is_refused_and_a_link_inside_is_read() {
    let site = Site::fixture();
    let secret = site.path().join("geheim.md");
    std::fs::write(&secret, "---\ntitle: Geheim\n---\nWachtwoord: hunter2\n").unwrap();
    symlink(&secret, site.content().join("pages/geheim.md")).unwrap();
    let r = build_within(&site, Duration::from_secs(20));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("pages/geheim.md"), "{}", r.stderr);
    assert!(r.stderr.contains("buiten de inhoudsmap"), "{}", r.stderr);
    assert!(!site.output().exists());

    // The same page linked from inside the content folder is fine.
    std::fs::remove_file(site.content().join("pages/geheim.md")).unwrap();
    std::fs::rename(&secret, site.content().join("pages/origineel.md")).unwrap();
    symlink("origineel.md", site.content().join("pages/kopie.md")).unwrap();
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "a link inside the content is read: {}", r.stderr);
    assert!(site.page("kopie/").contains("hunter2"));
}

#[test]
fn the_parent_of_the_content_and_a_project_folder_are_never_the_output() {
    let site = Site::fixture();
    // Run from inside the content folder: `..` holds the content.
    let r = common::run_in(
        &site.content(),
        &["build", "--content", ".", "--output", ".."],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("weigering"), "{}", r.stderr);
    assert!(r.stderr.contains("waar de inhoud in staat"), "{}", r.stderr);
    // A folder that holds a project (Cargo.toml or .git).
    let project = site.path().join("project");
    std::fs::create_dir_all(project.join(".git")).unwrap();
    let r = site.run(&["build", "--output", "project"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("projectmap"), "{}", r.stderr);
    assert!(project.join(".git").is_dir(), "the project is untouched");
}
