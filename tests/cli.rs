//! The commands an editor types: `check` and `new region`.

mod common;

use common::Site;
use std::fs;

#[test]
fn check_validates_everything_and_writes_nothing() {
    let site = Site::fixture();
    let r = site.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Alles in orde"), "{}", r.stdout);
    assert!(!site.output().exists());
    let leftovers = fs::read_dir(site.path()).unwrap().count();
    assert_eq!(leftovers, 2, "only content/ and themes/");
}

#[test]
fn new_region_scaffolds_every_field_and_builds() {
    let site = Site::fixture();
    let r = site.run(&["new", "region", "west-brabant"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let path = site.content().join("regions/west-brabant/index.md");
    let text = fs::read_to_string(&path).unwrap();
    for field in [
        "title:",
        "province:",
        "municipalities:",
        "programme:",
        "covenant:",
        "  name:",
        "  kind:",
        "  status:",
        "  signed:",
        "  signatories:",
        "  term_years:",
        "  homes_per_year:",
        "  distribution_key:",
        "  document:",
        "  elements:",
        "partners:",
        "principles:",
        "agreements:",
        "process:",
        "lessons:",
        "sources:",
        "aliases:",
        "draft:",
        "extra:",
    ] {
        let line = text
            .lines()
            .position(|l| l.starts_with(field))
            .unwrap_or_else(|| panic!("{field} missing"));
        let before = text.lines().nth(line - 1).unwrap();
        assert!(
            before.trim_start().starts_with('#'),
            "{field} has a Dutch comment above it"
        );
    }
    // The new file is valid: the site still builds, and with --drafts the
    // region appears.
    site.build();
    assert!(
        !site.output().join("regio/west-brabant").exists(),
        "scaffold is a draft"
    );
    let r = site.run(&["build", "--drafts"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        site.page("regio/west-brabant/")
            .contains("<h1>West Brabant</h1>")
    );
}

#[test]
fn new_region_refuses_to_overwrite() {
    let site = Site::fixture();
    let path = site.content().join("regions/zuiderland/index.md");
    let before = fs::read(&path).unwrap();
    let r = site.run(&["new", "region", "zuiderland"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("bestaat al"), "{}", r.stderr);
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn new_region_rejects_a_slug_that_cannot_be_an_address() {
    let site = Site::fixture();
    let r = site.run(&["new", "region", "Groot Amsterdam"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("groot-amsterdam"),
        "suggests a slug: {}",
        r.stderr
    );
    assert!(!site.content().join("regions/Groot Amsterdam").exists());
}
