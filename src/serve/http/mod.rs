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

mod admin;
mod reload;
mod replies;
mod routes;
mod sockets;
mod state;

pub use admin::Cms;
use reload::*;
use replies::*;
use routes::*;
pub use routes::{content_type, site_path};
pub use sockets::{PLUGS, listen, start};
use state::*;
pub use state::{Shared, State};

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
/// Longest request head in bytes: the request line and the headers, with
/// their line ends; a longer one is answered 431.
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
const RELOAD_JS: &str = include_str!("reload.js");

/// Answers one request; a long poll is parked and answered later.
fn serve(req: Request, shared: &Shared) {
    if let Some(reply) = refusal(&req) {
        return send(req, reply);
    }
    let method = req.method().clone();
    if method == Method::Post && req.url() == "/api/v1" {
        return admin::api(req, shared);
    }
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
    let host = req
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    if let Some(reply) = admin::page(&url, host.as_deref(), shared) {
        return send(req, reply);
    }
    let reply = handle(&url, shared);
    send(req, reply)
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
