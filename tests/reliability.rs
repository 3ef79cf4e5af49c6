//! Issue 17, through the real command line: no alias, attachment, special
//! file or hand edit can lose a page, hijack an address, leak a draft or
//! hang a build. Each test is a hostile editor's or an unlucky operator's
//! move, and asserts what a reader or the operator then finds on disk.

mod common;

use common::{Run, Site};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ZUIDERLAND: &str = "content/regions/zuiderland/index.md";

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn has(r: &Run, needles: &[&str]) {
    for n in needles {
        assert!(
            r.stderr.contains(n),
            "missing {n:?} in:\n{}{}",
            r.stdout,
            r.stderr
        );
    }
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

/// A build that must fail, leaving the previous output byte for byte.
fn fails_keeping_output(site: &Site) -> Run {
    let before = tree(&site.output());
    assert!(!before.is_empty(), "build the site first");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1, "expected exit 1:\n{}{}", r.stdout, r.stderr);
    assert!(
        tree(&site.output()) == before,
        "a failed build changed output/:\n{}",
        r.stderr
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1, "check passed:\n{}", check.stderr);
    r
}

fn zuiderland_with_aliases(aliases: &str) -> String {
    format!("---\ntitle: Zuiderland\nprovince: Limburg\naliases: {aliases}\n---\nTekst.\n")
}

#[test]
fn an_alias_that_lands_on_a_page_is_an_error_at_its_line_whatever_its_spelling() {
    let site = Site::fixture();
    site.build();
    for alias in [
        "/./",
        "/",
        "/regio//noorderkwartier/",
        "/regio/./noorderkwartier/",
        "/regio/x/../noorderkwartier/",
        "/regio/noorderkwartier/convenant/.",
        "/regio/%6eoorderkwartier/",
        "/Regio/Noorderkwartier/",
        "/REGIO/NOORDERKWARTIER/CONVENANT/",
        "/partners/woonhuis/",
        "/vergelijk/",
    ] {
        site.write(
            ZUIDERLAND,
            &zuiderland_with_aliases(&format!("[\"{alias}\"]")),
        );
        let r = fails_keeping_output(&site);
        has(&r, &["regions/zuiderland/index.md:4:", "al in gebruik"]);
    }
}

#[test]
fn an_alias_in_a_folder_the_site_fills_or_on_one_of_its_files_is_refused() {
    let site = Site::fixture();
    site.build();
    for (alias, says) in [
        (
            "/regio/noorderkwartier/oud/",
            "een map die de site zelf vult",
        ),
        (
            "/regio/noorderkwartier/convenant/oud/",
            "een map die de site zelf vult",
        ),
        ("/static/oud/", "een map die de site zelf vult"),
        ("/feed.xml/", "botst met het bestand `/feed.xml`"),
        ("/Feed.XML/", "botst met het bestand `/feed.xml`"),
        ("/regio/noorderkwartier/pact.pdf", "botst met het bestand"),
    ] {
        site.write(
            ZUIDERLAND,
            &zuiderland_with_aliases(&format!("[\"{alias}\"]")),
        );
        let r = fails_keeping_output(&site);
        has(&r, &["regions/zuiderland/index.md:4:", says]);
    }
}

#[test]
fn aliases_that_mean_no_place_on_this_site_are_refused_with_a_fitting_hint() {
    let site = Site::fixture();
    site.build();
    for (alias, says, hint) in [
        (
            "//evil.example/",
            "twee schuine strepen",
            "begin het adres met één /",
        ),
        (
            "/\\\\evil.example/",
            "twee schuine strepen",
            "begin het adres met één /",
        ),
        (
            "https://oud.example.nl/regio/x/",
            "met een domein",
            "laat het domein weg",
        ),
        ("/../oud/", "boven de hoofdmap", "zonder `..`"),
        ("/%2e%2e/oud/", "boven de hoofdmap", "zonder `..`"),
        ("/a%2Fb/", "gecodeerde schuine streep", "%-codes"),
        ("/a%zz/", "hexadecimale", "%-codes"),
        ("/.git/", "met een punt begint", "zonder onderdeel"),
        ("/oud?id=3", "`?`", "alleen het pad"),
        ("/oud\u{202e}/", "U+202E", "typ het adres opnieuw"),
        ("/oud\u{200b}/", "U+200B", "typ het adres opnieuw"),
    ] {
        site.write(
            ZUIDERLAND,
            &zuiderland_with_aliases(&format!("[\"{alias}\"]")),
        );
        let r = fails_keeping_output(&site);
        has(&r, &["regions/zuiderland/index.md:4:", says, hint]);
        if !alias.contains("://") {
            assert!(!r.stderr.contains("domein"), "{alias}:\n{}", r.stderr);
        }
    }
}

#[test]
fn a_percent_escaped_alias_is_written_decoded_where_a_server_finds_it() {
    let site = Site::fixture();
    site.write(
        ZUIDERLAND,
        &zuiderland_with_aliases("[\"/caf%C3%A9/\", \"/oud//pad/./\"]"),
    );
    site.build();
    let out = site.output();
    assert!(out.join("café/index.html").is_file());
    assert!(!out.join("caf%C3%A9").exists());
    assert!(out.join("oud/pad/index.html").is_file());
    let redirect = site.page("/café/");
    assert!(redirect.contains("regio/zuiderland/"), "{redirect}");
}

#[test]
fn an_attachment_never_replaces_a_page() {
    let site = Site::fixture();
    site.build();
    let playbook = site.page("/regio/noorderkwartier/");
    for name in [
        "index.html",
        "INDEX.HTML",
        "Index.htm",
        "index.htm",
        "index.xhtml",
        "kaart.svg",
        "pagina.html",
        "script.js",
        "convenant",
        "index.pdf",
    ] {
        let file = site.content().join("regions/noorderkwartier").join(name);
        std::fs::write(&file, "<script>alert(1)</script>").unwrap();
        let r = fails_keeping_output(&site);
        has(&r, &[&format!("regions/noorderkwartier/{name}")]);
        std::fs::remove_file(file).unwrap();
    }
    // `allow_html` does not open the door either.
    let config = site.content().join("site.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{yaml}\nallow_html: true\n")).unwrap();
    std::fs::write(
        site.content().join("regions/noorderkwartier/index.html"),
        "<script>alert(1)</script>",
    )
    .unwrap();
    let r = fails_keeping_output(&site);
    has(
        &r,
        &[
            "regions/noorderkwartier/index.html",
            "kan geen bijlage zijn",
        ],
    );
    assert_eq!(site.page("/regio/noorderkwartier/"), playbook);
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_string_lossy().as_bytes()).unwrap();
    // SAFETY: a valid C string; mkfifo has no other preconditions.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// `draaiboek <args>` that must end within `limit`; killed and failed
/// otherwise, so a hang is a failure, not a stuck test run.
fn run_bounded(site: &Site, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_draaiboek"))
        .args(args)
        .current_dir(site.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            panic!("`draaiboek {}` still ran after {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn special_files_are_named_and_never_hang_a_build() {
    let site = Site::fixture();
    site.build();
    let before = tree(&site.output());
    let region = site.content().join("regions/noorderkwartier");
    type Make<'a> = Box<dyn Fn() + 'a>;
    let cases: Vec<(&str, Make)> = vec![
        (
            "FIFO as attachment",
            Box::new(|| mkfifo(&region.join("bijlage.pdf"))),
        ),
        (
            "FIFO as the covenant document",
            Box::new(|| {
                std::fs::rename(region.join("pact.pdf"), site.path().join("pact.pdf")).unwrap();
                mkfifo(&region.join("pact.pdf"));
            }),
        ),
        (
            "FIFO as a content file",
            Box::new(|| mkfifo(&site.content().join("partners/fifo.md"))),
        ),
        (
            "link to a FIFO",
            Box::new(|| {
                mkfifo(&site.content().join("pages/.pijp"));
                std::os::unix::fs::symlink(".pijp", site.content().join("pages/pijp.md")).unwrap();
            }),
        ),
        (
            "link to a device",
            Box::new(|| {
                std::os::unix::fs::symlink("/dev/zero", region.join("nul.pdf")).unwrap();
            }),
        ),
        (
            "socket as attachment",
            Box::new(|| {
                let l = std::os::unix::net::UnixListener::bind(region.join("sok.pdf")).unwrap();
                std::mem::forget(l);
            }),
        ),
    ];
    for (what, make) in cases {
        make();
        for cmd in ["build", "check"] {
            let r = run_bounded(&site, &[cmd], Duration::from_secs(20));
            assert_eq!(r.code, 1, "{what}, {cmd}:\n{}", r.stderr);
            has(&r, &["geen gewoon bestand"]);
            assert!(!r.stderr.contains("bestaat niet"), "{what}:\n{}", r.stderr);
        }
        assert!(tree(&site.output()) == before, "{what}: output changed");
        // Back to the fixture for the next case.
        for name in ["bijlage.pdf", "nul.pdf", "sok.pdf"] {
            std::fs::remove_file(region.join(name)).ok();
        }
        for rel in ["partners/fifo.md", "pages/.pijp", "pages/pijp.md"] {
            std::fs::remove_file(site.content().join(rel)).ok();
        }
        if site.path().join("pact.pdf").exists() {
            std::fs::remove_file(region.join("pact.pdf")).ok();
            std::fs::rename(site.path().join("pact.pdf"), region.join("pact.pdf")).unwrap();
        }
    }
    site.build();
}

#[test]
fn messages_fit_what_went_wrong() {
    let site = Site::fixture();
    site.build();
    let region = site.content().join("regions/noorderkwartier/index.md");
    let text = std::fs::read_to_string(&region).unwrap();
    // A path elsewhere on the computer is never offered for copying.
    for document in [
        "/etc/passwd",
        "../../geheim.pdf",
        "~/pact.pdf",
        "C:\\pact.pdf",
    ] {
        std::fs::write(
            &region,
            text.replace("document: pact.pdf", &format!("document: '{document}'")),
        )
        .unwrap();
        let r = fails_keeping_output(&site);
        has(&r, &["is een pad", "schrijf alleen de bestandsnaam"]);
        assert!(
            !r.stderr.contains(&format!("als `{document}`")),
            "{}",
            r.stderr
        );
    }
    std::fs::write(
        &region,
        text.replace("document: pact.pdf", "document: sub/pact.pdf"),
    )
    .unwrap();
    has(
        &fails_keeping_output(&site),
        &["schrijf alleen de bestandsnaam: `pact.pdf`"],
    );
    std::fs::write(&region, &text).unwrap();

    // Invisible characters in a title, named by their code point.
    for (c, name) in [
        ('\u{202E}', "U+202E"),
        ('\u{200B}', "U+200B"),
        ('\u{FEFF}', "U+FEFF"),
    ] {
        site.write(
            ZUIDERLAND,
            &format!("---\ntitle: Zuider{c}land\nprovince: Limburg\n---\nTekst.\n"),
        );
        let r = fails_keeping_output(&site);
        has(
            &r,
            &["regions/zuiderland/index.md:2:", "onzichtbare teken", name],
        );
    }
    site.write(
        "content/partners/woonhuis.md",
        "---\ntitle: \"Woon\\u200Bhuis\"\nkind: woningcorporatie\n---\n",
    );
    has(
        &fails_keeping_output(&site),
        &["partners/woonhuis.md", "U+200B"],
    );
}

#[test]
fn an_unreadable_folder_is_one_message_about_the_folder() {
    // Root reads every folder whatever its mode; the check is about what
    // an editor without that right sees.
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        let site = Site::fixture();
        site.build();
        let r = run_as_nobody_check(&site).expect("setpriv (util-linux) runs the check as nobody");
        has(&r, &["de map `partners` kan niet gelezen worden"]);
        assert!(!r.stderr.contains("maak partners/"), "{}", r.stderr);
        return;
    }
    let site = Site::fixture();
    site.build();
    let partners = site.content().join("partners");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&partners, std::fs::Permissions::from_mode(0o000)).unwrap();
    let r = site.run(&["check"]);
    std::fs::set_permissions(&partners, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(r.code, 1);
    has(&r, &["de map `partners` kan niet gelezen worden"]);
    assert!(!r.stderr.contains("maak partners/"), "{}", r.stderr);
}

/// As root, the unreadable folder is made so by an `LD_PRELOAD`-free
/// means: running the check as the user `nobody` through `setpriv`, with
/// the site readable by all but `partners/` readable by none.
fn run_as_nobody_check(site: &Site) -> Option<Run> {
    use std::os::unix::fs::PermissionsExt;
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    for e in walkdir::WalkDir::new(site.path())
        .into_iter()
        .filter_map(Result::ok)
    {
        let mode = if e.file_type().is_dir() { 0o777 } else { 0o666 };
        std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(mode)).ok();
    }
    let mut dir = site.path().to_path_buf();
    while let Some(p) = dir.parent() {
        let m = std::fs::metadata(p).ok()?.permissions().mode();
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m | 0o001)).ok();
        dir = p.to_path_buf();
    }
    let partners = site.content().join("partners");
    std::fs::set_permissions(&partners, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_draaiboek"))
        .arg("check")
        .current_dir(site.path())
        .output()
        .ok()?;
    std::fs::set_permissions(&partners, std::fs::Permissions::from_mode(0o755)).unwrap();
    Some(Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}
