//! `draaiboek serve` on a laptop: it listens on loopback unless told
//! otherwise (and then warns), no request reaches a file outside the built
//! site, malformed requests get a 4xx (or, where tiny_http decides before
//! the server's code runs, no answer) and no panic, a head over the cap is
//! refused without being read on, a flood of connections neither crashes
//! it nor keeps it from answering a page, keep-alive answers come as fast
//! as fresh ones, and attachments are streamed, not held in memory.

mod common;

use common::Site;
use draaiboek::serve::http::{MAX_HEAD, MAX_POLLS, PLUGS, WORKERS};
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{PoisonError, RwLock, RwLockReadGuard};
use std::time::{Duration, Instant};

/// The load test runs alone: the other tests here move megabytes and
/// would share the machine with it, which says nothing about the server.
static EXCLUSIVE: RwLock<()> = RwLock::new(());

fn shared() -> RwLockReadGuard<'static, ()> {
    EXCLUSIVE.read().unwrap_or_else(PoisonError::into_inner)
}

struct Server {
    child: Child,
    port: u16,
    /// Holds the files stdout and stderr go to.
    logs: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(site: &Site, extra: &[&str]) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("free port")
            .local_addr()
            .expect("addr")
            .port();
        let logs = tempfile::tempdir().expect("tempdir");
        let out = std::fs::File::create(logs.path().join("stdout")).expect("stdout");
        let err = std::fs::File::create(logs.path().join("stderr")).expect("stderr");
        let child = Command::new(env!("CARGO_BIN_EXE_draaiboek"))
            .args(["serve", "--port", &port.to_string()])
            .args(extra)
            .current_dir(site.path())
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err))
            .spawn()
            .expect("start serve");
        let server = Server { child, port, logs };
        let started = Instant::now();
        // The address is printed just after the server starts answering.
        while get(port, "/").0 != 200 || !server.stdout().contains("De site staat op") {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "serve did not start:\n{}",
                server.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn log(&self, name: &str) -> String {
        std::fs::read_to_string(self.logs.path().join(name)).unwrap_or_default()
    }

    fn stdout(&self) -> String {
        self.log("stdout")
    }

    fn stderr(&self) -> String {
        self.log("stderr")
    }

    fn assert_alive(&mut self) {
        assert!(
            matches!(self.child.try_wait(), Ok(None)),
            "serve stopped:\n{}",
            self.stderr()
        );
    }

    /// A number from the server process's /proc status (`Threads`, or
    /// `VmHWM` in kB).
    fn status(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|n| n.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// Threads of the server process.
    fn threads(&self) -> Option<usize> {
        self.status("Threads").map(|n| n as usize)
    }

    /// The most memory the server process has held so far, in MiB.
    fn peak_mib(&self) -> f64 {
        self.status("VmHWM").expect("VmHWM in /proc") as f64 / 1024.0
    }
}

/// (status, whole answer) for raw request bytes; status 0 when the server
/// closed the connection without answering.
fn raw(port: u16, request: &[u8]) -> (u16, String) {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    s.set_read_timeout(Some(Duration::from_secs(20))).ok();
    // The server may answer and close before it has read everything.
    let _ = s.write_all(request);
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).into_owned();
    (status_of(&text), text)
}

/// The status of the first answer to raw request bytes, read until its
/// head is complete, the server closes, or `wait` passes; 0 for no answer.
/// tiny_http keeps some connections open after a refusal (505) or waits
/// for a line end that never comes (a TLS handshake), so this does not
/// wait for the connection to close.
fn first_status(port: u16, request: &[u8], wait: Duration) -> u16 {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return 0;
    };
    let _ = s.write_all(request);
    let until = Instant::now() + wait;
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || s.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
    }
    status_of(&String::from_utf8_lossy(&answer))
}

fn status_of(answer: &str) -> u16 {
    answer
        .strip_prefix("HTTP/1.")
        .and_then(|rest| rest.get(2..5))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

fn get(port: u16, path: &str) -> (u16, String) {
    raw(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

fn generation(page: &str) -> u64 {
    let at = page.find("data-generation=\"").expect("live reload script") + 17;
    page[at..]
        .split('"')
        .next()
        .and_then(|g| g.parse().ok())
        .expect("generation")
}

#[test]
fn serve_listens_on_loopback_and_warns_when_told_otherwise() {
    let _turn = shared();
    let site = Site::compare();
    let server = Server::start(&site, &[]);
    let url = format!("http://127.0.0.1:{}/", server.port);
    assert!(server.stdout().contains(&url), "{}", server.stdout());
    assert!(
        !server.stderr().contains("waarschuwing"),
        "{}",
        server.stderr()
    );
    // All of 127/8 is loopback on Linux: a server on 127.0.0.1 alone does
    // not answer on 127.0.0.2, one on every address does.
    #[cfg(target_os = "linux")]
    assert!(
        TcpStream::connect(("127.0.0.2", server.port)).is_err(),
        "listens beyond 127.0.0.1"
    );
    drop(server);

    let server = Server::start(&site, &["--interface", "0.0.0.0"]);
    let err = server.stderr();
    assert!(
        err.contains("waarschuwing:") && err.contains("iedereen op het netwerk kan de site lezen"),
        "{err}"
    );
    #[cfg(target_os = "linux")]
    assert!(TcpStream::connect(("127.0.0.2", server.port)).is_ok());
}

#[test]
fn nothing_outside_the_built_site_is_served() {
    let _turn = shared();
    let site = Site::compare();
    let secret = site.path().join("geheim.txt");
    std::fs::write(&secret, "GEHEIM").unwrap();
    // The same secret where a server reading folders might look.
    site.write("output/geheim.txt", "GEHEIM");
    site.write("content/geheim.txt", "GEHEIM");
    // (A symlink out of the content is refused by the build itself; see
    // tests/filesystem.rs.)
    let mut server = Server::start(&site, &[]);
    let port = server.port;
    let absolute = secret.display().to_string();
    let mut evil: Vec<String> = [
        "/geheim.txt",
        "/output/geheim.txt",
        "/content/geheim.txt",
        "/themes/default/templates/base.html",
        "/../geheim.txt",
        "/./geheim.txt",
        "/regio/aland/../../../geheim.txt",
        // Percent-encoded and double-encoded dots and slashes.
        "/%2e%2e/geheim.txt",
        "/%2E%2E/geheim.txt",
        "/regio/..%2f..%2fgeheim.txt",
        "/regio/%2e%2e/%2e%2e/geheim.txt",
        "/%252e%252e/geheim.txt",
        "/%252e%252e/%252e%252e/%252e%252e/geheim.txt",
        "/regio/%252e%252e%252fgeheim.txt",
        // Backslashes, raw and encoded.
        "/..\\geheim.txt",
        "/..%5cgeheim.txt",
        "/..%5c..%5cCargo.toml",
        "/regio%5c..%5c..%5cgeheim.txt",
        // Dots that Unicode normalisation (NFKC) or a lax decoder turns
        // into `.` or `/`: fullwidth, one dot leader, overlong UTF-8, IIS.
        "/%ef%bc%8e%ef%bc%8e/geheim.txt",
        "/%ef%bc%8e%ef%bc%8e%ef%bc%8fgeheim.txt",
        "/%e2%80%a4%e2%80%a4/geheim.txt",
        "/%c0%ae%c0%ae/geheim.txt",
        "/%c0%af../geheim.txt",
        "/%u002e%u002e/geheim.txt",
        // Absolute paths in every form.
        "//etc/passwd",
        "/etc/passwd",
        "///etc/passwd",
        "/%2fetc%2fpasswd",
        "http://localhost/../geheim.txt",
        "file:///etc/passwd",
        "*",
        // NUL bytes.
        "/regio/%00/",
        "/geheim.txt%00.html",
        "/regio/\0/",
        // The symlink itself.
        "/regio/aland/geheim.txt",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    evil.push(format!("/{absolute}"));
    evil.push(format!("/{}", absolute.replace('/', "%2f")));
    for path in &evil {
        let (status, answer) = get(port, path);
        assert!(
            !answer.contains("GEHEIM") && !answer.contains("root:") && !answer.contains("{%"),
            "{path:?} leaked a file:\n{answer}"
        );
        assert!(
            status == 400 || status == 404,
            "{path:?}: {status}\n{answer}"
        );
    }

    // A served theme file swapped for a symlink: the server does not
    // follow it, whether or not the rebuild has noticed yet.
    let css = site.path().join("themes/default/static/style.css");
    std::fs::remove_file(&css).unwrap();
    std::os::unix::fs::symlink(&secret, &css).unwrap();
    for _ in 0..10 {
        let (status, answer) = get(port, "/static/style.css");
        assert!(!answer.contains("GEHEIM"), "followed a symlink:\n{answer}");
        assert_eq!(status, 404, "{answer}");
        std::thread::sleep(Duration::from_millis(100));
    }
    server.assert_alive();
    eprintln!("serve: {} hostile paths, none served", evil.len() + 1);
}

#[test]
fn malformed_requests_get_a_4xx_and_the_server_keeps_serving() {
    let _turn = shared();
    let site = Site::compare();
    let mut server = Server::start(&site, &[]);
    let port = server.port;
    let big_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Groot: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let many_headers = format!(
        "GET / HTTP/1.1\r\nHost: x\r\n{}Connection: close\r\n\r\n",
        (0..10_000)
            .map(|i| format!("X-{i}: {i}\r\n"))
            .collect::<String>()
    );
    let long_url = format!(
        "GET /{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a".repeat(100_000)
    );
    let close = "Host: x\r\nConnection: close\r\n\r\n";
    let line = |l: &str| format!("{l}\r\n{close}").into_bytes();
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        (
            "garbage request line",
            b"HALLO WERELD\r\n\r\n".to_vec(),
            400,
        ),
        // tiny_http reads a request line up to its CRLF, without a time
        // limit: no answer, the connection just stays open (0).
        (
            "a TLS handshake",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(),
            0,
        ),
        ("HTTP/0.9", b"GET /\r\n".to_vec(), 400),
        ("no target", b"GET\r\n\r\n".to_vec(), 400),
        ("two spaces", line("GET  / HTTP/1.1"), 400),
        ("bad version", line("GET / HTTP/x.y"), 400),
        // tiny_http writes its 505 into the connection's buffer without
        // flushing it and waits for the next request: no answer (0).
        ("HTTP/2 over plain text", line("GET / HTTP/2.0"), 0),
        (
            "header without colon",
            b"GET / HTTP/1.1\r\nHost x\r\n\r\n".to_vec(),
            400,
        ),
        (
            "folded header",
            b"GET / HTTP/1.1\r\nHost: x\r\n  y\r\n\r\n".to_vec(),
            400,
        ),
        ("1 MB header", big_header.into_bytes(), 431),
        ("10,000 headers", many_headers.into_bytes(), 431),
        ("100 kB address", long_url.into_bytes(), 414),
        ("invalid percent-encoding", line("GET /%zz HTTP/1.1"), 400),
        (
            "truncated percent-encoding",
            line("GET /regio/% HTTP/1.1"),
            400,
        ),
        ("encoded non-UTF-8", line("GET /r%e9gio/ HTTP/1.1"), 400),
        ("overlong UTF-8", line("GET /%c0%af HTTP/1.1"), 400),
        // tiny_http closes a connection whose head is not ASCII without
        // an answer (0); nothing reaches the server's code.
        (
            "raw non-UTF-8",
            [&b"GET /r\xe9gio/ HTTP/1.1\r\n"[..], close.as_bytes()].concat(),
            0,
        ),
        ("raw UTF-8", line("GET /régio/ HTTP/1.1"), 0),
        ("raw NUL", line("GET /regio/\0/ HTTP/1.1"), 400),
        ("raw tab", line("GET /regio/\t/ HTTP/1.1"), 400),
        ("asterisk", line("GET * HTTP/1.1"), 400),
        ("unknown method", line("BREW / HTTP/1.1"), 405),
        (
            "absurd content length",
            format!("GET / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n{close}")
                .into_bytes(),
            400,
        ),
        (
            "negative content length",
            format!("GET / HTTP/1.1\r\nContent-Length: -1\r\n{close}").into_bytes(),
            400,
        ),
        // tiny_http takes the first length and reads a body of up to 1 kB
        // before the request reaches the server's code; none comes, so
        // it waits (0). With the body sent, the server refuses it (400).
        (
            "two content lengths",
            format!("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n{close}")
                .into_bytes(),
            0,
        ),
        (
            "two content lengths, body sent",
            format!("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n{close}x")
                .into_bytes(),
            400,
        ),
        (
            "broken chunked body",
            format!("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n{close}zz\r\n").into_bytes(),
            400,
        ),
        (
            "unknown expectation",
            format!("GET / HTTP/1.1\r\nExpect: koffie\r\n{close}").into_bytes(),
            417,
        ),
        (
            "a body announced beyond all memory",
            format!("GET / HTTP/1.1\r\nContent-Length: 100000000000000\r\n{close}").into_bytes(),
            413,
        ),
        (
            "a body announced and never sent",
            format!("POST / HTTP/1.1\r\nContent-Length: 5000\r\n{close}").into_bytes(),
            405,
        ),
        (
            "a body nobody asked for",
            format!(
                "POST / HTTP/1.1\r\nContent-Length: 2000000\r\n{close}{}",
                "x".repeat(2_000_000)
            )
            .into_bytes(),
            405,
        ),
    ];
    let mut seen = Vec::new();
    for (what, request, expected) in &cases {
        let t = Instant::now();
        // "No answer" is only known after waiting; an answer comes at once.
        let wait = Duration::from_secs(if *expected == 0 { 2 } else { 10 });
        let status = first_status(port, request, wait);
        assert_eq!(status, *expected, "{what}");
        // Refused at once, not after a read timeout.
        assert!(
            *expected == 0 || t.elapsed() < Duration::from_secs(3),
            "{what}: {:?}",
            t.elapsed()
        );
        seen.push(format!("{what}: {status}"));
        assert_eq!(get(port, "/").0, 200, "no page after {what}");
        server.assert_alive();
    }
    assert!(!server.stderr().contains("panicked"), "{}", server.stderr());
    eprintln!("serve: malformed requests -> {}", seen.join("; "));
}

#[test]
fn keep_alive_pipelining_head_and_redirects_work() {
    let _turn = shared();
    let site = Site::compare();
    let server = Server::start(&site, &[]);
    let port = server.port;
    // Three requests in one write on one connection, answered in order.
    let (_, answer) = raw(
        port,
        b"GET /regio/aland/ HTTP/1.1\r\nHost: x\r\n\r\n\
          HEAD /regio/aland/ HTTP/1.1\r\nHost: x\r\n\r\n\
          GET /regio/aland HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let (first, rest) = answer.split_once("\r\n\r\n").expect("first head");
    assert!(first.starts_with("HTTP/1.1 200 OK"), "{first}");
    let length: usize = first
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|n| n.parse().ok())
        .expect("Content-Length");
    let (page, rest) = rest.split_at(length);
    assert!(page.trim_end().ends_with("</html>"), "whole page");
    let (second, rest) = rest.split_once("\r\n\r\n").expect("second head");
    assert!(second.starts_with("HTTP/1.1 200 OK"), "{second}");
    assert!(
        second.contains(&format!("Content-Length: {length}")),
        "{second}"
    );
    let (third, _) = rest
        .split_once("\r\n\r\n")
        .expect("third head, no body before it");
    assert!(third.starts_with("HTTP/1.1 301"), "{third}");
    assert!(
        third.contains("Location: /regio/aland/\r\n") || third.ends_with("Location: /regio/aland/"),
        "{third}"
    );
    // HTTP/1.0 gets its answer and a closed connection (tiny_http sends no
    // `Connection: close` header, but closes).
    let t = Instant::now();
    let (status, answer) = raw(port, b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 200);
    assert!(answer.trim_end().ends_with("</html>"), "whole page");
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "closed after the answer"
    );
    // A redirect never leads to another host, however the path is written.
    for path in ["//regio/aland", "/regio//aland", "/regio/%61land"] {
        let (status, answer) = get(port, path);
        assert_eq!(status, 301, "{path}");
        assert!(
            answer.contains("Location: /regio/aland/\r\n"),
            "{path}: {answer}"
        );
    }
}

/// tiny_http has no deadline for a request head (nor a read timeout that
/// could be set without ending its accept loop), so a head that trickles
/// in is not cut off: it holds tiny_http's thread for that connection, and
/// only that. What must hold is that it holds up nobody else.
#[test]
fn a_request_head_that_trickles_in_holds_up_nobody_else() {
    let _turn = shared();
    let site = Site::compare();
    let mut server = Server::start(&site, &[]);
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Traag: ")
        .expect("start");
    let started = Instant::now();
    // A byte a second: every read succeeds, but the head never ends.
    while started.elapsed() < Duration::from_secs(6) {
        std::thread::sleep(Duration::from_secs(1));
        s.write_all(b"a").expect("trickle");
        let t = Instant::now();
        assert_eq!(get(server.port, "/").0, 200);
        assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
    }
    // Once the head ends, it is answered like any other.
    s.write_all(b"\r\nConnection: close\r\n\r\n").expect("end");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    assert_eq!(status_of(&String::from_utf8_lossy(&answer)), 200);
    server.assert_alive();
}

/// How the held connections are opened.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Hold {
    /// Connected, nothing sent.
    Idle,
    /// Half a request head, never finished.
    Partial,
    /// A complete long poll, waiting for a rebuild.
    Poll,
    /// Many pipelined requests for a page, and never a byte read.
    Deaf,
}

#[test]
fn five_hundred_connections_do_not_keep_a_page_from_being_served() {
    let _alone = EXCLUSIVE.write().unwrap_or_else(PoisonError::into_inner);
    const CONNECTIONS: usize = 500;
    let site = Site::compare();
    let mut server = Server::start(&site, &[]);
    let port = server.port;
    let (_, page) = get(port, "/");
    let since = generation(&page);
    let threads_before = server.threads();

    let opened = Instant::now();
    let mut held: Vec<(Hold, TcpStream)> = Vec::with_capacity(CONNECTIONS);
    for i in 0..CONNECTIONS {
        let kind = match i % 100 {
            0 => Hold::Deaf,
            1..=40 => Hold::Idle,
            41..=70 => Hold::Partial,
            _ => Hold::Poll,
        };
        let mut s = TcpStream::connect(("127.0.0.1", port))
            .unwrap_or_else(|e| panic!("connection {i} refused: {e}"));
        match kind {
            Hold::Idle => {}
            Hold::Partial => s
                .write_all(b"GET /regio/aland/ HTTP/1.1\r\nHost: localhost\r\nX-Traag: ")
                .expect("partial request"),
            Hold::Poll => write!(
                s,
                "GET /__draaiboek/poll?since={since} HTTP/1.1\r\nHost: localhost\r\n\r\n"
            )
            .expect("poll"),
            Hold::Deaf => s
                .write_all(&b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(100))
                .expect("pipelined requests"),
        }
        held.push((kind, s));
    }
    let opening = opened.elapsed();

    // Polls beyond the cap are answered at once with 503; the rest wait.
    // Count until all are accounted for, which also tells when the server
    // has taken in the whole burst (a thread started for each).
    let polls = held.iter().filter(|h| h.0 == Hold::Poll).count();
    let mut refused = 0;
    loop {
        for (kind, s) in &mut held {
            if *kind != Hold::Poll {
                continue;
            }
            s.set_nonblocking(true).expect("nonblocking");
            let mut buf = [0u8; 512];
            match s.read(&mut buf) {
                Ok(n) if n > 0 => {
                    let answer = String::from_utf8_lossy(&buf[..n]);
                    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
                    assert!(answer.contains("Retry-After: 1"), "{answer}");
                    refused += 1;
                    // Counted once: the answer is consumed, and it is not
                    // read again as it is no longer a waiting poll.
                    *kind = Hold::Idle;
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                other => panic!("poll connection: {other:?}"),
            }
        }
        if refused >= polls.saturating_sub(MAX_POLLS) || opened.elapsed() > Duration::from_secs(10)
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let accounted = opened.elapsed();
    // A moment more, in case the server refused more than it should.
    std::thread::sleep(Duration::from_millis(300));
    for (kind, s) in &mut held {
        if *kind == Hold::Poll {
            let mut buf = [0u8; 1];
            let r = s.read(&mut buf);
            assert!(
                matches!(&r, Err(e) if e.kind() == ErrorKind::WouldBlock),
                "a poll within the cap was answered: {r:?}"
            );
        }
    }
    let parked = held.iter().filter(|h| h.0 == Hold::Poll).count();
    assert_eq!(refused, polls.saturating_sub(MAX_POLLS), "polls refused");
    assert_eq!(parked, MAX_POLLS.min(polls), "polls held");

    // A normal page, several times, while all of them are held.
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let (status, answer) = get(port, "/");
        let took = t.elapsed();
        assert_eq!(
            status,
            200,
            "{}",
            answer.chars().take(300).collect::<String>()
        );
        assert!(answer.contains("</html>"), "whole page");
        times.push(took);
    }
    let slowest = times.iter().max().copied().unwrap_or_default();
    server.assert_alive();
    let threads = server.threads();

    eprintln!(
        "serve under load: {CONNECTIONS} connections held ({} idle, {} partial requests, \
         {} pipelining and never reading, \
         {polls} long polls: {parked} parked, {refused} answered 503) \
         opened in {opening:?}, all taken in by the server within {accounted:?}; \
         GET / answered 200 in {:?} (slowest of {}: {slowest:?}); \
         server threads {threads_before:?} before, {threads:?} under load",
        held.iter().filter(|h| h.0 == Hold::Idle).count() - refused,
        held.iter().filter(|h| h.0 == Hold::Partial).count(),
        held.iter().filter(|h| h.0 == Hold::Deaf).count(),
        times[0],
        times.len(),
    );
    assert!(
        slowest < Duration::from_secs(1),
        "a page took {slowest:?} with {CONNECTIONS} connections held"
    );
    // Per connection tiny_http's thread and the guard's two (one each way;
    // the guard in front of tiny_http caps request heads, and was not
    // there when this bound was one thread per connection), tiny_http's
    // thread per plug connection, the fixed workers and a fixed few (main,
    // watcher, accept threads, poll thread, the render pool, guard
    // threads waiting for a connection): nothing grows with requests or
    // polls.
    if let (Some(threads), Ok(cores)) = (threads, std::thread::available_parallelism()) {
        let bound = 3 * CONNECTIONS + PLUGS + WORKERS + cores.get() + 16;
        assert!(threads <= bound, "{threads} threads, more than {bound}");
    }

    for (_, s) in &held {
        let _ = s.shutdown(Shutdown::Both);
    }
    drop(held);
    let t = Instant::now();
    assert_eq!(get(port, "/").0, 200);
    assert!(t.elapsed() < Duration::from_secs(1));

    // Closed tabs give their poll places back within a few seconds, not
    // after the poll's 25 s.
    std::thread::sleep(Duration::from_secs(2));
    let mut fresh = Vec::new();
    for _ in 0..MAX_POLLS {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        write!(
            s,
            "GET /__draaiboek/poll?since={since} HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .expect("poll");
        fresh.push(s);
    }
    std::thread::sleep(Duration::from_millis(500));
    for s in &mut fresh {
        s.set_nonblocking(true).expect("nonblocking");
        let r = s.read(&mut [0u8; 64]);
        assert!(
            matches!(&r, Err(e) if e.kind() == ErrorKind::WouldBlock),
            "a poll after the load was not held: {r:?}"
        );
    }
    server.assert_alive();
}

/// One answer on a connection that stays open: (status, head, body), the
/// body read up to its Content-Length (none for HEAD).
fn answer(s: &mut TcpStream, head_request: bool) -> (u16, String, Vec<u8>) {
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let end = loop {
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = s.read(&mut buf).expect("answer");
        assert!(n > 0, "closed before the answer");
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|n| n.trim().parse().ok())
        .expect("Content-Length");
    let mut body = raw.split_off(end);
    let want = if head_request { 0 } else { length };
    while body.len() < want {
        let n = s.read(&mut buf).expect("body");
        assert!(n > 0, "closed within the body");
        body.extend_from_slice(&buf[..n]);
    }
    assert_eq!(body.len(), want, "more than the answer");
    (status_of(&head), head, body)
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Every answer on a keep-alive connection comes as fast as on a fresh
/// one. tiny_http writes an answer in several small writes; with Nagle's
/// algorithm on, every one after a connection's first waited for the
/// client's delayed ACK: 44 ms per request, for every browser. Medians of
/// ten, so that a noisy machine does not decide.
#[test]
fn keep_alive_answers_come_as_fast_as_fresh_ones() {
    let _alone = EXCLUSIVE.write().unwrap_or_else(PoisonError::into_inner);
    let site = Site::compare();
    let server = Server::start(&site, &[]);
    let port = server.port;
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let mut report = Vec::new();
    let mut medians = Vec::new();
    for (method, path, status) in [
        ("GET", "/regio/aland/", 200),
        ("GET", "/static/style.css", 200),
        ("HEAD", "/regio/aland/", 200),
        ("GET", "/regio/aland", 301),
        ("GET", "/bestaat-niet/", 404),
    ] {
        // In one write, as a browser sends it: `write!` would send the
        // pieces apart, and the client's own Nagle would wait.
        let request = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        let mut times = Vec::new();
        // One more than measured: the first may pay for a cold cache.
        for i in 0..11 {
            let t = Instant::now();
            s.write_all(request.as_bytes()).expect("request");
            let (got, head, body) = answer(&mut s, method == "HEAD");
            let took = t.elapsed();
            assert_eq!(got, status, "{method} {path}: {head}");
            if method == "GET" && status != 301 && path.ends_with('/') {
                assert!(
                    String::from_utf8_lossy(&body).contains("</html>"),
                    "{method} {path}: whole page"
                );
            }
            if i > 0 {
                times.push(took);
            }
        }
        // The same on fresh connections, for comparison.
        let mut fresh = Vec::new();
        for _ in 0..10 {
            let t = Instant::now();
            let mut f = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            f.set_read_timeout(Some(Duration::from_secs(10))).ok();
            f.write_all(request.as_bytes()).expect("request");
            let (got, _, _) = answer(&mut f, method == "HEAD");
            fresh.push(t.elapsed());
            assert_eq!(got, status);
        }
        let kept = median(&mut times);
        report.push(format!(
            "{method} {path}: {kept:?} (fresh connection {:?})",
            median(&mut fresh)
        ));
        medians.push((method, path, kept));
    }
    eprintln!(
        "serve keep-alive, median of 10 answers: {}",
        report.join("; ")
    );
    for (method, path, kept) in medians {
        assert!(
            kept < Duration::from_millis(20),
            "{method} {path}: median {kept:?} per answer on a keep-alive connection"
        );
    }
}

/// An attachment is sent from disk as it is sent, never whole in memory:
/// several downloads at once of a large one leave the server's peak memory
/// where it was (it grew by the attachment's size per download before).
/// The attachment is a sparse file: it costs no disk.
#[test]
fn attachments_are_streamed_not_held_in_memory() {
    let _turn = shared();
    const SIZE: u64 = 256 << 20;
    const DOWNLOADS: usize = 4;
    let site = Site::compare();
    let attachment = site.content().join("regions/aland/groot.pdf");
    std::fs::File::create(&attachment)
        .and_then(|f| f.set_len(SIZE))
        .expect("sparse attachment");
    let mut server = Server::start(&site, &[]);
    let port = server.port;
    let url = "/regio/aland/groot.pdf";
    // HEAD sends no body: the next answer on the connection follows its
    // head directly.
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    s.write_all(format!("HEAD {url} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes())
        .expect("HEAD");
    let (status, head, _) = answer(&mut s, true);
    assert_eq!(status, 200, "{head}");
    assert!(
        head.contains(&format!("Content-Length: {SIZE}\r\n")),
        "{head}"
    );
    assert!(head.contains("Content-Type: application/pdf"), "{head}");
    s.write_all(b"GET /regio/aland/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .expect("GET");
    let (status, head, body) = answer(&mut s, false);
    assert_eq!(status, 200, "{head}");
    assert!(String::from_utf8_lossy(&body).contains("</html>"));
    drop(s);

    let before = server.peak_mib();
    let started = Instant::now();
    let downloads: Vec<_> = (0..DOWNLOADS)
        .map(|_| {
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                s.set_read_timeout(Some(Duration::from_secs(20))).ok();
                s.write_all(format!("GET {url} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes())
                    .expect("GET");
                // Read as it comes, counting, instead of through `answer`:
                // the client should not hold the attachment either.
                let mut buf = vec![0u8; 1 << 20];
                let mut head = Vec::new();
                let mut body = 0u64;
                let mut zeros = true;
                while !head.ends_with(b"\r\n\r\n") || body < SIZE {
                    let n = s.read(&mut buf).expect("download");
                    assert!(n > 0, "closed after {body} bytes");
                    let mut chunk = &buf[..n];
                    if !head.ends_with(b"\r\n\r\n") {
                        let end = chunk
                            .windows(4)
                            .position(|w| w == b"\r\n\r\n")
                            .map(|at| at + 4)
                            .expect("a head in the first read");
                        head.extend_from_slice(&chunk[..end]);
                        chunk = &chunk[end..];
                    }
                    zeros &= chunk.iter().all(|&b| b == 0);
                    body += chunk.len() as u64;
                }
                // Nothing after the announced length: the connection can
                // carry the next request.
                s.write_all(b"HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .expect("next request");
                let (next, _, _) = answer(&mut s, true);
                let head = String::from_utf8_lossy(&head).into_owned();
                (status_of(&head), head, body, zeros, next)
            })
        })
        .collect();
    for d in downloads {
        let (status, head, body, zeros, next) = d.join().expect("download thread");
        assert_eq!(status, 200, "{head}");
        assert!(
            head.contains(&format!("Content-Length: {SIZE}\r\n")),
            "{head}"
        );
        assert_eq!(body, SIZE, "the whole attachment, and no more");
        assert!(zeros, "the attachment's bytes");
        assert_eq!(next, 200, "the answer after the attachment");
    }
    let took = started.elapsed();
    let after = server.peak_mib();
    eprintln!(
        "serve: {DOWNLOADS} downloads at once of a {} MiB attachment in {took:?}; \
         server peak memory {before:.1} MiB before, {after:.1} MiB after",
        SIZE >> 20
    );
    assert!(
        after - before < 16.0,
        "peak memory grew from {before:.1} to {after:.1} MiB"
    );

    // Downloads that take long (here: clients that read nothing) do not
    // hold the threads that answer pages.
    let slow: Vec<TcpStream> = (0..WORKERS + 2)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            s.write_all(format!("GET {url} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes())
                .expect("GET");
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    for _ in 0..3 {
        let t = Instant::now();
        assert_eq!(get(port, "/").0, 200);
        assert!(
            t.elapsed() < Duration::from_secs(1),
            "a page took {:?} during {} slow downloads",
            t.elapsed(),
            slow.len()
        );
    }
    drop(slow);
    assert_eq!(get(port, "/").0, 200);
    server.assert_alive();
}

/// What came of a head that never ends.
struct Endless {
    answer: String,
    /// Bytes the client got to send before it was cut off.
    sent: u64,
    answered: Duration,
    cut_off: Duration,
}

/// Sends `start`, then `more` over and over, on one connection, while
/// reading what comes back until the server closes it.
fn endless(port: u16, start: &[u8], more: &[u8]) -> Endless {
    const ENDLESS: u64 = 1 << 30;
    let started = Instant::now();
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let mut w = s.try_clone().expect("clone");
    let (start, more) = (start.to_vec(), more.to_vec());
    let sender = std::thread::spawn(move || {
        let mut sent = 0u64;
        if w.write_all(&start).is_err() {
            return sent;
        }
        // A deadline as well, so that a server that reads on does not
        // keep the test waiting for a gigabyte.
        while sent < ENDLESS && started.elapsed() < Duration::from_secs(20) {
            match w.write(&more) {
                Ok(n) => sent += n as u64,
                Err(_) => break,
            }
        }
        sent
    });
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    // Until the server closes; a reset after the answer ends it as well.
    while let Ok(n) = s.read(&mut buf) {
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
    }
    let answered = started.elapsed();
    let sent = sender.join().expect("sender");
    Endless {
        answer: String::from_utf8_lossy(&got).into_owned(),
        sent,
        answered,
        cut_off: started.elapsed(),
    }
}

/// A request head is capped: once it passes [`MAX_HEAD`] bytes (or its
/// request line the longest address, or it has too many header lines) it
/// gets 431 (414) at once, and the rest is never read. A client sending a
/// head without end is cut off by a closed connection after about what the
/// sockets buffer (before, the server read and kept it all, and answered
/// only once it ended); the server's memory stays where it was and it goes
/// on serving. A head just under the cap is served as any other.
#[test]
fn a_head_over_the_cap_gets_431_and_is_not_read_on() {
    let _turn = shared();
    let site = Site::compare();
    let mut server = Server::start(&site, &[]);
    let port = server.port;

    let filler = format!("X-Vul: {}\r\n", "a".repeat(1000)).repeat(MAX_HEAD / 1100);
    let (status, _) = raw(
        port,
        format!("GET / HTTP/1.1\r\nHost: x\r\n{filler}Connection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(status, 200, "a head of {} bytes", filler.len());
    let lines: String = (0..90).map(|i| format!("X-{i}: {i}\r\n")).collect();
    let (status, _) = raw(
        port,
        format!("GET / HTTP/1.1\r\nHost: x\r\n{lines}Connection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(status, 200, "a head of 92 lines");

    let before = server.peak_mib();
    let page = b"GET /regio/aland/ HTTP/1.1\r\nHost: x\r\n\r\n";
    let a = vec![b'a'; 64 << 10];
    let cases = [
        (
            "one header line without end",
            b"GET / HTTP/1.1\r\nHost: x\r\nX-Groot: ".to_vec(),
            a.clone(),
            431,
            "De kopregels zijn te groot.",
        ),
        (
            "header lines without end",
            b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec(),
            b"X-Regel: 1\r\n".repeat(5000),
            431,
            "De kopregels zijn te groot.",
        ),
        (
            "a request line without end",
            b"GET /".to_vec(),
            a.clone(),
            414,
            "Het adres is te lang.",
        ),
        (
            "a header line without end after a page on the same connection",
            [&page[..], b"GET / HTTP/1.1\r\nHost: x\r\nX-Groot: "].concat(),
            a.clone(),
            431,
            "De kopregels zijn te groot.",
        ),
    ];
    let mut seen = Vec::new();
    for (what, start, more, status, text) in cases {
        let e = endless(port, &start, &more);
        seen.push(format!(
            "{what}: {} in {:?}, client cut off after {} KiB in {:?}",
            status_of(&e.answer),
            e.answered,
            e.sent >> 10,
            e.cut_off
        ));
        let mut answer = e.answer.as_str();
        if start.starts_with(page) {
            // The page asked for first is answered first, in full.
            assert!(answer.starts_with("HTTP/1.1 200"), "{what}: {answer}");
            let at = answer.find("</html>").expect("the whole page") + 7;
            answer = answer[at..].trim_start();
        }
        assert_eq!(status_of(answer), status, "{what}: {answer}");
        assert!(answer.contains("Connection: close\r\n"), "{what}: {answer}");
        assert!(answer.ends_with(text), "{what}: {answer}");
        assert!(
            e.sent < 64 << 20,
            "{what}: the server read on: the client sent {} MiB",
            e.sent >> 20
        );
        assert!(
            e.answered < Duration::from_secs(3),
            "{what}: {:?}",
            e.answered
        );
        assert!(
            e.cut_off < Duration::from_secs(5),
            "{what}: {:?}",
            e.cut_off
        );
        assert_eq!(get(port, "/").0, 200, "no page after {what}");
        server.assert_alive();
    }
    let after = server.peak_mib();
    eprintln!(
        "serve: heads without end: {}; server peak memory {before:.1} MiB before, \
         {after:.1} MiB after",
        seen.join("; ")
    );
    assert!(
        after - before < 8.0,
        "peak memory grew from {before:.1} to {after:.1} MiB"
    );
}
