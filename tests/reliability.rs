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
        assert!(!r.stderr.contains("onbekende partner"), "{}", r.stderr);
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
    assert!(!r.stderr.contains("onbekende partner"), "{}", r.stderr);
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

/// Every file under `dir` whose bytes contain `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    tree(dir)
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn no_byte_of_a_draft_reaches_the_output() {
    let site = Site::fixture();
    site.write(
        "content/regions/geheim/index.md",
        "---\ntitle: Geheimregio Kwartel\ndraft: true\nprovince: Utrecht\ncovenant:\n  name: Kwartelpact\n  kind: pact\n  status: signed\nextra:\n  notitie: vertrouwelijk-kwartel-7731\n---\nOnderhandelingstekst kwartel-body-5520.\n",
    );
    site.write(
        "content/pages/concept.md",
        "---\ntitle: Conceptpagina Fazant\ndraft: true\nextra: { code: fazant-extra-3141 }\n---\nTekst fazant-body-2718.\n",
    );
    site.build();
    // Twice: the second build takes the front matter from the cache.
    let r = site.build();
    assert!(r.stdout.contains("0 gewijzigd"), "{}", r.stdout);
    for marker in [
        "Kwartel",
        "kwartel-7731",
        "kwartel-body-5520",
        "Kwartelpact",
        "Fazant",
        "fazant-extra-3141",
        "fazant-body-2718",
        "geheim",
    ] {
        let found = files_containing(&site.output(), marker);
        assert!(found.is_empty(), "{marker} is in {found:?}");
    }
    // The cache, which does hold them, is beside the content, not in the
    // output, and git is told to leave it alone.
    let cache = site.path().join(".draaiboek");
    assert!(!files_containing(&cache, "kwartel-7731").is_empty());
    assert_eq!(
        std::fs::read_to_string(cache.join(".gitignore")).unwrap(),
        "*\n"
    );
    let dotfiles: Vec<String> = tree(&site.output())
        .into_keys()
        .filter(|p| p.split('/').any(|s| s.starts_with('.')))
        .collect();
    assert!(dotfiles.is_empty(), "{dotfiles:?}");
}

#[test]
fn a_forged_cache_entry_changes_nothing_that_is_published() {
    let site = Site::fixture();
    site.build();
    let good = tree(&site.output());
    let file = site.path().join(".draaiboek/geparst");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("Noorderkwartier"));
    // An editor of the cache who read the source: the title replaced and
    // the checksum made anew, with every unkeyed hash at hand and with a
    // key of zeros.
    use std::hash::Hasher;
    for scheme in ["xxh3", "sip-zero", "none"] {
        let forged: String = text
            .lines()
            .map(|l| match l.splitn(3, '\t').collect::<Vec<_>>()[..] {
                [key, _, json] => {
                    let json = json.replace("Noorderkwartier", "Vervalstkwartier");
                    let check = match scheme {
                        "xxh3" => xxhash_rust_free_hash(&json),
                        "sip-zero" => {
                            let mut h = std::hash::DefaultHasher::new();
                            h.write(json.as_bytes());
                            h.finish()
                        }
                        _ => 0,
                    };
                    format!("{key}\t{check:016x}\t{json}\n")
                }
                _ => format!("{l}\n"),
            })
            .collect();
        std::fs::write(&file, forged).unwrap();
        site.build();
        assert!(
            files_containing(&site.output(), "Vervalst").is_empty(),
            "{scheme}"
        );
        assert!(tree(&site.output()) == good, "{scheme}");
    }
}

/// A hash anyone can compute (FNV-1a), standing in for any checksum made
/// without the user's key.
fn xxhash_rust_free_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

#[test]
fn a_hand_edit_of_any_output_file_is_repaired_by_the_next_build() {
    let site = Site::fixture();
    site.build();
    let good = tree(&site.output());
    let out = site.output();
    // In place, to the same length.
    let page = out.join("regio/noorderkwartier/index.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("Noorderkwartier", "Noorderkwartjr", 1)).unwrap();
    // Replaced by a file of the same length with the old modification
    // time (as a copy with `cp -p` would).
    let css = out.join("static/favicon.svg");
    let old = std::fs::metadata(&css).unwrap();
    let bytes = std::fs::read(&css).unwrap();
    let tmp = out.join("static/nieuw.tmp");
    std::fs::write(&tmp, vec![b'x'; bytes.len()]).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&tmp)
        .unwrap()
        .set_modified(old.modified().unwrap())
        .unwrap();
    std::fs::rename(&tmp, &css).unwrap();
    // An attachment overwritten in place.
    let pdf = out.join("regio/noorderkwartier/pact.pdf");
    let len = std::fs::metadata(&pdf).unwrap().len() as usize;
    std::fs::write(&pdf, vec![b'0'; len]).unwrap();

    let r = site.build();
    // The attachment counts twice: its old address (the fixture's renamed
    // region) is a second name of the same file.
    assert!(r.stdout.contains(" 4 gewijzigd"), "{}", r.stdout);
    assert!(tree(&site.output()) == good, "the hand edits survived");
}

/// Bytes on disk of the files under `dir`, each file once however many
/// names (hard links) it has.
fn disk_bytes(dir: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let mut seen = std::collections::HashSet::new();
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| seen.insert((m.dev(), m.ino())))
        .map(|m| m.len())
        .sum()
}

#[test]
fn an_attachment_is_on_disk_once_whatever_its_number_of_old_addresses() {
    let site = Site::fixture();
    let region = site.content().join("regions/noorderkwartier");
    let big = vec![7u8; 2 * 1024 * 1024];
    std::fs::write(region.join("pact.pdf"), &big).unwrap();
    let text = std::fs::read_to_string(region.join("index.md")).unwrap();
    let aliases: Vec<String> = (0..300).map(|i| format!("/regio/oud-{i}/")).collect();
    std::fs::write(
        region.join("index.md"),
        text.replacen(
            "aliases: [",
            &format!("aliases: [{}, ", aliases.join(", ")),
            1,
        ),
    )
    .unwrap();
    std::fs::remove_file(site.content().join("published-urls.txt")).ok();
    site.build();
    let out = site.output();
    for i in [0, 150, 299] {
        let copy = std::fs::read(out.join(format!("regio/oud-{i}/pact.pdf"))).unwrap();
        assert!(copy == big, "old address {i}");
    }
    let on_disk = disk_bytes(&out);
    assert!(
        on_disk < 2 * big.len() as u64,
        "{on_disk} bytes for a {} byte attachment",
        big.len()
    );
    // A rebuild and a changed attachment keep it so.
    let bigger = vec![8u8; 3 * 1024 * 1024];
    std::fs::write(region.join("pact.pdf"), &bigger).unwrap();
    site.build();
    assert!(std::fs::read(out.join("regio/oud-7/pact.pdf")).unwrap() == bigger);
    assert!(disk_bytes(&out) < 2 * bigger.len() as u64);
}

/// Entries beside the output a build may leave (staging, backups).
fn leftovers(site: &Site) -> Vec<String> {
    std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output"))
        .collect()
}

fn build_killed_at(site: &Site, point: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_draaiboek"))
        .arg("build")
        .env("DRAAIBOEK_KILL_AT", point)
        .current_dir(site.path())
        .output()
        .unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(out.status.signal(), Some(libc::SIGKILL), "{point}");
}

/// A build that stops before rendering and never goes on (see
/// `DRAAIBOEK_STALL`), once its staging folder exists.
fn stalled_build(site: &Site) -> std::process::Child {
    let child = Command::new(env!("CARGO_BIN_EXE_draaiboek"))
        .arg("build")
        .env("DRAAIBOEK_STALL", "renderen")
        .current_dir(site.path())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let until = Instant::now() + Duration::from_secs(10);
    while leftovers(site).is_empty() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

#[test]
fn a_build_killed_with_sigkill_is_repaired_by_the_next_one() {
    let site = Site::fixture();
    // Killed between moving the old output aside and the new one in.
    site.build();
    std::fs::remove_dir_all(site.path().join(".draaiboek")).unwrap();
    build_killed_at(&site, "swap");
    assert!(!site.output().exists(), "the kill came mid-move");
    assert!(!leftovers(&site).is_empty());
    site.build();
    assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));
    let good = tree(&site.output());
    assert!(good.contains_key("index.html"));

    // Killed half-way through moving the changed files in.
    let region = site.content().join("regions/zuiderland/index.md");
    let text = std::fs::read_to_string(&region).unwrap();
    std::fs::write(
        &region,
        text.replace("title: Zuiderland", "title: Zuiderland-Oost"),
    )
    .unwrap();
    build_killed_at(&site, "commit:regio/zuiderland/index.html");
    site.build();
    assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));
    assert!(site.page("/regio/zuiderland/").contains("Zuiderland-Oost"));
    let repaired = tree(&site.output());

    // Killed while rendering: a staging folder is left; the next build
    // removes it and the output is as a fresh build makes it.
    std::fs::write(
        &region,
        text.replace("title: Zuiderland", "title: Zuiderland-West"),
    )
    .unwrap();
    let mut child = stalled_build(&site);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!leftovers(&site).is_empty(), "no staging folder was made");
    assert!(tree(&site.output()) == repaired, "the output was touched");
    site.build();
    assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));
    assert!(site.page("/regio/zuiderland/").contains("Zuiderland-West"));
}

#[test]
fn ctrl_c_and_sigterm_end_a_stuck_build_within_a_second_leaving_the_old_output() {
    let site = Site::fixture();
    site.build();
    let good = tree(&site.output());
    let region = site.content().join("regions/zuiderland/index.md");
    let text = std::fs::read_to_string(&region).unwrap();
    std::fs::write(
        &region,
        text.replace("title: Zuiderland", "title: Zuiderland-Oost"),
    )
    .unwrap();
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let mut child = stalled_build(&site);
        std::thread::sleep(Duration::from_millis(100));
        let sent = Instant::now();
        // SAFETY: a signal to our own child process.
        unsafe {
            libc::kill(child.id() as i32, signal);
        }
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if sent.elapsed() > Duration::from_secs(5) {
                child.kill().ok();
                panic!("signal {signal}: still running after 5 s");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let took = sent.elapsed();
        assert!(took < Duration::from_secs(1), "signal {signal}: {took:?}");
        assert_eq!(status.code(), Some(130), "signal {signal}");
        assert!(
            tree(&site.output()) == good,
            "signal {signal}: output changed"
        );
        assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));
    }
}
