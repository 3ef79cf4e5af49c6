//! The built site as readers meet it: served by nginx with the deployment
//! recipe of docs/nginx.conf, crawled link by link, loaded in Debian's
//! Chromium with axe-core, and checked by the Nu HTML Checker.
//!
//! These tests need chromium, nginx, java and `npm ci` in tests/browser.
//! Without them they say so (each such test's name says what it needs)
//! and are skipped, except under `CI=true`, where
//! a missing tool is a failure.

mod common;

use common::browser::{CHROMIUM, browser_dir, browser_ready, have, on_path};
use common::{Site, attr_values, repo};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn nginx_bin() -> Option<PathBuf> {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// nginx serving `root` with the server block of docs/nginx.conf.
struct Nginx {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Nginx {
    fn start(bin: &Path, root: &Path) -> Nginx {
        Nginx::with(bin, root, false)
    }

    /// With `tls`, the recipe switched to TLS as its comment says, with a
    /// certificate made for the test.
    fn with(bin: &Path, root: &Path, tls: bool) -> Nginx {
        let recipe =
            std::fs::read_to_string(repo().join("docs/nginx.conf")).expect("docs/nginx.conf");
        let port = free_port();
        let dir = tempfile::tempdir().expect("tempdir");
        let mut server = recipe.replace(
            "root /srv/draaiboek/output;",
            &format!("root {};", root.display()),
        );
        if tls {
            let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
            let made = Command::new("openssl")
                .args([
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                ])
                .args(["-subj", "/CN=127.0.0.1", "-keyout"])
                .arg(&key)
                .arg("-out")
                .arg(&cert)
                .output()
                .expect("run openssl");
            assert!(
                made.status.success(),
                "{}",
                String::from_utf8_lossy(&made.stderr)
            );
            server = server
                .replace("    listen 80;\n", "")
                .replace("#tls ", "")
                .replace("listen 443 ssl;", &format!("listen 127.0.0.1:{port} ssl;"))
                .replace(
                    "/etc/letsencrypt/live/draaiboek.example.nl/fullchain.pem",
                    &cert.display().to_string(),
                )
                .replace(
                    "/etc/letsencrypt/live/draaiboek.example.nl/privkey.pem",
                    &key.display().to_string(),
                );
            assert!(!server.contains("    listen 80;\n") && server.contains(" ssl;"));
        } else {
            server = server.replace("listen 80;", &format!("listen 127.0.0.1:{port};"));
        }
        assert!(
            server.contains(&format!("127.0.0.1:{port}"))
                && server.contains(&root.display().to_string()),
            "the recipe's listen and root lines changed; update this test"
        );
        let d = dir.path().display();
        let conf = format!(
            "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n  client_body_temp_path {d};\n  proxy_temp_path {d};\n  fastcgi_temp_path {d};\n  uwsgi_temp_path {d};\n  scgi_temp_path {d};\n{server}\n}}\n"
        );
        let conf_path = dir.path().join("nginx.conf");
        std::fs::write(&conf_path, conf).expect("write nginx.conf");
        let child = Command::new(bin)
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(&conf_path)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start nginx");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "nginx did not start: {}",
                std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Nginx {
            child,
            port,
            _dir: dir,
        }
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

/// A plain HTTP/1.1 GET; enough for a local static server.
fn get(port: u16, path: &str) -> Response {
    get_with(port, path, "")
}

/// [`get`] with more request headers, each ending in `\r\n`.
fn get_with(port: u16, path: &str, headers: &str) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}Connection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    // nginx answers static files with Content-Length; chunked only for
    // errors of its own, which we do not parse further.
    if let Some(len) = head.lines().find_map(|l| {
        l.to_ascii_lowercase()
            .strip_prefix("content-length:")
            .map(|v| v.trim().parse::<usize>().unwrap_or(0))
    }) {
        body.truncate(len);
    }
    Response {
        status,
        headers,
        body,
    }
}

/// Resolves a link found on `page` to a site path, or `None` when it leaves
/// the site.
fn resolve(page: &str, link: &str) -> Option<String> {
    let link = link.split('#').next()?.to_string();
    if link.is_empty() || link.starts_with("mailto:") || link.starts_with("tel:") {
        return None;
    }
    if link.starts_with("http://") || link.starts_with("https://") || link.starts_with("//") {
        return None;
    }
    if link.starts_with('/') {
        return Some(link);
    }
    let dir = &page[..=page.rfind('/')?];
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in link.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if link.ends_with('/') {
        out.push('/');
    }
    Some(out)
}

fn html_files(root: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().display().to_string();
            format!("/{}", rel.strip_suffix("index.html").unwrap_or(&rel))
        })
        .collect()
}

/// Follows every internal link, image, stylesheet, script and attachment
/// from the home page. Returns the HTML pages reached.
fn crawl(port: u16) -> (BTreeSet<String>, usize) {
    let mut seen = BTreeSet::new();
    let mut pages = BTreeSet::new();
    let mut queue = VecDeque::from(["/".to_string()]);
    let mut failures = Vec::new();
    seen.insert("/".to_string());
    while let Some(path) = queue.pop_front() {
        let r = get(port, &path);
        if r.status != 200 {
            failures.push(format!("{path}: {}", r.status));
            continue;
        }
        let ct = r.headers.get("content-type").cloned().unwrap_or_default();
        if !ct.starts_with("text/html") {
            continue;
        }
        pages.insert(path.clone());
        let html = String::from_utf8_lossy(&r.body);
        // A form's action is a page a reader reaches too (the search page).
        for attr in ["href", "src", "action"] {
            for v in attr_values(&html, attr) {
                if let Some(target) = resolve(&path, &v)
                    && seen.insert(target.clone())
                {
                    queue.push_back(target);
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "links that do not answer 200:\n{}",
        failures.join("\n")
    );
    (pages, seen.len())
}

#[test]
fn nginx_serves_every_link_and_the_404_page_or_is_skipped_without_nginx() {
    let Some(bin) = nginx_bin() else {
        have("nginx", false, "apt-get install nginx");
        return;
    };
    for site in [Site::shipped(), Site::fixture()] {
        site.build();
        let nginx = Nginx::start(&bin, &site.output());
        let (pages, urls) = crawl(nginx.port);
        assert!(urls > pages.len());

        // No orphans: every page in the output is reachable from home,
        // except the 404 page and redirects for old addresses.
        let mut orphans = Vec::new();
        for p in html_files(&site.output()) {
            let text = std::fs::read_to_string(
                site.output()
                    .join(p.trim_start_matches('/'))
                    .join(if p.ends_with('/') { "index.html" } else { "" }),
            )
            .unwrap_or_default();
            if p == "/404.html" || text.contains("http-equiv=\"refresh\"") {
                continue;
            }
            if !pages.contains(&p) {
                orphans.push(p);
            }
        }
        assert!(
            orphans.is_empty(),
            "pages not linked from anywhere: {orphans:?}"
        );

        // The build keeps its bookkeeping outside the output: nothing
        // there but the site and /.well-known/. A dotfile put there by hand
        // is not served; /.well-known/security.txt is.
        let own: Vec<String> = std::fs::read_dir(site.output())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.') && n != ".well-known")
            .collect();
        assert!(own.is_empty(), "{own:?}");
        std::fs::write(site.output().join(".geheim"), "x").unwrap();
        assert_eq!(get(nginx.port, "/.geheim").status, 404);
        let security = get(nginx.port, "/.well-known/security.txt");
        let named = std::fs::read_to_string(site.content().join("site.yaml"))
            .unwrap()
            .contains("security_contact:");
        assert_eq!(security.status, if named { 200 } else { 404 });
        if named {
            assert!(String::from_utf8_lossy(&security.body).starts_with("Contact: mailto:"));
        }

        let missing = get(nginx.port, "/bestaat/niet/");
        assert_eq!(missing.status, 404);
        assert!(String::from_utf8_lossy(&missing.body).contains("Pagina niet gevonden"));

        // Pretty URLs: without the slash, nginx redirects to the directory.
        let region = pages
            .iter()
            .find(|p| p.starts_with("/regio/"))
            .expect("a region")
            .clone();
        let bare = get(nginx.port, region.trim_end_matches('/'));
        assert_eq!(bare.status, 301, "{region} without slash");
        assert!(
            bare.headers
                .get("location")
                .is_some_and(|l| l.ends_with(&region))
        );
        headers_as_the_recipe_says(nginx.port, &site);
    }
    // An alias of the fixture answers with its redirect to the new address.
    let site = Site::fixture();
    site.build();
    let nginx = Nginx::start(&bin, &site.output());
    let alias = get(nginx.port, "/regio/noord-oud/");
    assert_eq!(alias.status, 200);
    let html = String::from_utf8_lossy(&alias.body);
    assert!(html.contains("url=/regio/noorderkwartier/"), "{html}");
    let target = get(nginx.port, "/regio/noorderkwartier/");
    assert_eq!(target.status, 200);
    let pdf = get(nginx.port, "/regio/noorderkwartier/pact.pdf");
    assert_eq!(
        pdf.headers.get("content-type").map(String::as_str),
        Some("application/pdf")
    );
}

/// Queries with their inflected words, and the first hit the build's own
/// ranking gives each: the browser must show and open the same one.
fn search_plan(site: &Site, bases: &[(&str, usize)]) -> serde_json::Value {
    use draaiboek::search;
    let built = draaiboek::build(&draaiboek::BuildOptions::for_content(site.content()))
        .unwrap_or_else(|r| panic!("build failed: {r:?}"));
    let index = search::index(search::documents(&built.site), "nl");
    let queries = [
        ("woningen", "woning"),
        ("convenanten ondertekend", "convenant"),
        ("zachte landingen", "zacht"),
    ];
    let queries: Vec<serde_json::Value> = queries
        .iter()
        .map(|(q, mark)| {
            let hit = search::search(&index, q)
                .first()
                .map(|h| h.doc)
                .unwrap_or_else(|| panic!("`{q}` finds nothing in the shipped content"));
            serde_json::json!({ "query": q, "expect": index.docs[hit].url, "mark": mark })
        })
        .collect();
    bases
        .iter()
        .map(|(base, n)| serde_json::json!({ "base": base, "queries": &queries[..*n] }))
        .collect()
}

#[test]
fn pages_work_in_chromium_and_pass_axe_and_keyboard_checks_or_are_skipped_without_chromium_and_nginx()
 {
    let Some(bin) = nginx_bin() else {
        have("nginx", false, "apt-get install nginx");
        return;
    };
    if !browser_ready() {
        return;
    }
    let site = Site::shipped();
    site.build();
    let nginx = Nginx::start(&bin, &site.output());
    let (pages, _) = crawl(nginx.port);
    // The same site under a sub-path, for search.
    let sub_root = site.path().join("sub");
    let run = site.run(&[
        "build",
        "--output",
        "sub/draaiboek",
        "--base-url",
        "https://example.org/draaiboek/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sub = Nginx::start(&bin, &sub_root);
    let search = search_plan(
        &site,
        &[
            (&nginx.base(), 3),
            (&format!("{}draaiboek/", sub.base()), 2),
        ],
    );
    let visible: HashMap<&str, Vec<&str>> = HashMap::from([
        ("/", vec!["Zuid-Kennemerland en IJmond", "Kerncijfers"]),
        (
            "/regio/zuid-kennemerland-ijmond/",
            vec!["178", "27 partijen", "Woonservice"],
        ),
        (
            "/regio/zuid-kennemerland-ijmond/convenant/",
            vec!["7 oktober 2021", "Citeer of link naar deze pagina"],
        ),
        (
            "/regio/zuid-kennemerland-ijmond/convenant/pact-2020/",
            vec!["Pact voor uitstroom", "178"],
        ),
        (
            "/partners/woonservice/",
            vec!["Zuid-Kennemerland en IJmond"],
        ),
        ("/themas/zachte-landing/", vec!["Zachte landing"]),
        ("/lessen/", vec!["Lessen"]),
        ("/programma/weer-thuis/", vec!["Weer Thuis"]),
        ("/woordenlijst/", vec!["Woordenlijst"]),
        (
            "/vergelijk/",
            vec!["Zuid-Kennemerland en IJmond", "Woningen per jaar per regio"],
        ),
        ("/vergelijk/zachte-landing/", vec!["Nog niet beschreven"]),
        ("/data/", vec!["regions.json"]),
        ("/aanpak/", vec!["Stap 1.", "Hoe lang het duurde"]),
        ("/aanpak/convenant/", vec!["Welke convenanten wat regelen"]),
    ]);
    let shots: HashMap<&str, &str> = HashMap::from([
        ("/", "home"),
        ("/regio/zuid-kennemerland-ijmond/", "regio"),
        ("/regio/zuid-kennemerland-ijmond/convenant/", "convenant"),
        ("/themas/zachte-landing/", "thema"),
        ("/vergelijk/", "vergelijk"),
        ("/vergelijk/zachte-landing/", "vergelijk-thema"),
    ]);
    for p in visible.keys() {
        assert!(pages.contains(*p), "{p} is not in the crawl");
    }
    let mut specs: Vec<serde_json::Value> = pages
        .iter()
        .map(|p| {
            serde_json::json!({
                "path": p,
                "visible": visible.get(p.as_str()).cloned().unwrap_or_default(),
                "screenshot": shots.get(p.as_str()),
            })
        })
        .collect();
    specs.push(serde_json::json!({ "path": "/bestaat/niet/", "status": 404, "visible": ["Pagina niet gevonden"] }));
    let screenshots = repo().join("tests").join("screenshots");
    let plan = serde_json::json!({
        "base": nginx.base(),
        "chromium": CHROMIUM,
        "pages": specs,
        "screenshots": screenshots,
        "keyboardPage": "/",
        // nginx serves the recipe's Content-Security-Policy on every page.
        "csp": true,
        "comparePage": "/vergelijk/",
        "sortColumn": "Ondertekend",
        "search": search,
        "print": [
            "/regio/zuid-kennemerland-ijmond/",
            "/regio/zuid-kennemerland-ijmond/convenant/",
        ],
    });
    let plan_file = site.path().join("plan.json");
    std::fs::write(&plan_file, plan.to_string()).unwrap();
    let started = Instant::now();
    let out = Command::new("node")
        .arg(browser_dir().join("check.mjs"))
        .arg(&plan_file)
        .current_dir(browser_dir())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|_| {
        panic!(
            "browser check crashed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let problems = report["problems"].as_array().cloned().unwrap_or_default();
    assert!(
        out.status.success() && problems.is_empty(),
        "{} problems in the browser:\n{}",
        problems.len(),
        problems
            .iter()
            .map(|p| p.as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    let rules = report["axeRules"].as_array().map_or(0, Vec::len);
    assert!(rules > 40, "axe ran only {rules} rules");
    let _ = writeln!(
        std::io::stderr(),
        "browser: {} pages at 375 and 1280 px, {rules} axe rules, {:.1} s; screenshots in tests/screenshots/",
        report["pages"],
        started.elapsed().as_secs_f64()
    );
    for name in [
        "home",
        "regio",
        "convenant",
        "thema",
        "vergelijk",
        "vergelijk-thema",
    ] {
        for w in [375, 1280] {
            assert!(
                screenshots.join(format!("{name}-{w}.png")).exists(),
                "screenshot {name}-{w}"
            );
        }
    }
}

#[test]
fn every_page_is_valid_html_or_is_skipped_without_java_and_the_nu_checker() {
    let jar = browser_dir().join("node_modules/vnu-jar/build/dist/vnu.jar");
    if !(have(
        "java",
        on_path("java"),
        "apt-get install default-jre-headless",
    ) & have(
        "the Nu HTML Checker",
        jar.exists(),
        "cd tests/browser && npm ci",
    )) {
        return;
    }
    for site in [Site::shipped(), Site::fixture()] {
        site.build();
        let count = html_files(&site.output()).len();
        let out = Command::new("java")
            .arg("-jar")
            .arg(&jar)
            .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
            .arg(site.output())
            .output()
            .expect("run vnu");
        let report = String::from_utf8_lossy(&out.stderr).into_owned()
            + &String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && report.trim().is_empty(),
            "Nu HTML Checker on {count} pages:\n{report}"
        );
    }
}

/// The security headers the recipe promises, on an answer of any kind.
fn secured(what: &str, r: &Response) {
    let want = [
        (
            "content-security-policy",
            "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        ),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
        ("x-frame-options", "DENY"),
    ];
    for (name, value) in want {
        assert_eq!(
            r.headers.get(name).map(String::as_str),
            Some(value),
            "{what}: {name} in {:?}",
            r.headers
        );
    }
}

/// Every kind of file the site has, served by the recipe: the security
/// headers on each, compressed when the reader accepts it, the theme's
/// fingerprinted files cached for a year and the others for an hour.
fn headers_as_the_recipe_says(port: u16, site: &Site) {
    let home = String::from_utf8_lossy(&get(port, "/").body).into_owned();
    let css = attr_values(&home, "href")
        .into_iter()
        .find(|h| h.starts_with("/static/style.") && h.ends_with(".css"))
        .expect("a stylesheet link");
    let js = attr_values(&home, "src")
        .into_iter()
        .find(|h| h.starts_with("/static/search."))
        .expect("the search script");
    let hashed = |p: &str| {
        let name = p.rsplit('/').next().unwrap_or(p);
        let parts: Vec<&str> = name.split('.').collect();
        parts.len() == 3 && parts[1].len() == 10 && parts[1].bytes().all(|b| b.is_ascii_hexdigit())
    };
    assert!(hashed(&css) && hashed(&js), "{css} {js}");
    let region = attr_values(&home, "href")
        .into_iter()
        .find(|h| h.starts_with("/regio/") && h.ends_with('/'))
        .expect("a region link");
    let kinds = [
        (region.as_str(), "text/html"),
        (css.as_str(), "text/css"),
        (js.as_str(), "application/javascript"),
        ("/zoeken/data/meta.json", "application/json"),
        ("/feed.xml", "text/xml"),
        ("/sitemap.xml", "text/xml"),
        ("/static/favicon.svg", "image/svg+xml"),
        ("/data/regions.csv", "text/csv"),
    ];
    for (path, kind) in kinds {
        let plain = get(port, path);
        assert_eq!(plain.status, 200, "{path}");
        secured(path, &plain);
        let gz = get_with(port, path, "Accept-Encoding: gzip\r\n");
        assert!(
            gz.headers
                .get("content-type")
                .is_some_and(|c| c.starts_with(kind)),
            "{path}: {:?}",
            gz.headers.get("content-type")
        );
        assert_eq!(
            gz.headers.get("content-encoding").map(String::as_str),
            Some("gzip"),
            "{path} is not compressed"
        );
        assert!(gz.body.len() < plain.body.len(), "{path}");
        secured(path, &gz);
        let cache = gz.headers.get("cache-control").cloned().unwrap_or_default();
        let want = if hashed(path) {
            "max-age=31536000"
        } else if path.starts_with("/static/") {
            "max-age=3600"
        } else {
            ""
        };
        assert_eq!(cache, want, "{path}: cache lifetime");
    }
    // Errors and redirects carry the headers too (`always`).
    secured("404", &get(port, "/bestaat/niet/"));
    // A folder without a page of its own is not found either, not refused.
    let folder = get(port, "/regio/");
    assert_eq!(folder.status, 404);
    assert!(String::from_utf8_lossy(&folder.body).contains("Pagina niet gevonden"));
    secured("/regio/", &folder);
    secured("301", &get(port, region.trim_end_matches('/')));
    // Every stylesheet and script the theme has is published under its
    // hash, and nothing under the plain name.
    assert_eq!(get(port, "/static/style.css").status, 404);
    assert!(site.output().join(css.trim_start_matches('/')).is_file());
}

/// The recipe's TLS variant, as its comment says to make it: HSTS on top
/// of the other headers.
#[test]
fn the_recipe_with_tls_sends_hsts_or_is_skipped_without_nginx() {
    let Some(bin) = nginx_bin() else {
        have("nginx", false, "apt-get install nginx");
        return;
    };
    if !have(
        "curl and openssl",
        on_path("curl") && on_path("openssl"),
        "apt-get install curl openssl",
    ) {
        return;
    }
    // With the CMS published: its location has headers of its own.
    let site = fixture_with_published_cms();
    let nginx = Nginx::with(&bin, &site.output(), true);
    for path in ["/", "/admin/", "/bestaat/niet/"] {
        let out = Command::new("curl")
            .args(["-sk", "-D", "-", "-o", "/dev/null"])
            .arg(format!("https://127.0.0.1:{}{path}", nginx.port))
            .output()
            .expect("run curl");
        let head = String::from_utf8_lossy(&out.stdout).to_ascii_lowercase();
        let status = if path.starts_with("/bestaat") {
            404
        } else {
            200
        };
        assert!(
            head.starts_with(&format!("http/1.1 {status}")),
            "{path}: {head}"
        );
        assert!(
            head.contains("strict-transport-security: max-age=31536000; includesubdomains"),
            "{path}: {head}"
        );
        assert!(
            head.contains("content-security-policy: default-src 'self'"),
            "{path}: {head}"
        );
        assert!(
            head.contains("x-content-type-options: nosniff"),
            "{path}: {head}"
        );
    }
}

/// The CMS, when published, runs under the recipe's own policy for
/// `/admin/`: Decap shows its login and the policy refuses nothing, while
/// the rest of the site keeps the strict one.
#[test]
fn the_published_cms_works_under_the_recipes_policy_or_is_skipped_without_chromium_and_nginx() {
    let Some(bin) = nginx_bin() else {
        have("nginx", false, "apt-get install nginx");
        return;
    };
    let site = fixture_with_published_cms();
    let nginx = Nginx::start(&bin, &site.output());
    let admin = get(nginx.port, "/admin/");
    assert_eq!(admin.status, 200);
    let policy = admin
        .headers
        .get("content-security-policy")
        .cloned()
        .unwrap_or_default();
    assert!(
        policy.contains("style-src 'self' 'unsafe-inline'"),
        "{policy}"
    );
    assert!(policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"));
    assert_eq!(
        admin
            .headers
            .get("x-content-type-options")
            .map(String::as_str),
        Some("nosniff")
    );
    assert_eq!(
        admin.headers.get("x-frame-options").map(String::as_str),
        Some("DENY")
    );
    secured("home next to the CMS", &get(nginx.port, "/"));
    let scratch = tempfile::tempdir().unwrap();
    let Some(seen) = common::browser::look_at(
        &format!("http://127.0.0.1:{}", nginx.port),
        &scratch.path().join("cms"),
        &[common::browser::Look {
            path: "/admin/",
            width: 1280,
            click: &[],
            probe: "new Promise((done) => setTimeout(() => done({ text: document.body.innerText, csp: window.__csp }), 4000))",
        }],
    ) else {
        return;
    };
    let text = seen[0]["value"]["text"].as_str().unwrap_or_default();
    assert!(text.contains("GitHub"), "no login shown: {:?}", seen[0]);
    assert_eq!(
        seen[0]["value"]["csp"],
        serde_json::json!([]),
        "{:?}",
        seen[0]
    );
}

/// The fixture site with `admin: publish: true` (GitHub), built.
fn fixture_with_published_cms() -> Site {
    let site = Site::fixture();
    let yaml = std::fs::read_to_string(site.content().join("site.yaml")).unwrap();
    site.write(
        "content/site.yaml",
        &format!(
            "{yaml}\nadmin:\n  publish: true\n  backend: github\n  repo: redactie/draaiboek\n"
        ),
    );
    site.build();
    site
}
