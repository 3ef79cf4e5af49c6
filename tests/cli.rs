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

/// A tiny HTTP server on 127.0.0.1: `/ok` answers 200, everything else 404.
/// Returns its port; it serves until the test process ends.
fn status_server() -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 2048];
            let n = s.read(&mut buf).unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]);
            let status = if head.starts_with("GET /ok ") || head.starts_with("HEAD /ok ") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(
                s,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    port
}

#[test]
fn check_external_reports_a_dead_outside_link_at_its_place_or_is_skipped_without_curl() {
    if std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "curl is needed for check --external (.ci/run installs it)"
        );
        eprintln!("SKIPPED: curl not found; install it with: apt-get install curl");
        return;
    }
    let port = status_server();
    let site = Site::fixture();
    let path = site.content().join("regions/zuiderland/index.md");
    let text = fs::read_to_string(&path).unwrap();
    let dead = format!("http://127.0.0.1:{port}/weg");
    let alive = format!("http://127.0.0.1:{port}/ok");
    let text =
        format!("{text}\nMeer bij [de provincie]({dead}) en bij [de corporatie]({alive}).\n");
    site.write("content/regions/zuiderland/index.md", &text);
    let line = text.lines().position(|l| l.contains("/weg")).unwrap() + 1;
    let col = text.lines().nth(line - 1).unwrap().find(&dead).unwrap() + 1;

    // Without --external nothing goes out and all is well.
    let r = site.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let r = site.run(&["check", "--external"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains(&format!("externe link `{dead}` antwoordt met status 404")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains(&format!("regions/zuiderland/index.md:{line}:{col}")),
        "the place of the address: {}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("/ok`"),
        "the live link is fine: {}",
        r.stderr
    );
}

/// `build --timings` places a regression: time per stage, files and bytes,
/// memory and processor time after each stage, CPU time per kind of page.
#[test]
fn build_timings_name_every_stage_with_time_files_and_memory() {
    let site = Site::fixture();
    let r = site.run(&["build", "--timings"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = |start: &str| {
        r.stdout
            .lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line {start:?} in:\n{}", r.stdout))
            .to_string()
    };
    let times = line("tijden: ");
    for stage in [
        "laden",
        "verwijzingen",
        "renderen en wegschrijven",
        "index en feeds",
        "links",
        "vastleggen",
    ] {
        assert!(
            times.contains(&format!("{stage} ")) && times.contains(" ms"),
            "{stage}: {times}"
        );
    }
    let files = line("bestanden: ");
    let bytes: u64 = files
        .split(['(', ' '])
        .find_map(|w| w.parse().ok().filter(|&n: &u64| n > 1000))
        .unwrap_or_else(|| panic!("no byte count: {files}"));
    let on_disk: u64 = walk_bytes(&site.output());
    assert_eq!(bytes, on_disk, "{files}");
    if cfg!(target_os = "linux") {
        let memory = line("geheugen na: ");
        for stage in ["laden", "renderen", "index en feeds", "vastleggen"] {
            assert!(memory.contains(&format!("{stage} ")), "{memory}");
        }
        assert!(memory.contains("MiB (piek "), "{memory}");
        // Processor time per stage, with the cores it kept busy: a stage
        // that runs on one core of two shows as about 1.0.
        let cpu = line("processortijd: ");
        for stage in ["laden", "renderen", "index en feeds", "vastleggen"] {
            let at = cpu
                .find(&format!("{stage} "))
                .unwrap_or_else(|| panic!("{stage}: {cpu}"));
            let rest = &cpu[at + stage.len() + 1..];
            let (used, cores) = rest
                .split_once(" ms (")
                .and_then(|(u, c)| Some((u.parse::<u64>().ok()?, c.split_once(" kernen)")?.0)))
                .unwrap_or_else(|| panic!("{stage}: {cpu}"));
            let cores: f64 = cores.parse().unwrap_or_else(|_| panic!("{stage}: {cpu}"));
            assert!(used < 60_000 && (0.0..=64.0).contains(&cores), "{cpu}");
        }
    }
    assert!(
        r.stdout.contains("  regio: ") && r.stdout.contains("(processortijd)"),
        "{}",
        r.stdout
    );
}

/// Bytes of the site's files (not draaiboek's own bookkeeping dotfiles).
fn walk_bytes(dir: &std::path::Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
        .sum()
}
