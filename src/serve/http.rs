//! The dev server's HTTP side on tiny_http: files from memory with pretty
//! URLs, the site's own 404 page, a long-poll endpoint for live reload and
//! an overlay with the diagnostics when a rebuild failed.
//!
//! Only paths of the built site are ever served: a request path is decoded,
//! split and looked up in the in-memory map, never joined to a folder, so
//! `..`, encoded slashes or absolute paths cannot reach other files. The
//! only disk reads are the theme and attachment files the build listed,
//! and those only when they still are plain files inside the content or
//! themes folder.
//!
//! tiny_http reads every connection on a thread of its own and hands us
//! complete requests. On top of that: a fixed pool of [`WORKERS`] threads
//! answers them; long polls are parked in a list instead of holding a
//! worker, and are answered by one poll thread; the accept loop, which
//! tiny_http ends on its first error, is started again; connections get a
//! send timeout, so a client that stops reading cannot hold a worker for
//! good; and what tiny_http lets through of a request head that the
//! server does not take (a second Content-Length, control characters in
//! the target) is refused here with the usual 4xx.
//!
//! A guard in front of tiny_http (`guard.rs`). tiny_http reads a
//! request head line by line into a buffer without limit (tiny_http 0.12,
//! `client.rs`): a header line without end was kept whole, a gigabyte for
//! a gigabyte, and only refused once it ended. Nothing outside tiny_http
//! can change that, and it hands over no socket before the head is read.
//! So the public listener is not tiny_http's: draaiboek accepts there, and
//! passes each connection on to tiny_http, which listens on a private
//! loopback port. On the way in the guard counts each head: past
//! [`MAX_HEAD`] bytes or `MAX_HEADERS` lines it answers 431 itself (a
//! request line longer than an address may be, 414) and closes, without
//! reading the rest. It also answers a body tiny_http must not be given
//! (Transfer-Encoding, or more than `MAX_DRAIN` bytes announced) and
//! forwards other bodies by their Content-Length.
//!
//! A loopback TCP port rather than a Unix socket, because tiny_http then
//! sees a TCP peer for each connection: the poll thread's check for closed
//! tabs (see `established`) keeps working on the private port, and no
//! socket file has to be made and cleaned up. A program on the same
//! computer can reach the private port past the guard, as it can reach
//! the public one on loopback; the guard is there for clients that send
//! too much, not for the computer's own users, who have other ways to
//! use up its memory.
//!
//! Answers leave with TCP_NODELAY: tiny_http writes an answer in several
//! small writes, and with Nagle's algorithm every answer after the first
//! on a keep-alive connection waited for the browser's delayed ACK (44
//! ms). Attachments and theme files are sent from the open file as they
//! go out, never read whole into memory; pages stay in memory, where the
//! live-reload script is put in.

use super::session::Files;
use crate::base::output::{Body, OutFile};
use std::collections::HashSet;
use std::fs::File;
use std::io::{Cursor, Read};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, mpsc};
use std::time::{Duration, Instant};
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

/// What the server shows, replaced as a whole after each rebuild.
#[derive(Default)]
pub struct State {
    pub files: Arc<Files>,
    /// While a full rebuild catches up with a quick one
    /// ([`Shared::publish_quick`]): the only files that are current. A
    /// request for any other waits until [`Shared::settle`].
    pub ready: Option<HashSet<String>>,
    /// Raised after every rebuild, good or bad.
    pub generation: u64,
    /// `reload`, `css` or `error`: what the last rebuild means for a page.
    pub kind: &'static str,
    /// The diagnostics of a failed rebuild, as the terminal shows them.
    pub error: Option<String>,
}

/// A long poll waiting for a rebuild after `since`.
struct Waiter {
    req: Request,
    since: u64,
    until: Instant,
}

pub struct Shared {
    pub state: Mutex<State>,
    /// The folders files may be copied from (content and themes).
    roots: Vec<PathBuf>,
    /// Parked long polls. They hold no thread: tiny_http's `Request` can
    /// be answered from any thread, so the poll thread answers them.
    waiters: Mutex<Vec<Waiter>>,
    /// Wakes the poll thread after a rebuild.
    wake: Condvar,
    /// Wakes requests held back while the site settles.
    settled: Condvar,
}

impl Shared {
    /// `roots`: the only folders whose files may be read for a response.
    pub fn new(roots: Vec<PathBuf>) -> Arc<Shared> {
        Arc::new(Shared {
            state: Mutex::new(State {
                kind: "reload",
                ..State::default()
            }),
            roots,
            waiters: Mutex::new(Vec::new()),
            wake: Condvar::new(),
            settled: Condvar::new(),
        })
    }

    pub fn publish(&self, files: Option<&Files>, kind: &'static str, error: Option<String>) {
        {
            let mut s = lock(&self.state);
            if let Some(f) = files {
                s.files = Arc::new(f.clone());
            }
            s.ready = None;
            s.generation += 1;
            s.kind = kind;
            s.error = error;
        }
        self.settled.notify_all();
        // The waiting polls are answered by the poll thread, not here: this
        // is the rebuild thread, and a slow client must not hold it up.
        let _waiters = lock(&self.waiters);
        self.wake.notify_all();
    }

    /// Announces a quick rebuild: browsers reload now, and get the `ready`
    /// pages at once; any other page waits for [`Shared::settle`].
    pub fn publish_quick(&self, files: &Files, ready: HashSet<String>) {
        {
            let mut s = lock(&self.state);
            s.files = Arc::new(files.clone());
            s.ready = Some(ready);
            s.generation += 1;
            s.kind = "reload";
            s.error = None;
        }
        let _waiters = lock(&self.waiters);
        self.wake.notify_all();
    }

    /// The full rebuild after a quick one is done: every page is current
    /// again. No new reload: the pages already shown are unchanged.
    pub fn settle(&self, files: &Files) {
        {
            let mut s = lock(&self.state);
            s.files = Arc::new(files.clone());
            s.ready = None;
        }
        self.settled.notify_all();
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing panics while holding these locks; should it, the data is
    // still whole (fields are replaced at once), so serving on is right.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

const POLL: &str = "/__draaiboek/poll";
/// How long a request waits for the full rebuild after a quick one.
const SETTLE_WAIT: Duration = Duration::from_secs(60);
const SCRIPT: &str = "/__draaiboek/reload.js";
const ERROR: &str = "/__draaiboek/fout";
/// How long a poll waits for a rebuild before it answers "nothing new".
const POLL_WAIT: Duration = Duration::from_secs(25);
/// Long polls held at once; one per open tab is plenty. Beyond it a poll
/// gets 503 at once and the script tries again a second later.
pub const MAX_POLLS: usize = 100;
/// How often the poll thread looks for polls whose time is up or whose
/// tab was closed.
const POLL_CHECK: Duration = Duration::from_millis(500);
/// Threads answering requests. Answers come from memory, so a few are
/// plenty; long polls and slow clients do not occupy them.
pub const WORKERS: usize = 8;
/// Longest request target and request head (request line and headers,
/// with their line ends); most header lines in a head.
pub(super) const MAX_URL: usize = 8 * 1024;
pub const MAX_HEAD: usize = 32 * 1024;
pub(super) const MAX_HEADERS: usize = 100;
/// A client that stops reading an answer gives up its worker after this.
pub(super) const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections the kernel may queue before they are accepted.
const BACKLOG: libc::c_int = 1024;
/// Request bodies are never wanted, but tiny_http reads an unread body
/// away when the request is dropped, up to its announced length, in one
/// buffer of that size. Up to this length that is done on a thread of its
/// own (the client may never send it); beyond it, see [`dispose`].
pub(super) const MAX_DRAIN: usize = 4 << 20;
/// Threads reading unwanted bodies away at once.
const MAX_DRAINING: usize = 32;
/// Files larger than this are sent on a thread of their own (see
/// [`apart`]), at most this many at once.
const SEND_APART: u64 = 1 << 20;
const MAX_SENDING: usize = 64;
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
    fetch('/__draaiboek/poll?since=' + gen).then(function (r) {
      if (!r.ok) throw new Error('status ' + r.status);
      return r.json();
    }).then(function (m) {
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

/// Percent-encodes all but unreserved characters and `/`.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The site path for a request path: decoded, without leading `/`; `None`
/// when it is no path of ours (`*`, `http://...`) or tries to leave the
/// site (`..`, `.`, backslashes, NUL).
pub fn site_path(raw: &str) -> Option<String> {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return None;
    }
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

/// The whole content of a file of the site, for a page (which gets the
/// live-reload script).
fn body_of(f: &OutFile, roots: &[PathBuf]) -> Option<Vec<u8>> {
    match &f.body {
        Body::Bytes(b) => Some(b.clone()),
        Body::Copy(src) => {
            let (mut file, len) = opened(src, roots)?;
            let mut body = Vec::with_capacity(usize::try_from(len).ok()?);
            file.read_to_end(&mut body).ok()?;
            Some(body)
        }
    }
}

/// A file of the site as it is sent: bytes in memory, or for a copied
/// file the open file and its length.
fn contents(f: &OutFile, roots: &[PathBuf]) -> Option<Payload> {
    match &f.body {
        Body::Bytes(b) => Some(Payload::Bytes(b.clone())),
        Body::Copy(src) => opened(src, roots).map(|(file, len)| Payload::File(file, len)),
    }
}

/// A listed file opened for reading, when it may be read ([`readable`]).
/// Checked after opening, and the open file must be the one checked: a
/// swap between the check and the open would otherwise go unseen.
fn opened(src: &Path, roots: &[PathBuf]) -> Option<(File, u64)> {
    use std::os::unix::fs::MetadataExt;
    let file = crate::base::files::open(src).ok()?;
    let meta = file.metadata().ok()?;
    let named = std::fs::symlink_metadata(src).ok()?;
    let same = (meta.dev(), meta.ino()) == (named.dev(), named.ino());
    (same && readable(src, roots)).then_some((file, meta.len()))
}

/// Whether a listed file may be read: the build left symlinks out, but a
/// file can be swapped for one (or its folder moved) before the rebuild
/// notices, and the server must not follow it out of the site.
fn readable(src: &Path, roots: &[PathBuf]) -> bool {
    let plain = std::fs::symlink_metadata(src).is_ok_and(|m| m.file_type().is_file());
    let Ok(real) = std::fs::canonicalize(src) else {
        return false;
    };
    plain
        && roots
            .iter()
            .filter_map(|r| std::fs::canonicalize(r).ok())
            .any(|r| real.starts_with(r))
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
    let esc = crate::base::html::escape(report);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Fout in de inhoud</title></head>\n<body>\n<main>\n<h1>De site kon niet gebouwd worden</h1>\n<pre>{esc}</pre>\n</main>\n</body>\n</html>\n"
    );
    inject(html.into_bytes(), generation, true)
}

/// What an answer carries.
enum Payload {
    Bytes(Vec<u8>),
    /// Read as it is sent, so that a large attachment costs no memory.
    File(File, u64),
}

/// An answer before it is sent.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Payload,
}

impl Reply {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply::of(status, content_type, Payload::Bytes(body))
    }

    fn of(status: u16, content_type: &str, body: Payload) -> Reply {
        Reply {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-store".to_string()),
            ],
            body,
        }
    }

    fn text(status: u16, text: &str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }

    fn with(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }
}

/// Sends `reply`; a client that left is no error of ours.
fn send(req: Request, reply: Reply) {
    let headers = reply
        .headers
        .iter()
        // Values come from our own code, but a line break in one would
        // start a header of the client's choosing.
        .filter_map(|(k, v)| Header::from_bytes(k.as_bytes(), v.as_bytes()).ok())
        .filter(|h| !h.value.as_str().bytes().any(|b| b.is_ascii_control()))
        .collect();
    let status = StatusCode(reply.status);
    // Always a Content-Length, never chunked: simpler for every client,
    // and the length is known.
    match reply.body {
        Payload::Bytes(b) => {
            let len = b.len();
            let response = Response::new(status, headers, Cursor::new(b), Some(len), None);
            respond(req, response.with_chunked_threshold(usize::MAX));
        }
        Payload::File(file, len) => {
            let Ok(size) = usize::try_from(len) else {
                return send(req, Reply::text(500, "Het bestand is te groot."));
            };
            let reader = Exactly { file, left: len };
            let response = Response::new(status, headers, reader, Some(size), None)
                .with_chunked_threshold(usize::MAX);
            if len > SEND_APART && req.method() != &Method::Head {
                apart(req, response);
            } else {
                respond(req, response);
            }
        }
    }
}

/// Sends a large file on a thread of its own: that takes as long as the
/// client takes to read it, and must not hold one of the [`WORKERS`] so
/// long (ten slow downloads kept every page waiting). At most
/// [`MAX_SENDING`] at once; beyond that on the worker, as before.
fn apart<R: Read + Send + 'static>(req: Request, response: Response<R>) {
    static SENDING: AtomicUsize = AtomicUsize::new(0);
    if SENDING.fetch_add(1, Ordering::SeqCst) >= MAX_SENDING {
        SENDING.fetch_sub(1, Ordering::SeqCst);
        return respond(req, response);
    }
    let spawned = std::thread::Builder::new()
        .name("draaiboek-bestand".into())
        .stack_size(128 * 1024)
        .spawn(move || {
            respond(req, response);
            SENDING.fetch_sub(1, Ordering::SeqCst);
        });
    if spawned.is_err() {
        SENDING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A file's bytes, exactly as many as announced. tiny_http copies a body
/// until its reader ends, whatever the Content-Length said: a file that
/// grew while it was sent would put bytes where the connection's next
/// answer belongs, and one that shrank (or failed to read) would leave the
/// client waiting for the rest, as tiny_http does not close the
/// connection then. What is missing is made up with zeros: the file
/// changed, and the page reloads after the rebuild anyway.
struct Exactly<R> {
    file: R,
    left: u64,
}

impl<R: Read> Read for Exactly<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let want = usize::try_from(self.left).map_or(buf.len(), |l| l.min(buf.len()));
        let buf = &mut buf[..want];
        let n = loop {
            match self.file.read(buf) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Ok(0) | Err(_) => {
                    buf.fill(0);
                    break want;
                }
                Ok(n) => break n,
            }
        };
        self.left -= n as u64;
        Ok(n)
    }
}

/// Sends `response` for `req`, minding an unread request body.
fn respond<R: Read + Send + 'static>(req: Request, response: Response<R>) {
    match req.body_length() {
        // tiny_http reads an unread body away when the request is dropped;
        // that must not happen on a worker (see [`dispose`]).
        Some(n) if n > 1024 => dispose(req, response, n),
        _ => {
            let _ = req.respond(response);
        }
    }
}

/// Answers a request with an unread body of `n` bytes.
///
/// tiny_http drops such a request by reading the rest of the body in one
/// buffer of its announced size. A client that announces a body and never
/// sends it would hold the thread doing that forever, and an announced
/// length beyond the memory (`Content-Length: 100000000000000`) makes the
/// allocation fail, which aborts the process. So: up to [`MAX_DRAIN`] bytes
/// the answer is sent and the body read away on a thread of its own (at
/// most [`MAX_DRAINING`] at once); otherwise the request is answered
/// through `upgrade`, the only way tiny_http offers to take the connection
/// out of its hands, and the connection is then leaked instead of read:
/// an open socket per such request, rather than a crash. (The guard in
/// front refuses a body over [`MAX_DRAIN`] before tiny_http sees it, so
/// that only happens when [`MAX_DRAINING`] bodies are being read away.)
fn dispose<R: Read + Send + 'static>(req: Request, response: Response<R>, n: usize) {
    static DRAINING: AtomicUsize = AtomicUsize::new(0);
    if n <= MAX_DRAIN && DRAINING.fetch_add(1, Ordering::SeqCst) < MAX_DRAINING {
        let spawned = std::thread::Builder::new()
            .name("draaiboek-drain".into())
            .stack_size(64 * 1024)
            .spawn(move || {
                let _ = req.respond(response);
                DRAINING.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            DRAINING.fetch_sub(1, Ordering::SeqCst);
        }
        return;
    }
    if n <= MAX_DRAIN {
        DRAINING.fetch_sub(1, Ordering::SeqCst);
    }
    let stream = req.upgrade("draaiboek-geen", response);
    std::mem::forget(stream);
}

/// Why tiny_http's request cannot be answered normally: the status, for
/// what tiny_http lets through (it has no limits of its own on the head).
fn refusal(req: &Request) -> Option<Reply> {
    let url = req.url();
    if url.len() > MAX_URL {
        return Some(Reply::text(414, "Het adres is te lang."));
    }
    let head: usize = req
        .headers()
        .iter()
        .map(|h| h.field.as_str().as_str().len() + h.value.as_str().len() + 4)
        .sum();
    if req.headers().len() > MAX_HEADERS || head + url.len() > MAX_HEAD {
        return Some(Reply::text(431, "De kopregels zijn te groot."));
    }
    // Visible ASCII only: tiny_http passes NUL, tabs and other control
    // characters on in the target.
    if url.is_empty() || !url.bytes().all(|b| b.is_ascii_graphic()) {
        return Some(Reply::text(400, "Ongeldig adres."));
    }
    let mut length = None;
    for h in req.headers() {
        let value = h.value.as_str();
        if h.field.equiv("Content-Length") {
            // tiny_http ignores a length it cannot parse, and takes the
            // first of several: both can make it misread the connection.
            let n = Some(value)
                .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|v| v.parse::<u64>().ok());
            match (n, length) {
                (None, _) => return Some(Reply::text(400, "Ongeldige Content-Length.")),
                (Some(a), Some(b)) if a != b => {
                    return Some(Reply::text(400, "Twee verschillende Content-Lengths."));
                }
                _ => length = n,
            }
            if length.is_some_and(|n| n > MAX_DRAIN as u64) {
                return Some(Reply::text(413, "Geen inhoud van die grootte, graag."));
            }
        } else if h.field.equiv("Transfer-Encoding") {
            // A body the server would have to decode; it takes none.
            return Some(Reply::text(400, "Geen Transfer-Encoding, graag."));
        }
    }
    None
}

/// Answers one request; a long poll is parked and answered later.
fn serve(req: Request, shared: &Shared) {
    if let Some(reply) = refusal(&req) {
        return send(req, reply);
    }
    let method = req.method().clone();
    if method != Method::Get && method != Method::Head {
        return send(
            req,
            Reply::text(405, "Alleen GET en HEAD").with("Allow", "GET, HEAD"),
        );
    }
    let url = req.url().to_string();
    if url.split('?').next() == Some(POLL) {
        let since = url
            .split("since=")
            .nth(1)
            .and_then(|v| v.split('&').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        return park(req, since, shared);
    }
    let reply = handle(&url, shared);
    send(req, reply)
}

/// The answer for a GET or HEAD of `url` (tiny_http leaves out the body for
/// HEAD).
fn handle(url: &str, shared: &Shared) -> Reply {
    let (files, generation, error) = {
        let mut s = lock(&shared.state);
        // A page the quick rebuild did not make waits for the full one,
        // so nobody is shown a page that misses the edit.
        // The server's own files (reload script, error text) never wait.
        let own = url.starts_with("/__draaiboek/");
        let key = site_path(url).filter(|_| !own).map(|p| {
            if p.is_empty() || p.ends_with('/') {
                format!("{p}index.html")
            } else {
                p
            }
        });
        let until = Instant::now() + SETTLE_WAIT;
        while let (Some(ready), Some(key)) = (&s.ready, &key) {
            let now = Instant::now();
            if ready.contains(key) || now >= until {
                break;
            }
            s = shared
                .settled
                .wait_timeout(s, until - now)
                .map(|(g, _)| g)
                .unwrap_or_else(|e| e.into_inner().0);
        }
        (s.files.clone(), s.generation, s.error.clone())
    };
    if url == SCRIPT {
        return Reply::new(
            200,
            "text/javascript; charset=utf-8",
            RELOAD_JS.as_bytes().to_vec(),
        );
    }
    if url == ERROR {
        let text = error.unwrap_or_default();
        return Reply::new(200, "text/plain; charset=utf-8", text.into_bytes());
    }
    // Nothing good built yet: every page is the error page.
    if files.is_empty() {
        let body = error_page(
            error.as_deref().unwrap_or("De site wordt gebouwd."),
            generation,
        );
        return Reply::new(500, "text/html; charset=utf-8", body);
    }
    let Some(path) = site_path(url) else {
        return Reply::text(400, "Ongeldig adres.");
    };
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    let not_found = || {
        let page = files
            .get("404.html")
            .and_then(|f| body_of(f, &shared.roots));
        let body = page.unwrap_or_else(|| {
            b"<!DOCTYPE html><title>Niet gevonden</title><p>Niet gevonden.</p></body>".to_vec()
        });
        Reply::new(
            404,
            "text/html; charset=utf-8",
            inject(body, generation, error.is_some()),
        )
    };
    if let Some(f) = files.get(&key) {
        let ct = content_type(&key);
        if ct.starts_with("text/html") {
            let Some(body) = body_of(f, &shared.roots) else {
                return not_found();
            };
            return Reply::new(200, ct, inject(body, generation, error.is_some()));
        }
        let Some(body) = contents(f, &shared.roots) else {
            return not_found();
        };
        return Reply::of(200, ct, body);
    }
    // Pretty URLs: /regio/x -> /regio/x/ when that is a page. Built from
    // the clean path, not the target as sent: `//regio/x` would otherwise
    // redirect to the host `regio`.
    if files.contains_key(&format!("{path}/index.html")) {
        return Reply::new(301, "text/plain; charset=utf-8", Vec::new())
            .with("Location", &format!("/{}/", encode(&path)));
    }
    not_found()
}

fn poll_answer(generation: u64, kind: &str) -> Reply {
    let json = format!("{{\"generation\":{generation},\"kind\":\"{kind}\"}}");
    Reply::new(200, "application/json", json.into_bytes())
}

/// A long poll: answered now when a rebuild after `since` happened, else
/// parked for the poll thread, or refused when [`MAX_POLLS`] wait already.
fn park(req: Request, since: u64, shared: &Shared) {
    let mut waiters = lock(&shared.waiters);
    // Read under the waiters' lock: `publish` takes it after raising the
    // generation, so a rebuild cannot slip between this check and parking.
    let (generation, kind) = {
        let s = lock(&shared.state);
        (s.generation, s.kind)
    };
    if generation > since {
        drop(waiters);
        return send(req, poll_answer(generation, kind));
    }
    if waiters.len() >= MAX_POLLS {
        drop(waiters);
        let reply = Reply::text(503, "Te veel open pagina's; probeer het zo opnieuw.")
            .with("Retry-After", "1");
        return send(req, reply);
    }
    waiters.push(Waiter {
        req,
        since,
        until: Instant::now() + POLL_WAIT,
    });
}

/// The poll thread: answers parked polls after a rebuild or when their time
/// is up, and lets go of those whose tab was closed.
fn polls(shared: &Shared, port: u16) {
    let mut checked = Instant::now();
    loop {
        let mut waiters = lock(&shared.waiters);
        waiters = match shared.wake.wait_timeout(waiters, POLL_CHECK) {
            Ok((w, _)) => w,
            Err(e) => e.into_inner().0,
        };
        let (generation, kind) = {
            let s = lock(&shared.state);
            (s.generation, s.kind)
        };
        let now = Instant::now();
        // Which parked polls still have a client: looked up at most every
        // POLL_CHECK, not on every rebuild.
        let open = if now.duration_since(checked) >= POLL_CHECK && !waiters.is_empty() {
            checked = now;
            established(port)
        } else {
            None
        };
        let mut answer = Vec::new();
        let mut gone = Vec::new();
        let mut i = 0;
        while i < waiters.len() {
            let w = &waiters[i];
            let closed = match (&open, w.req.remote_addr()) {
                (Some(open), Some(addr)) => !open.contains(&normal(*addr)),
                _ => false,
            };
            if closed {
                gone.push(waiters.swap_remove(i));
            } else if generation > w.since || now >= w.until {
                answer.push(waiters.swap_remove(i));
            } else {
                i += 1;
            }
        }
        drop(waiters);
        for w in gone {
            // Nobody to answer: let go of the writer without writing, so
            // dropping the request does not try to send a 500.
            drop(w.req.into_writer());
        }
        for w in answer {
            // After a timeout this is the generation the page has, "nothing
            // new, ask again"; unless the server started anew meanwhile,
            // and then the page reloads, as it should.
            send(w.req, poll_answer(generation, kind));
        }
    }
}

/// The peers of established connections to `port`, from the kernel's
/// table (Linux). tiny_http gives no access to a request's socket, so this
/// is how a parked poll learns that its tab was closed: the connection then
/// is half-closed (CLOSE_WAIT) or gone. `port` is tiny_http's private
/// port; the guard closes its side of a connection to it when the client
/// closes. `None` when the table is not there.
fn established(port: u16) -> Option<HashSet<SocketAddr>> {
    let mut found = HashSet::new();
    let mut any = false;
    for file in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(table) = std::fs::read_to_string(file) else {
            continue;
        };
        any = true;
        for line in table.lines().skip(1) {
            let mut cols = line.split_whitespace().skip(1);
            let (Some(local), Some(remote), Some(state)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            // 01: ESTABLISHED.
            if state != "01" || proc_addr(local).map(|a| a.port()) != Some(port) {
                continue;
            }
            if let Some(peer) = proc_addr(remote) {
                found.insert(normal(peer));
            }
        }
    }
    any.then_some(found)
}

/// An address as /proc/net/tcp writes it: the IP as 32-bit words in the
/// machine's byte order, in hex, then `:` and the port in hex.
fn proc_addr(text: &str) -> Option<SocketAddr> {
    let (ip, port) = text.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let word = |i: usize| -> Option<[u8; 4]> {
        let w = u32::from_str_radix(ip.get(i * 8..i * 8 + 8)?, 16).ok()?;
        Some(w.to_ne_bytes())
    };
    let ip = match ip.len() {
        8 => IpAddr::V4(Ipv4Addr::from(word(0)?)),
        32 => {
            let mut b = [0u8; 16];
            for i in 0..4 {
                b[i * 4..i * 4 + 4].copy_from_slice(&word(i)?);
            }
            IpAddr::V6(Ipv6Addr::from(b))
        }
        _ => return None,
    };
    Some(normal(SocketAddr::new(ip, port)))
}

/// IPv4 peers of an IPv6 socket appear as `::ffff:a.b.c.d`.
fn normal(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => SocketAddr::new(IpAddr::V4(v4), addr.port()),
            None => addr,
        },
        IpAddr::V4(_) => addr,
    }
}

/// The listening socket, with a deeper queue, and a send timeout and
/// TCP_NODELAY that the accepted connections inherit.
pub fn listen(addr: SocketAddr) -> Result<TcpListener, String> {
    let listener = TcpListener::bind(addr).map_err(|e| e.to_string())?;
    tune(&listener);
    Ok(listener)
}

/// Socket options tiny_http has no setting for, set on the listening
/// socket; best effort, the server works without them.
///
/// - std listens with a queue of 128 connections. A load test's burst
///   overflows that before the accept thread catches up, and the kernel
///   then drops connections, which a client retries only after a second
///   or more. Listening again just sets a new length (Linux caps it at
///   `net.core.somaxconn`).
/// - Linux copies SO_SNDTIMEO to every accepted connection, and it does
///   not affect `accept`. tiny_http sets no timeouts, so without it a client
///   that stops reading would hold the worker writing to it for good.
///   (SO_RCVTIMEO would be inherited as well, but it also makes `accept`
///   time out, which ends tiny_http's accept loop.)
/// - TCP_NODELAY, inherited the same way (Linux), for tiny_http's side of
///   each connection: it writes an answer in several small writes, and
///   Nagle's algorithm held back each one after the first until the
///   peer's delayed ACK, 44 ms on every answer of a keep-alive connection
///   after its first.
#[cfg(unix)]
fn tune(listener: &TcpListener) {
    use std::os::fd::AsRawFd;
    let fd = listener.as_raw_fd();
    let timeout = libc::timeval {
        tv_sec: SEND_TIMEOUT.as_secs() as libc::time_t,
        tv_usec: 0,
    };
    let on: libc::c_int = 1;
    // SAFETY: `fd` is open for all calls (`listener` is borrowed), and
    // `timeout` and `on` are live values whose sizes are passed along.
    unsafe {
        libc::listen(fd, BACKLOG);
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_SNDTIMEO,
            (&timeout as *const libc::timeval).cast(),
            std::mem::size_of::<libc::timeval>() as libc::socklen_t,
        );
        libc::setsockopt(
            fd,
            libc::IPPROTO_TCP,
            libc::TCP_NODELAY,
            (&on as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
    }
}

#[cfg(not(unix))]
fn tune(_: &TcpListener) {}

/// tiny_http keeps a thread and two descriptors per open connection; lift
/// the soft limit on open files to the hard one, so a burst of connections
/// does not run out of descriptors (which also ends the accept loop).
#[cfg(unix)]
fn more_files() {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: both calls only read or write the rlimit we pass.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < lim.rlim_max {
            lim.rlim_cur = lim.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}

#[cfg(not(unix))]
fn more_files() {}

/// Serves on `listener` from now on: the guard accepts there and passes
/// the connections on to tiny_http on a private loopback port, where
/// tiny_http reads them; a fixed pool of [`WORKERS`] answers, the poll
/// thread answers parked polls.
pub fn start(listener: TcpListener, shared: Arc<Shared>) -> Result<(), String> {
    more_files();
    // IPv4 loopback as a rule; IPv6 where a system has no IPv4.
    let inner = listen(SocketAddr::new(Ipv4Addr::LOCALHOST.into(), 0))
        .or_else(|_| listen(SocketAddr::new(Ipv6Addr::LOCALHOST.into(), 0)))?;
    let inner_addr = inner.local_addr().map_err(|e| e.to_string())?;
    {
        // The connections tiny_http holds are those to the private port.
        let shared = shared.clone();
        let port = inner_addr.port();
        std::thread::spawn(move || polls(&shared, port));
    }
    std::thread::spawn(move || supervise(inner, shared));
    std::thread::spawn(move || super::guard::accept(listener, inner_addr));
    Ok(())
}

/// Runs tiny_http on the listener, and again after its accept loop ended.
///
/// tiny_http's accept thread stops for good at the first failed `accept`
/// (out of descriptors, say); the next `recv` then returns that error once
/// and later ones wait forever. The listening socket is still fine, so a
/// new `Server` on a copy of it takes over. The old one keeps one worker
/// for the connections it still has.
fn supervise(listener: TcpListener, shared: Arc<Shared>) {
    let (died, restart) = mpsc::channel::<()>();
    loop {
        let server = match listener
            .try_clone()
            .map_err(|e| e.to_string())
            .and_then(|l| Server::from_listener(l, None).map_err(|e| e.to_string()))
        {
            Ok(s) => Arc::new(s),
            Err(e) => {
                eprintln!("fout: de server kan niet verder luisteren: {e}");
                std::thread::sleep(Duration::from_secs(1));
                continue;
            }
        };
        let current = Arc::new(std::sync::atomic::AtomicBool::new(true));
        if let Ok(addr) = listener.local_addr() {
            let current = current.clone();
            std::thread::spawn(move || plugs(addr, &current));
        }
        for n in 0..WORKERS {
            let (server, shared, died, current) = (
                server.clone(),
                shared.clone(),
                died.clone(),
                current.clone(),
            );
            let _ = std::thread::Builder::new()
                .name("draaiboek-http".into())
                .spawn(move || work(&server, &shared, &died, &current, n));
        }
        if restart.recv().is_err() {
            return;
        }
        current.store(false, Ordering::SeqCst);
        // Not in a tight loop when `accept` keeps failing.
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Keeps tiny_http's connection pool from leaving connections unserved.
///
/// tiny_http runs each connection on a pool thread (tiny_http 0.12,
/// `util/task_pool.rs`). A new connection goes to a queue when the pool
/// counts an idle thread, and gets a new thread otherwise; but an idle
/// thread is counted until it has woken up, so in a burst many
/// connections are queued for the same few idle threads. Each of those
/// threads then serves one connection for as long as it stays open, and
/// the rest of the queue waits until some connection closes: with a load
/// test's 500 held connections, a few dozen were never read.
///
/// The remedy, within what tiny_http offers: a few connections of our own
/// ("plugs"). Held from the start, they occupy the pool's idle threads, so
/// that connections in a burst get threads of their own; and one is closed
/// and opened again every [`PLUG_CYCLE`], so that a thread becomes free and
/// takes the next connection from the queue, should one be waiting there.
fn plugs(addr: SocketAddr, current: &std::sync::atomic::AtomicBool) {
    let target = match addr.ip() {
        IpAddr::V4(a) if a.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(a) if a.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    };
    let open = || std::net::TcpStream::connect_timeout(&target, Duration::from_secs(1)).ok();
    let mut held: std::collections::VecDeque<_> = (0..PLUGS).filter_map(|_| open()).collect();
    let mut seen = REQUESTS.load(Ordering::Relaxed);
    let mut busy = Instant::now();
    while current.load(Ordering::SeqCst) {
        // Quickly for a while after requests came in (a burst may have left
        // connections queued, which send nothing until served), at leisure
        // otherwise.
        let now = REQUESTS.load(Ordering::Relaxed);
        if now != seen {
            seen = now;
            busy = Instant::now();
        }
        let fast = busy.elapsed() < PLUG_BUSY;
        std::thread::sleep(if fast { PLUG_CYCLE } else { PLUG_IDLE });
        // Closing ends the pool thread's connection; it then takes the
        // oldest queued connection, or waits and gets the new plug.
        drop(held.pop_front());
        held.extend(open());
    }
}

/// The number of plugs: tiny_http's pool keeps 4 threads (`MIN_THREADS`).
pub const PLUGS: usize = 4;
/// How often a plug is renewed: a connection stuck in tiny_http's queue
/// waits at most about this long per connection ahead of it.
const PLUG_CYCLE: Duration = Duration::from_millis(10);
const PLUG_IDLE: Duration = Duration::from_millis(250);
const PLUG_BUSY: Duration = Duration::from_secs(10);
/// Requests received, for [`plugs`].
static REQUESTS: AtomicUsize = AtomicUsize::new(0);

/// A worker: answers requests until its server is replaced (worker 0 stays
/// for the old server's remaining connections).
fn work(
    server: &Server,
    shared: &Shared,
    died: &mpsc::Sender<()>,
    current: &std::sync::atomic::AtomicBool,
    n: usize,
) {
    loop {
        match server.recv_timeout(Duration::from_secs(1)) {
            Ok(Some(req)) => {
                REQUESTS.fetch_add(1, Ordering::Relaxed);
                serve(req, shared)
            }
            Ok(None) => {
                if n > 0 && !current.load(Ordering::SeqCst) {
                    return;
                }
            }
            Err(e) => {
                eprintln!("waarschuwing: de server stopte met aannemen ({e}); hij start opnieuw.");
                let _ = died.send(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Exactly, encode, proc_addr, site_path};
    use std::io::Read;

    #[test]
    fn a_file_is_sent_at_the_length_announced() {
        let sent = |content: &[u8], announced: u64| {
            let mut out = Vec::new();
            let mut r = Exactly {
                file: content,
                left: announced,
            };
            r.read_to_end(&mut out).map(|_| out).unwrap_or_default()
        };
        assert_eq!(sent(b"pact", 4), b"pact");
        // Grown while sent: no more than announced.
        assert_eq!(sent(b"pact en meer", 4), b"pact");
        // Shrunk: made up to the length announced.
        assert_eq!(sent(b"pa", 4), b"pa\0\0");
        assert_eq!(sent(b"", 0), b"");
    }

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
            "/%",
            "/%c0%ae%c0%ae/",
            "/%e9",
            "*",
            "http://localhost/",
            "",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
        // An absolute path is just a (missing) site path, never a file.
        assert_eq!(site_path("//etc/passwd").as_deref(), Some("etc/passwd"));
        // Double encoding decodes once: a name with `%`, not a `..`.
        assert_eq!(site_path("/%252e%252e/x").as_deref(), Some("%2e%2e/x"));
        // Fullwidth dots stay what they are: a name no page has.
        assert_eq!(
            site_path("/%ef%bc%8e%ef%bc%8e/x").as_deref(),
            Some("\u{ff0e}\u{ff0e}/x")
        );
        assert_eq!(encode("regio/é x"), "regio/%C3%A9%20x");
    }

    #[test]
    fn kernel_connection_table_addresses() {
        let v4 = proc_addr("0100007F:1F90").map(|a| a.to_string());
        if cfg!(target_endian = "little") {
            assert_eq!(v4.as_deref(), Some("127.0.0.1:8080"));
            let v6 = proc_addr("00000000000000000000000001000000:0050").map(|a| a.to_string());
            assert_eq!(v6.as_deref(), Some("[::1]:80"));
        }
        assert_eq!(proc_addr("zz:1"), None);
    }
}
