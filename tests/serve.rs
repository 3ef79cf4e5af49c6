//! `draaiboek serve`: incremental rebuilds equal a full build byte for byte,
//! pages change and reload after an edit, errors reach the browser, and no
//! request ever reads a file outside the site.

mod common;

use common::{Site, serve};
use draaiboek::serve::session::Session;
use draaiboek::{BuildOptions, build};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn opts(site: &Site) -> BuildOptions {
    let mut o = BuildOptions::for_content(site.content());
    o.themes = site.path().join("themes");
    o
}

/// Path -> bytes (or source file) of a file set.
fn snapshot<'a>(
    files: impl Iterator<Item = &'a draaiboek::base::output::OutFile>,
) -> HashMap<String, String> {
    files
        .map(|f| {
            let v = match &f.body {
                draaiboek::base::output::Body::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                draaiboek::base::output::Body::Copy(p) => format!("copy of {}", p.display()),
            };
            (f.path.clone(), v)
        })
        .collect()
}

fn assert_same_as_full_build(session: &Session, step: &str) {
    // With the session's own options: serve keeps the theme files' plain
    // names (no fingerprint), so a changed stylesheet swaps in place.
    let full = build(session.options()).unwrap_or_else(|r| panic!("{step}: {}", r.render()));
    let a = snapshot(session.files.values().map(|f| &**f));
    let b = snapshot(full.files.iter());
    let mut paths: Vec<&String> = a.keys().chain(b.keys()).collect();
    paths.sort();
    paths.dedup();
    for p in paths {
        assert_eq!(a.get(p), b.get(p), "{step}: {p} differs from a full build");
    }
}

fn edit(site: &Site, rel: &str, f: impl Fn(&str) -> String) -> std::path::PathBuf {
    let path = site.path().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, f(&text)).unwrap();
    path
}

#[test]
fn incremental_rebuilds_equal_a_full_build_after_a_series_of_edits() {
    let site = Site::compare();
    let mut session = Session::new(opts(&site));
    let first = session.full().unwrap_or_else(|r| panic!("{}", r.render()));
    assert!(first.full);
    let total = first.rendered;

    // A new sentence in one playbook: only what shows that region.
    let p = edit(&site, "content/regions/aland/index.md", |t| {
        format!("{t}\nEen nieuwe alinea over Aland.\n")
    });
    let r = session.apply(&[p]).unwrap();
    assert!(
        !r.full && r.rendered < total,
        "{} of {total} pages: {}",
        r.rendered,
        r.summary
    );
    assert!(
        r.summary.contains("regio 1,") && r.summary.contains("convenant 1"),
        "only Aland's own pages: {}",
        r.summary
    );
    assert_same_as_full_build(&session, "new paragraph");

    // A figure that moves the charts, the table and related regions.
    let p = edit(&site, "content/regions/fland/index.md", |t| {
        t.replace("homes_per_year: 400", "homes_per_year: 90")
    });
    let r = session.apply(&[p]).unwrap();
    assert!(!r.full);
    assert_same_as_full_build(&session, "homes per year");

    // A lesson moves to another theme and a partner is added.
    let p = edit(&site, "content/regions/deland/index.md", |t| {
        t.replace("theme: implementatie", "theme: verdeelsleutel")
            .replace("[{ id: p3 }]", "[{ id: p3 }, { id: p1, role: trekker }]")
    });
    session.apply(&[p]).unwrap();
    assert_same_as_full_build(&session, "lesson and partner");

    // A new title changes the order of lists: a full render, still equal.
    let p = edit(&site, "content/regions/beland/index.md", |t| {
        t.replace("title: Beland", "title: Zeeland")
    });
    let r = session.apply(&[p]).unwrap();
    assert!(r.full);
    assert_same_as_full_build(&session, "new title");

    // A page template: only its pages.
    let p = edit(&site, "themes/default/templates/partner.html", |t| {
        t.replace("<h1>", "<h1 class=\"partner\">")
    });
    let r = session.apply(&[p]).unwrap();
    assert!(
        !r.full && r.summary.starts_with("partners"),
        "{}",
        r.summary
    );
    assert_same_as_full_build(&session, "template");

    // A component lives in one template but every template can call it:
    // changing it re-renders all pages, not just those of its template.
    let p = edit(&site, "themes/default/templates/partner.html", |t| {
        format!(
            "{t}\n{}\n",
            r#"{% component kenmerk(tekst) %}<em>{{ tekst }}</em>{% endcomponent kenmerk %}"#
        )
    });
    session.apply(&[p]).unwrap();
    let p = edit(&site, "themes/default/templates/theme.html", |t| {
        t.replace("<h1>", r#"{{ <kenmerk tekst="thema" /> }}<h1>"#)
    });
    session.apply(&[p]).unwrap();
    assert_same_as_full_build(&session, "component used");
    let p = edit(&site, "themes/default/templates/partner.html", |t| {
        t.replace("<em>{{ tekst }}</em>", "<strong>{{ tekst }}</strong>")
    });
    let r = session.apply(&[p]).unwrap();
    assert!(r.full, "{}", r.summary);
    assert_same_as_full_build(&session, "component changed");

    // The stylesheet: nothing to render, the browser swaps it.
    let p = edit(&site, "themes/default/static/style.css", |t| {
        format!("{t}\n.nieuw {{ color: black; }}\n")
    });
    let r = session.apply(&[p]).unwrap();
    assert!(r.css_only && r.rendered == 0);
    assert_same_as_full_build(&session, "stylesheet");

    // A new partner file: a full render.
    std::fs::write(
        site.content().join("partners/p4.md"),
        "---\ntitle: Welzijn Vier\nkind: welzijn\n---\n",
    )
    .unwrap();
    let r = session
        .apply(&[site.content().join("partners/p4.md")])
        .unwrap();
    assert!(r.full);
    assert_same_as_full_build(&session, "new partner");
}

/// The quick path shows a saved playbook's own pages before the full
/// rebuild, and those pages are the bytes the full rebuild makes; edits
/// that reach other pages' structure take the full path only.
#[test]
fn quick_pages_are_the_pages_the_full_rebuild_makes() {
    let site = Site::compare();
    let mut session = Session::new(opts(&site));
    session.full().unwrap_or_else(|r| panic!("{}", r.render()));
    type Edit<'a> = (&'a str, &'a dyn Fn(&str) -> String, bool);
    let edits: [Edit; 5] = [
        (
            "aland",
            &|t| format!("{t}\nEen nieuwe alinea over Aland.\n"),
            true,
        ),
        (
            "deland",
            &|t| t.replace("Deland leerde", "Deland leerde veel"),
            true,
        ),
        (
            "fland",
            &|t| t.replace("homes_per_year: 400", "homes_per_year: 90"),
            false,
        ),
        (
            "beland",
            &|t| t.replace("title: Beland", "title: Zeeland"),
            false,
        ),
        (
            "celand",
            &|t| format!("{t}\n## Nog een kop\n\nMet tekst.\n"),
            true,
        ),
    ];
    for (slug, change, quick) in edits {
        let p = edit(&site, &format!("content/regions/{slug}/index.md"), change);
        let shown = session.quick(std::slice::from_ref(&p));
        assert_eq!(shown.is_some(), quick, "{slug}: quick path taken?");
        let before = snapshot(session.files.values().map(|f| &**f));
        session
            .apply(&[p])
            .unwrap_or_else(|r| panic!("{}", r.render()));
        let after = snapshot(session.files.values().map(|f| &**f));
        if let Some((r, ready)) = shown {
            assert!(
                r.rendered >= 1 && ready.contains(&format!("regio/{slug}/index.html")),
                "{slug}: {ready:?}"
            );
            for path in &ready {
                assert_eq!(
                    before.get(path),
                    after.get(path),
                    "{slug}: quick {path} differs from the full rebuild"
                );
            }
        }
        assert_same_as_full_build(&session, slug);
    }
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site() {
    let site = Site::compare();
    let mut session = Session::new(opts(&site));
    session.full().unwrap();
    let before = snapshot(session.files.values().map(|f| &**f));
    let p = edit(&site, "content/regions/aland/index.md", |t| {
        t.replace("title: Aland", "titel: Aland")
    });
    let report = session.apply(&[p]).expect_err("an error");
    assert!(report.render().contains("regions/aland/index.md:2:1"));
    assert_eq!(snapshot(session.files.values().map(|f| &**f)), before);
}

/// (status, headers, body) of a raw GET; the path is sent as given.
fn get(port: u16, path: &str) -> (u16, String, String) {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new(), String::new());
    };
    s.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    );
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

fn generation(page: &str) -> u64 {
    let at = page.find("data-generation=\"").expect("live reload script") + 17;
    page[at..].split('"').next().unwrap().parse().unwrap()
}

#[test]
fn an_edit_is_served_and_announced_and_errors_reach_the_browser() {
    let site = Site::compare();
    let server = serve(&site);
    let port = server.port;
    let (status, head, page) = get(port, "/regio/aland/");
    assert_eq!(status, 200);
    assert!(head.contains("text/html"));
    let seen = generation(&page);
    assert_eq!(get(port, "/regio/aland").0, 301, "pretty URL redirect");
    let (status, _, body) = get(port, "/bestaat-niet/");
    assert_eq!(status, 404);
    assert!(
        body.contains("Pagina niet gevonden"),
        "the site's own 404 page"
    );
    assert!(get(port, "/static/style.css").1.contains("text/css"));
    assert!(
        get(port, "/data/regions.json")
            .1
            .contains("application/json")
    );

    // Edit, and a waiting poll hears of it.
    let poll = std::thread::spawn(move || get(port, &format!("/__draaiboek/poll?since={seen}")));
    std::thread::sleep(Duration::from_millis(300));
    let saved = Instant::now();
    edit(&site, "content/regions/aland/index.md", |t| {
        format!("{t}\nVers geschreven zin.\n")
    });
    let (_, _, answer) = poll.join().unwrap();
    let waited = saved.elapsed();
    assert!(answer.contains("\"kind\":\"reload\""), "{answer}");
    assert!(waited < Duration::from_secs(10), "reload after {waited:?}");
    let (_, _, page) = get(port, "/regio/aland/");
    assert!(page.contains("Vers geschreven zin."));
    let seen = generation(&page);

    // A principle's new words: the region page comes from the quick path,
    // the theme page (made only by the full rebuild) is held back until it
    // has them too; nobody is shown a page without the edit.
    let poll = std::thread::spawn(move || get(port, &format!("/__draaiboek/poll?since={seen}")));
    std::thread::sleep(Duration::from_millis(300));
    edit(&site, "content/regions/aland/index.md", |t| {
        t.replace("Aland landt zacht.", "Aland landt heel zacht.")
    });
    let (_, _, answer) = poll.join().unwrap();
    assert!(answer.contains("\"kind\":\"reload\""), "{answer}");
    let (_, _, theme) = get(port, "/themas/zachte-landing/");
    assert!(
        theme.contains("Aland landt heel zacht."),
        "theme page without the edit"
    );
    let (_, _, page) = get(port, "/regio/aland/");
    assert!(page.contains("Aland landt heel zacht."));
    let seen = generation(&page);

    // A save as vim makes it: the playbook moved aside as a backup, a new
    // one written a moment later, the backup removed. The reload comes
    // once the new file is there, never for the moment it was missing.
    let poll = std::thread::spawn(move || get(port, &format!("/__draaiboek/poll?since={seen}")));
    std::thread::sleep(Duration::from_millis(300));
    let file = site.path().join("content/regions/aland/index.md");
    let backup = file.with_file_name("index.md~");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("Vers geschreven zin.", "Met vim geschreven zin.");
    std::fs::rename(&file, &backup).unwrap();
    std::thread::sleep(Duration::from_millis(10));
    std::fs::write(&file, text).unwrap();
    std::fs::remove_file(&backup).unwrap();
    let (_, _, answer) = poll.join().unwrap();
    assert!(answer.contains("\"kind\":\"reload\""), "{answer}");
    let (_, _, page) = get(port, "/regio/aland/");
    assert!(page.contains("Met vim geschreven zin."));
    let seen = generation(&page);

    // Break it: the error is announced and shown, the old page stays.
    let poll = std::thread::spawn(move || get(port, &format!("/__draaiboek/poll?since={seen}")));
    std::thread::sleep(Duration::from_millis(300));
    edit(&site, "content/regions/aland/index.md", |t| {
        t.replace("title: Aland", "titel: Aland")
    });
    let (_, _, answer) = poll.join().unwrap();
    assert!(answer.contains("\"kind\":\"error\""), "{answer}");
    let (_, _, err) = get(port, "/__draaiboek/fout");
    assert!(
        err.contains("regions/aland/index.md:2:1") && err.contains("onbekend veld `titel`"),
        "{err}"
    );
    let (status, _, page) = get(port, "/regio/aland/");
    assert_eq!(status, 200);
    assert!(page.contains("Met vim geschreven zin.") && page.contains("data-error=\"ja\""));
    let seen = generation(&page);

    // Fix it: the overlay goes on the next rebuild.
    let poll = std::thread::spawn(move || get(port, &format!("/__draaiboek/poll?since={seen}")));
    std::thread::sleep(Duration::from_millis(300));
    edit(&site, "content/regions/aland/index.md", |t| {
        t.replace("titel: Aland", "title: Aland")
    });
    let (_, _, answer) = poll.join().unwrap();
    assert!(answer.contains("\"kind\":\"reload\""), "{answer}");
    assert!(get(port, "/regio/aland/").2.contains("data-error=\"nee\""));
    assert_eq!(get(port, "/__draaiboek/fout").2, "");
}

#[test]
fn no_request_reads_outside_the_site() {
    let site = Site::compare();
    std::fs::write(site.path().join("geheim.txt"), "GEHEIM").unwrap();
    // A symlink among a region's attachments pointing outside the content.
    std::os::unix::fs::symlink(
        site.path().join("geheim.txt"),
        site.content().join("regions/aland/geheim.txt"),
    )
    .unwrap();
    // A link out of the content is refused by the build, so it is never
    // published; serve would show only that error.
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("buiten de inhoudsmap"), "{}", r.stderr);
    assert!(!site.output().join("regio/aland/geheim.txt").exists());
    std::fs::remove_file(site.content().join("regions/aland/geheim.txt")).unwrap();
    let server = serve(&site);
    for path in [
        "/../geheim.txt",
        "/%2e%2e/geheim.txt",
        "/regio/..%2f..%2fgeheim.txt",
        "/regio/%2e%2e/%2e%2e/geheim.txt",
        "/..%5cgeheim.txt",
        &format!("/{}", site.path().join("geheim.txt").display()),
        "/regio/aland/geheim.txt",
        "/regio/aland/../../../geheim.txt",
    ] {
        let (status, _, body) = get(server.port, path);
        assert!(!body.contains("GEHEIM"), "{path} leaked the file");
        assert_ne!(status, 200, "{path}");
    }
    // Only GET and HEAD.
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        s,
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    assert!(raw.starts_with("HTTP/1.1 405"), "{raw}");
}

/// How soon the server must show what an editor, `mv`, `cp -r`, `rm -rf`
/// or `git checkout` did to the content.
const FOLLOW: Duration = Duration::from_secs(1);

/// Waits until `path` answers `status` with `text` in its body; fails when
/// that takes longer than [`FOLLOW`]. Returns how long it took.
fn follows(port: u16, path: &str, status: u16, text: &str, what: &str) -> Duration {
    let started = Instant::now();
    loop {
        let (got, _, body) = get(port, path);
        if got == status && body.contains(text) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < FOLLOW,
            "{what}: {path} answers {got}, not {status} with {text:?}, after {:?}",
            started.elapsed()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A site folder copied file by file, folders first, with a pause after
/// the first folder: as `git checkout` or a slow copy restores it, so that
/// a rebuild starts while it is half there.
fn restore_slowly(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir(to).unwrap();
    std::thread::sleep(Duration::from_millis(150));
    common::copy_dir(from, to);
}

#[test]
fn the_server_follows_content_removed_and_restored() {
    let site = Site::compare();
    let server = serve(&site);
    let port = server.port;
    let content = site.content();
    let mut took = Vec::new();
    // The restored content differs from what was there, so that what is
    // served is seen to be the restored one.
    let copy = |n: usize, what: &str| {
        let copy = site.path().join(format!("kopie-{n}"));
        common::copy_dir(&content, &copy);
        let region = copy.join("regions/aland/index.md");
        let text = std::fs::read_to_string(&region).unwrap();
        std::fs::write(&region, format!("{text}\nTeruggezet: {what}.\n")).unwrap();
        copy
    };
    type Restore = fn(&std::path::Path, &std::path::Path);
    let ways: [(&str, bool, Restore); 4] = [
        ("rm -rf en cp -r", true, |from, to| {
            common::copy_dir(from, to)
        }),
        ("rm -rf en mv", true, |from, to| {
            std::fs::rename(from, to).unwrap()
        }),
        ("mv weg en mv terug", false, |from, to| {
            std::fs::rename(from, to).unwrap()
        }),
        ("rm -rf en git checkout", true, restore_slowly),
    ];
    for (n, (what, remove, restore)) in ways.into_iter().enumerate() {
        let from = copy(n, what);
        if remove {
            std::fs::remove_dir_all(&content).unwrap();
        } else {
            std::fs::rename(&content, site.path().join(format!("weg-{n}"))).unwrap();
        }
        // Long enough for the rebuild of the missing content to fail.
        std::thread::sleep(Duration::from_millis(200));
        restore(&from, &content);
        let t = follows(
            port,
            "/regio/aland/",
            200,
            &format!("Teruggezet: {what}."),
            what,
        );
        // And the restored folder is watched: an edit in it is followed.
        edit(&site, "content/regions/aland/index.md", |t| {
            format!("{t}\nNa het terugzetten bewerkt ({what}).\n")
        });
        let e = follows(
            port,
            "/regio/aland/",
            200,
            &format!("Na het terugzetten bewerkt ({what})."),
            what,
        );
        took.push(format!("{what}: {t:?}, then an edit {e:?}"));
    }
    eprintln!("serve follows content/ restored: {}", took.join("; "));
}

#[test]
fn the_server_follows_folders_and_files_moved_renamed_and_copied() {
    let site = Site::compare();
    site.write(
        "content/partners/p4.md",
        "---\ntitle: Vier Welzijn\nkind: welzijn\n---\n",
    );
    site.write(
        "buiten/hland/index.md",
        "---\ntitle: Hland\n---\nHland komt van buiten.\n",
    );
    let server = serve(&site);
    let port = server.port;
    let regions = site.content().join("regions");
    let mut took = Vec::new();
    let gone = |path: &str, what: &str| follows(port, path, 404, "Pagina niet gevonden", what);

    // A region folder renamed: the new address, the old one gone, and the
    // folder is followed under its new name.
    std::fs::rename(regions.join("eland"), regions.join("zland")).unwrap();
    let t = follows(
        port,
        "/regio/zland/",
        200,
        "Van Eland is niets bekend.",
        "mv",
    );
    gone("/regio/eland/", "mv");
    edit(&site, "content/regions/zland/index.md", |t| {
        format!("{t}\nZland is hernoemd.\n")
    });
    let e = follows(port, "/regio/zland/", 200, "Zland is hernoemd.", "mv, edit");
    took.push(format!("renamed {t:?}, then an edit {e:?}"));

    // Moved in from outside the content folder, and followed there.
    std::fs::rename(site.path().join("buiten/hland"), regions.join("hland")).unwrap();
    let t = follows(
        port,
        "/regio/hland/",
        200,
        "Hland komt van buiten.",
        "mv in",
    );
    edit(&site, "content/regions/hland/index.md", |t| {
        format!("{t}\nHland woont er nu.\n")
    });
    let e = follows(
        port,
        "/regio/hland/",
        200,
        "Hland woont er nu.",
        "mv in, edit",
    );
    took.push(format!("moved in {t:?}, then an edit {e:?}"));

    // Moved out: gone, and what is done to it out there is not shown.
    std::fs::rename(regions.join("hland"), site.path().join("buiten/hland")).unwrap();
    let t = gone("/regio/hland/", "mv out");
    edit(&site, "buiten/hland/index.md", |t| {
        format!("{t}\nHland is weg.\n")
    });
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(get(port, "/regio/hland/").0, 404, "moved out, then edited");
    let (status, _, home) = get(port, "/");
    assert!(
        status == 200 && home.contains("data-error=\"nee\""),
        "{home}"
    );
    took.push(format!("moved out {t:?}"));

    // Copied in with cp -r (a folder, then its files).
    common::copy_dir(&site.path().join("buiten/hland"), &regions.join("iland"));
    let t = follows(port, "/regio/iland/", 200, "Hland is weg.", "cp -r");
    took.push(format!("copied in {t:?}"));

    // Removed with rm -rf.
    std::fs::remove_dir_all(regions.join("iland")).unwrap();
    let t = gone("/regio/iland/", "rm -rf");
    took.push(format!("removed {t:?}"));

    // A partner file renamed.
    let partners = site.content().join("partners");
    std::fs::rename(partners.join("p4.md"), partners.join("p5.md")).unwrap();
    let t = follows(port, "/partners/p5/", 200, "Vier Welzijn", "partner mv");
    gone("/partners/p4/", "partner mv");
    took.push(format!("partner renamed {t:?}"));

    // The regions folder itself renamed away and back.
    std::fs::rename(&regions, site.content().join("regio-weg")).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    std::fs::rename(site.content().join("regio-weg"), &regions).unwrap();
    edit(&site, "content/regions/zland/index.md", |t| {
        format!("{t}\nZland is terug.\n")
    });
    let t = follows(port, "/regio/zland/", 200, "Zland is terug.", "regions mv");
    took.push(format!("regions/ away and back, then an edit {t:?}"));

    eprintln!("serve follows: {}", took.join("; "));
}

fn mkfifo(path: &std::path::Path) {
    let c = std::ffi::CString::new(path.to_string_lossy().as_bytes()).unwrap();
    // SAFETY: a valid C string; mkfifo has no other preconditions.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// Waits up to 10 s for `path` to answer with a body that `ok` accepts.
fn wait_for(port: u16, path: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, _, body) = get(port, path);
        if ok(&body) {
            return body;
        }
        assert!(Instant::now() < until, "{what}; last answer:\n{body}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_reports_a_special_file_and_keeps_rebuilding() {
    let site = Site::fixture();
    let server = serve(&site);
    let port = server.port;
    let region = site.content().join("regions/noorderkwartier");
    for (what, make, undo) in [
        (
            "FIFO as attachment",
            Box::new(|| mkfifo(&region.join("bijlage.pdf"))) as Box<dyn Fn()>,
            Box::new(|| std::fs::remove_file(region.join("bijlage.pdf")).unwrap()) as Box<dyn Fn()>,
        ),
        (
            "link to a FIFO as a content file",
            Box::new(|| {
                mkfifo(&site.content().join("pages/.pijp"));
                std::os::unix::fs::symlink(".pijp", site.content().join("pages/pijp.md")).unwrap();
            }),
            Box::new(|| {
                std::fs::remove_file(site.content().join("pages/pijp.md")).unwrap();
                std::fs::remove_file(site.content().join("pages/.pijp")).unwrap();
            }),
        ),
    ] {
        make();
        let err = wait_for(port, "/__draaiboek/fout", what, |b| {
            b.contains("geen gewoon bestand")
        });
        assert!(!err.contains("bestaat niet"), "{what}: {err}");
        undo();
        // The rebuild thread did not stall: the next save is built.
        wait_for(port, "/__draaiboek/fout", what, str::is_empty);
        let region_text = std::fs::read_to_string(region.join("index.md")).unwrap();
        std::fs::write(
            region.join("index.md"),
            region_text.replacen("title: Noorderkwartier", "title: Noorderkwartier Nieuw", 1),
        )
        .unwrap();
        wait_for(port, "/regio/noorderkwartier/", what, |b| {
            b.contains("Noorderkwartier Nieuw")
        });
        std::fs::write(region.join("index.md"), region_text).unwrap();
        wait_for(port, "/regio/noorderkwartier/", what, |b| {
            !b.contains("Noorderkwartier Nieuw")
        });
    }
}

/// A link to a page still on `draft: true` is an everyday state while
/// writing: plain `serve` shows the site with the error over it, never a
/// 500 for every page, and the error goes once the draft is published.
#[test]
fn a_link_to_a_draft_shows_the_site_with_the_error_over_it() {
    let site = Site::broken("link-to-a-draft");
    // `serve` waits for `/` to answer 200: with a link to a draft it does.
    let server = serve(&site);
    let port = server.port;
    let (status, _, partner) = get(port, "/partners/woonhuis/");
    assert_eq!(status, 200);
    assert!(partner.contains("data-error=\"links\""), "{partner}");
    let (_, _, home) = get(port, "/");
    assert!(home.contains("data-error=\"links\""));
    let err = get(port, "/__draaiboek/fout").2;
    assert!(
        err.contains("staat nog op `draft: true`") && err.contains("partners/woonhuis.md:5:43"),
        "{err}"
    );
    // The draft itself is not served by plain `serve`.
    assert_eq!(get(port, "/regio/westerland/").0, 404);
    let region = site.content().join("regions/westerland/index.md");
    let text = std::fs::read_to_string(&region).unwrap();
    std::fs::write(&region, text.replace("draft: true", "draft: false")).unwrap();
    wait_for(port, "/__draaiboek/fout", "the error goes", str::is_empty);
    let (status, _, page) = get(port, "/regio/westerland/");
    assert_eq!(status, 200);
    assert!(page.contains("data-error=\"nee\""));
}

/// In the browser, the error of a site that was built all the same says
/// so, and the editor can close it to look at the page under it.
#[test]
fn the_overlay_over_a_built_site_says_so_and_closes() {
    let site = Site::broken("link-to-a-draft");
    let server = serve(&site);
    let base = format!("http://127.0.0.1:{}", server.port);
    // The overlay is fetched after the page loads: look a moment later.
    let probe = "new Promise((ok) => setTimeout(ok, 400)).then(() => \
                 [document.querySelector('#draaiboek-fout h2')?.textContent ?? null, \
                 document.querySelector('#draaiboek-fout pre')?.textContent.includes('draft: true') ?? false])";
    let looks = [
        common::browser::Look {
            path: "/partners/woonhuis/",
            width: 1280,
            click: &[],
            probe,
        },
        common::browser::Look {
            path: "/partners/woonhuis/",
            width: 1280,
            click: &["#draaiboek-fout button"],
            probe,
        },
    ];
    let Some(r) = common::browser::look_at(&base, site.path(), &looks) else {
        return;
    };
    assert_eq!(
        r[0]["value"],
        serde_json::json!(["De site is gebouwd, maar niet elke link klopt", true]),
        "{r:?}"
    );
    assert_eq!(r[1]["value"], serde_json::json!([null, false]), "{r:?}");
}
