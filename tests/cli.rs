//! The commands an editor types: `check` and `new <soort>`.

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
fn new_makes_every_content_type_and_each_builds_into_its_page() {
    let site = Site::fixture();
    for args in [
        &[
            "new",
            "partner",
            "woonstichting-oost",
            "--kind",
            "woningcorporatie",
        ][..],
        &[
            "new",
            "theme",
            "nazorg",
            "--title",
            "Nazorg na de verhuizing",
        ],
        &["new", "step", "intake"],
        &["new", "element", "huisregels"],
        &["new", "page", "colofon"],
        &["new", "programme", "thuis-in-de-wijk"],
    ] {
        let r = site.run(args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(r.stdout.contains("Nieuw bestand"), "{}", r.stdout);
    }
    // A theme needs its definition; `check` says so at the field's line.
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("`definition` is leeg") && r.stderr.contains("themes/nazorg.md:"),
        "{}",
        r.stderr
    );
    let theme = site.content().join("themes/nazorg.md");
    let text = fs::read_to_string(&theme).unwrap();
    fs::write(
        &theme,
        text.replace(
            "definition:\n",
            "definition: Wat er na de verhuizing gebeurt.\n",
        ),
    )
    .unwrap();
    let page = site.content().join("pages/colofon.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, text.replace("draft: true", "draft: false")).unwrap();
    let r = site.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    site.build();
    assert!(
        site.page("partners/woonstichting-oost/")
            .contains("Woonstichting Oost")
    );
    let partners = site.page("partners/");
    assert!(
        partners.contains("Woonstichting Oost"),
        "listed under its kind"
    );
    assert!(
        site.page("themas/nazorg/")
            .contains("Nazorg na de verhuizing")
    );
    assert!(site.page("aanpak/").contains("Intake"));
    assert!(site.page("aanpak/convenant/").contains("Huisregels"));
    assert!(site.page("colofon/").contains("<h1>Colofon</h1>"));
    assert!(
        site.page("programma/thuis-in-de-wijk/")
            .contains("Thuis in de wijk")
    );
    // A new step, element or theme comes after the existing ones.
    let step = fs::read_to_string(site.content().join("steps/intake.md")).unwrap();
    assert!(step.contains("order: 3"), "{step}");
}

#[test]
fn new_partner_needs_a_kind_from_the_list_and_suggests_one() {
    let site = Site::fixture();
    for (args, hint) in [
        (&["new", "partner", "x"][..], "--kind"),
        (
            &["new", "partner", "x", "--kind", "corporatie"],
            "woningcorporatie",
        ),
        (
            &["new", "partner", "x", "--kind", "zorgaanbeider"],
            "zorgaanbieder",
        ),
    ] {
        let r = site.run(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains(hint), "{args:?}: {}", r.stderr);
    }
    assert!(!site.content().join("partners/x.md").exists());
    let r = site.run(&["new", "partner", "woonhuis", "--kind", "overig"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("bestaat al"), "{}", r.stderr);
}

#[test]
fn items_typed_under_the_scaffold_lists_are_read() {
    let site = Site::fixture();
    let r = site.run(&["new", "region", "west-brabant"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let path = site.content().join("regions/west-brabant/index.md");
    let text = fs::read_to_string(&path).unwrap();
    // As an editor does: type items under the list lines, leave the
    // example comments where they are.
    let typed = text
        .replace(
            "municipalities:\n",
            "municipalities:\n  - Breda\n  - Oosterhout\n",
        )
        .replace(
            "partners:\n",
            "partners:\n  - id: woonhuis\n    role: trekker\n",
        )
        .replace(
            "sources:\n",
            "sources:\n  - id: bron\n    title: Een bron\n    url: https://bron.example.org/wb\n",
        )
        .replace("draft: true", "draft: false");
    fs::write(&path, typed).unwrap();
    let r = site.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    site.build();
    let page = site.page("regio/west-brabant/");
    assert!(
        page.contains("Oosterhout") && page.contains("Woonhuis"),
        "{page}"
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
