//! Shared helpers for the integration tests: copy a fixture site into a
//! temporary folder, run the real `draaiboek` binary on it, read the HTML a
//! reader would get.
#![allow(dead_code)]

pub mod browser;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests").join("fixtures")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A site in a temporary folder: `content/` and `themes/` side by side, as
/// in the repository.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// The small fixture site with the repository's default theme.
    pub fn fixture() -> Site {
        Self::from_content(&fixtures().join("site").join("content"))
    }

    /// Six fictional regions with known values for the comparison pages.
    pub fn compare() -> Site {
        Self::from_content(&fixtures().join("compare").join("content"))
    }

    /// The shipped content of the repository.
    pub fn shipped() -> Site {
        Self::from_content(&repo().join("content"))
    }

    fn from_content(content: &Path) -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_dir(content, &dir.path().join("content"));
        copy_dir(&repo().join("themes"), &dir.path().join("themes"));
        Site { dir }
    }

    /// The fixture with one broken site's files laid over it.
    pub fn broken(name: &str) -> Site {
        let site = Self::fixture();
        let overlay = fixtures().join("broken").join(name);
        assert!(overlay.is_dir(), "no broken site {name}");
        copy_dir(&overlay, site.dir.path());
        site
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn content(&self) -> PathBuf {
        self.path().join("content")
    }

    pub fn output(&self) -> PathBuf {
        self.path().join("output")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, text).expect("write");
    }

    /// Runs draaiboek in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    pub fn build(&self) -> Run {
        let r = self.run(&["build"]);
        assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
        r
    }

    /// The built file at a site path (`regio/x/` means its index.html).
    pub fn page(&self, site_path: &str) -> String {
        let rel = site_path.trim_start_matches('/');
        let rel = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        fs::read_to_string(self.output().join(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_draaiboek"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run draaiboek");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The text a reader sees: tags removed, entities for the few characters
/// we escape decoded, whitespace collapsed.
pub fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every value of `attr="..."` in the page.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|e| rest[..e].to_string())
        })
        .collect()
}

/// The inner HTML of the element with `id="..."`, up to the matching close
/// of the same tag name (good enough for our sections and list items).
pub fn by_id(html: &str, id: &str) -> String {
    element_with(html, &format!(" id=\"{id}\""))
}

/// The section (or other element) labelled by the heading with this id.
pub fn section(html: &str, id: &str) -> String {
    element_with(html, &format!(" aria-labelledby=\"{id}\""))
}

fn element_with(html: &str, needle: &str) -> String {
    let at = html
        .find(needle)
        .unwrap_or_else(|| panic!("no element with {needle}"));
    let open = html[..at].rfind('<').expect("tag start");
    let name: String = html[open + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let mut depth = 0;
    let mut pos = open;
    while pos < html.len() {
        let next_open = html[pos..].find(&format!("<{name}")).map(|i| pos + i);
        let next_close = html[pos..].find(&format!("</{name}>")).map(|i| pos + i);
        match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => {
                depth += 1;
                pos = o + 1;
            }
            (_, Some(c)) => {
                depth -= 1;
                if depth == 0 {
                    return html[open..c].to_string();
                }
                pos = c + 1;
            }
            _ => break,
        }
    }
    html[open..].to_string()
}

/// The cells of region `region`'s row of the comparison table, as text.
pub fn row(html: &str, region: &str) -> Vec<String> {
    let at = html
        .find(&format!(r#"<tr data-slug="{region}">"#))
        .unwrap_or_else(|| panic!("no row {region}"));
    let end = at + html[at..].find("</tr>").unwrap();
    html[at..end]
        .split("<td")
        .skip(1)
        .map(|c| text(&format!("<td{c}")))
        .collect()
}

/// The headings of the comparison table, as text, "Regio" first.
pub fn headers(html: &str) -> Vec<String> {
    let t = &html[html.find("<thead>").unwrap()..html.find("</thead>").unwrap()];
    t.split("<th")
        .skip(2)
        .map(|h| text(&format!("<th{h}")))
        .collect()
}

/// A running `draaiboek serve` of a site; stopped when dropped.
pub struct Server {
    child: std::process::Child,
    /// The port it answers on, on 127.0.0.1.
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `draaiboek serve` in `site` on a free port and waits until its
/// home page answers 200.
pub fn serve(site: &Site) -> Server {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_draaiboek"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(site.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let server = Server { child, port };
    let home_ok = || {
        let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
            return false;
        };
        let _ = write!(
            s,
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        );
        let mut head = [0u8; 12];
        s.read_exact(&mut head).is_ok() && head.ends_with(b"200")
    };
    let started = Instant::now();
    while !home_ok() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "serve did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}
