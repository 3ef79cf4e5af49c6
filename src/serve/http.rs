//! The dev server's HTTP side on tiny_http: files from memory with pretty
//! URLs, the site's own 404 page, a long-poll endpoint for live reload and
//! an overlay with the diagnostics when a rebuild failed.
//!
//! Only paths of the built site are ever served: a request path is decoded,
//! split and looked up in the in-memory map, never joined to a folder, so
//! `..`, encoded slashes or absolute paths cannot reach other files.

use crate::render::{Content, OutFile};
use std::collections::HashMap;
use std::io::Cursor;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// What the server shows, replaced as a whole after each rebuild.
#[derive(Default)]
pub struct State {
    pub files: Arc<HashMap<String, OutFile>>,
    /// Raised after every rebuild, good or bad.
    pub generation: u64,
    /// `reload`, `css` or `error`: what the last rebuild means for a page.
    pub kind: &'static str,
    /// The diagnostics of a failed rebuild, as the terminal shows them.
    pub error: Option<String>,
}

pub struct Shared {
    pub state: Mutex<State>,
    pub changed: Condvar,
}

impl Shared {
    pub fn new() -> Arc<Shared> {
        Arc::new(Shared {
            state: Mutex::new(State {
                kind: "reload",
                ..State::default()
            }),
            changed: Condvar::new(),
        })
    }

    pub fn publish(
        &self,
        files: Option<HashMap<String, OutFile>>,
        kind: &'static str,
        error: Option<String>,
    ) {
        if let Ok(mut s) = self.state.lock() {
            if let Some(f) = files {
                s.files = Arc::new(f);
            }
            s.generation += 1;
            s.kind = kind;
            s.error = error;
        }
        self.changed.notify_all();
    }
}

const POLL: &str = "/__draaiboek/poll";
const SCRIPT: &str = "/__draaiboek/reload.js";
const ERROR: &str = "/__draaiboek/fout";
/// How long a poll waits for a rebuild before it answers "nothing new".
const POLL_WAIT: Duration = Duration::from_secs(25);

const RELOAD_JS: &str = r#"// Live reload for `draaiboek serve`; never part of a build.
(function () {
  var me = document.currentScript;
  var gen = Number(me.getAttribute('data-generation'));
  function overlay(text) {
    var old = document.getElementById('draaiboek-fout');
    if (old) old.remove();
    if (!text) return;
    var box = document.createElement('div');
    box.id = 'draaiboek-fout';
    box.setAttribute('role', 'alert');
    box.style.cssText = 'position:fixed;inset:0;z-index:99999;overflow:auto;background:rgba(255,255,255,.97);color:#1b1b1b;padding:1.5rem;font:15px/1.5 system-ui,sans-serif';
    var h = document.createElement('h2');
    h.textContent = 'De site kon niet opnieuw gebouwd worden';
    h.style.color = '#a4000f';
    var p = document.createElement('p');
    p.textContent = 'Hieronder wat er mis is. De vorige versie blijft zichtbaar zodra je het verbetert en opslaat.';
    var pre = document.createElement('pre');
    pre.textContent = text;
    pre.style.cssText = 'white-space:pre-wrap;font:14px/1.4 ui-monospace,monospace;background:#f1f4f8;padding:1rem;border-left:4px solid #a4000f';
    box.appendChild(h); box.appendChild(p); box.appendChild(pre);
    document.body.appendChild(box);
  }
  function showError() {
    fetch('/__draaiboek/fout').then(function (r) { return r.text(); }).then(overlay);
  }
  function poll() {
    fetch('/__draaiboek/poll?since=' + gen).then(function (r) { return r.json(); }).then(function (m) {
      if (m.generation !== gen) {
        gen = m.generation;
        if (m.kind === 'error') { showError(); }
        else if (m.kind === 'css') {
          overlay('');
          document.querySelectorAll('link[rel=stylesheet]').forEach(function (l) {
            var u = new URL(l.href); u.searchParams.set('v', gen); l.href = u.toString();
          });
        } else { location.reload(); return; }
      }
      poll();
    }).catch(function () { setTimeout(poll, 1000); });
  }
  if (me.getAttribute('data-error') === 'ja') showError();
  poll();
})();
"#;

/// The Content-Type for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt" => "application/vnd.oasis.opendocument.text",
        "doc" => "application/msword",
        _ => "application/octet-stream",
    }
}

/// Percent-decodes a path; `None` for invalid escapes or non-UTF-8.
fn decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The site path for a request path: decoded, without leading `/`; `None`
/// when it tries to leave the site (`..`, `.`, backslashes, NUL).
pub fn site_path(raw: &str) -> Option<String> {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    let decoded = decode(path)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let trailing = decoded.ends_with('/');
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            "." | ".." => return None,
            s => parts.push(s),
        }
    }
    let mut p = parts.join("/");
    if trailing && !p.is_empty() {
        p.push('/');
    }
    Some(p)
}

fn header(k: &str, v: &str) -> Header {
    Header::from_bytes(k.as_bytes(), v.as_bytes()).unwrap_or_else(|_| {
        Header::from_bytes(&b"X-Draaiboek"[..], &b"1"[..]).expect("static header")
    })
}

fn body_of(f: &OutFile) -> Option<Vec<u8>> {
    match &f.content {
        Content::Bytes(b) => Some(b.clone()),
        Content::Copy(src) => std::fs::read(src).ok(),
    }
}

/// Puts the live-reload script into a page, just before `</body>`.
fn inject(html: Vec<u8>, generation: u64, error: bool) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{SCRIPT}\" data-generation=\"{generation}\" data-error=\"{}\"></script>\n",
        if error { "ja" } else { "nee" }
    );
    let at = html
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn error_page(report: &str, generation: u64) -> Vec<u8> {
    let esc = crate::render::escape_html(report);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Fout in de inhoud</title></head>\n<body>\n<main>\n<h1>De site kon niet gebouwd worden</h1>\n<pre>{esc}</pre>\n</main>\n</body>\n</html>\n"
    );
    inject(html.into_bytes(), generation, true)
}

/// Answers one request. Runs on its own thread, so a long poll does not
/// hold up other requests.
pub fn handle(req: Request, shared: &Shared) {
    let method = req.method().clone();
    if method != Method::Get && method != Method::Head {
        let r = Response::from_string("Alleen GET en HEAD")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"));
        let _ = req.respond(r);
        return;
    }
    let url = req.url().to_string();
    if url.starts_with(POLL) {
        let since: u64 = url
            .split("since=")
            .nth(1)
            .and_then(|v| v.split('&').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let (generation, kind) = wait_for(shared, since);
        let json = format!("{{\"generation\":{generation},\"kind\":\"{kind}\"}}");
        let r = Response::from_string(json)
            .with_header(header("Content-Type", "application/json"))
            .with_header(header("Cache-Control", "no-store"));
        let _ = req.respond(r);
        return;
    }
    let (files, generation, error) = match shared.state.lock() {
        Ok(s) => (s.files.clone(), s.generation, s.error.clone()),
        Err(_) => return,
    };
    if url == SCRIPT {
        let r = Response::from_string(RELOAD_JS)
            .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store"));
        let _ = req.respond(r);
        return;
    }
    if url == ERROR {
        let r = Response::from_string(error.unwrap_or_default())
            .with_header(header("Content-Type", "text/plain; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store"));
        let _ = req.respond(r);
        return;
    }
    // Nothing good built yet: every page is the error page.
    if files.is_empty() {
        let body = error_page(
            error.as_deref().unwrap_or("De site wordt gebouwd."),
            generation,
        );
        respond(
            req,
            500,
            "text/html; charset=utf-8",
            body,
            method == Method::Head,
        );
        return;
    }
    let Some(path) = site_path(&url) else {
        return not_found(
            req,
            &files,
            generation,
            error.is_some(),
            method == Method::Head,
        );
    };
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if let Some(f) = files.get(&key) {
        let Some(mut body) = body_of(f) else {
            return not_found(
                req,
                &files,
                generation,
                error.is_some(),
                method == Method::Head,
            );
        };
        let ct = content_type(&key);
        if ct.starts_with("text/html") {
            body = inject(body, generation, error.is_some());
        }
        respond(req, 200, ct, body, method == Method::Head);
        return;
    }
    // Pretty URLs: /regio/x -> /regio/x/ when that is a page.
    if files.contains_key(&format!("{path}/index.html")) {
        let location = format!("/{path}/");
        let r = Response::empty(StatusCode(301)).with_header(header("Location", &location));
        let _ = req.respond(r);
        return;
    }
    not_found(
        req,
        &files,
        generation,
        error.is_some(),
        method == Method::Head,
    )
}

fn not_found(
    req: Request,
    files: &HashMap<String, OutFile>,
    generation: u64,
    error: bool,
    head: bool,
) {
    let body = files.get("404.html").and_then(body_of).unwrap_or_else(|| {
        b"<!DOCTYPE html><title>Niet gevonden</title><p>Niet gevonden.</p></body>".to_vec()
    });
    respond(
        req,
        404,
        "text/html; charset=utf-8",
        inject(body, generation, error),
        head,
    );
}

fn respond(req: Request, status: u16, ct: &str, body: Vec<u8>, head: bool) {
    let len = body.len();
    let data = if head { Vec::new() } else { body };
    let r = Response::new(
        StatusCode(status),
        vec![
            header("Content-Type", ct),
            header("Cache-Control", "no-store"),
        ],
        Cursor::new(data),
        Some(len),
        None,
    );
    let _ = req.respond(r);
}

/// Waits until a rebuild after `since`, or the poll's time is up.
fn wait_for(shared: &Shared, since: u64) -> (u64, &'static str) {
    let Ok(guard) = shared.state.lock() else {
        return (since, "reload");
    };
    let result = shared
        .changed
        .wait_timeout_while(guard, POLL_WAIT, |s| s.generation <= since);
    match result {
        Ok((s, _)) => (s.generation, s.kind),
        Err(_) => (since, "reload"),
    }
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn paths_never_leave_the_site() {
        assert_eq!(site_path("/regio/a/").as_deref(), Some("regio/a/"));
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(site_path("/regio/a?x=1").as_deref(), Some("regio/a"));
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/regio/..%2f..%2fCargo.toml",
            "/a/%5c..%5cb",
            "/%00",
            "/%zz",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
        // An absolute path is just a (missing) site path, never a file.
        assert_eq!(site_path("//etc/passwd").as_deref(), Some("etc/passwd"));
    }
}
