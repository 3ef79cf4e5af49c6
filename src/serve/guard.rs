//! The guard in front of tiny_http: it takes the public connections, and
//! passes each one on to tiny_http's private listener while it counts the
//! request heads (see the module comment of [`super::http`] for why).
//!
//! Per connection two threads with small stacks copy bytes: `up` from the
//! client to tiny_http, `down` back (`down` from the first request on; a
//! connection that sends nothing does not need it). Threads done with a
//! connection wait a while for the next one ([`run`]). `up` holds each
//! request head until
//! it is complete and then forwards it in one piece, so tiny_http only
//! ever sees whole heads, and a body announced with Content-Length by
//! count. A head that grows beyond the caps is answered by the guard
//! itself (431, 414), as is a body tiny_http should never be given (413,
//! or 400 for Transfer-Encoding); the rest of it is never read, and the
//! connection is closed. What tiny_http refuses by itself (a broken
//! request line or header line) goes on to tiny_http, which answers it as
//! it always did.

use super::http::{MAX_DRAIN, MAX_HEAD, MAX_HEADERS, MAX_URL, SEND_TIMEOUT};
use std::collections::VecDeque;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

/// Longest request line: the target plus room for a method and version.
const MAX_LINE: usize = MAX_URL + 64;
/// Stack of each guard thread: they keep their buffers on the heap.
const STACK: usize = 64 * 1024;
/// How long connecting to tiny_http may take.
const CONNECT_WAIT: Duration = Duration::from_secs(1);
/// Guard threads kept waiting for the next connection, and for how long
/// (see [`run`]).
const SPARES: usize = 32;
const SPARE_WAIT: Duration = Duration::from_secs(30);
/// Bytes read from a client at a time.
const UP_CHUNK: usize = 16 * 1024;
/// Bytes read from tiny_http at a time: tiny_http writes a body 8 KiB at a
/// time, so more is rarely there, and a big buffer per held connection
/// would be memory for nothing.
const DOWN_CHUNK: usize = 32 * 1024;
/// After the guard's last answer, how long and how much the client may
/// still be read (and thrown away) before the connection is closed: a
/// close with unread bytes sends a reset, which can make the client lose
/// the answer it has not read yet. Bounded, so a refused head is never
/// read on.
const LINGER: Duration = Duration::from_millis(500);
const LINGER_BYTES: usize = 64 * 1024;

/// An answer of the guard's own, after which the connection is closed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Refusal {
    pub status: u16,
    pub text: &'static str,
}

impl Refusal {
    const HEAD: Refusal = Refusal {
        status: 431,
        text: "De kopregels zijn te groot.",
    };
    const LINE: Refusal = Refusal {
        status: 414,
        text: "Het adres is te lang.",
    };
    const CHUNKED: Refusal = Refusal {
        status: 400,
        text: "Geen Transfer-Encoding, graag.",
    };
    const BODY: Refusal = Refusal {
        status: 413,
        text: "Geen inhoud van die grootte, graag.",
    };

    fn bytes(&self) -> Vec<u8> {
        let reason = match self.status {
            400 => "Bad Request",
            413 => "Content Too Large",
            414 => "URI Too Long",
            _ => "Request Header Fields Too Large",
        };
        format!(
            "HTTP/1.1 {} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{}",
            self.status,
            self.text.len(),
            self.text
        )
        .into_bytes()
    }
}

/// Why the guard reads no more from a client.
#[derive(Debug, PartialEq)]
pub enum Stop {
    /// Answer this: tiny_http has seen nothing of the head.
    Refuse(Refusal),
    /// tiny_http refuses what it was given (it has the head up to a line
    /// it cannot parse) and closes; nothing after it is needed.
    Handover,
}

/// Where a connection's bytes from the client stand: within a head (held
/// here until complete) or within a body (forwarded by count).
#[derive(Default)]
pub struct Framing {
    /// The current head so far; never more than [`MAX_HEAD`] bytes.
    head: Vec<u8>,
    /// Where the current line starts in `head`; 0 in the request line.
    line: usize,
    /// Header lines of the current head.
    headers: usize,
    /// Body bytes still to come.
    body: u64,
}

impl Framing {
    /// Takes bytes from the client; appends to `out` what may go on to
    /// tiny_http. `Some` when no more is to be read: the rest of `input`
    /// is then left alone.
    pub fn feed(&mut self, mut input: &[u8], out: &mut Vec<u8>) -> Option<Stop> {
        while !input.is_empty() {
            if self.body > 0 {
                let n = usize::try_from(self.body).map_or(input.len(), |b| b.min(input.len()));
                out.extend_from_slice(&input[..n]);
                self.body -= n as u64;
                input = &input[n..];
                continue;
            }
            // One line at a time (or what there is of it), checked against
            // the caps before it is kept.
            let (piece, ends) = match input.iter().position(|&b| b == b'\n') {
                Some(at) => (at + 1, true),
                None => (input.len(), false),
            };
            let first = self.line == 0;
            if first && self.head.len() + piece > MAX_LINE {
                return Some(Stop::Refuse(Refusal::LINE));
            }
            if self.head.len() + piece > MAX_HEAD {
                return Some(Stop::Refuse(Refusal::HEAD));
            }
            self.head.extend_from_slice(&input[..piece]);
            input = &input[piece..];
            // tiny_http ends a line at CRLF only; a bare LF is part of it.
            if !ends || !self.head.ends_with(b"\r\n") {
                continue;
            }
            let start = self.line;
            self.line = self.head.len();
            let text = &self.head[start..self.head.len() - 2];
            if first {
                if !takes_request_line(text) {
                    out.extend_from_slice(&self.head);
                    return Some(Stop::Handover);
                }
            } else if text.is_empty() {
                match self.length() {
                    Ok(n) => self.body = n,
                    Err(r) => return Some(Stop::Refuse(r)),
                }
                out.extend_from_slice(&self.head);
                self.head.clear();
                self.line = 0;
                self.headers = 0;
            } else {
                self.headers += 1;
                if self.headers > MAX_HEADERS {
                    return Some(Stop::Refuse(Refusal::HEAD));
                }
                if !takes_header(text) {
                    out.extend_from_slice(&self.head);
                    return Some(Stop::Handover);
                }
            }
        }
        None
    }

    /// The body length of the complete head in `head`, as tiny_http will
    /// take it (the two must agree on where the next head starts): the
    /// first Content-Length, or none when that does not parse. Every line
    /// is ASCII and parses, or the head would have been handed over.
    fn length(&self) -> Result<u64, Refusal> {
        let text = String::from_utf8_lossy(&self.head);
        let mut length = None;
        for line in text.split("\r\n").skip(1) {
            let Some((field, value)) = line.trim().split_once(':') else {
                continue;
            };
            if field.eq_ignore_ascii_case("Transfer-Encoding") {
                // A chunked body has no length known in advance; the
                // server takes no bodies, so none is decoded.
                return Err(Refusal::CHUNKED);
            }
            if field.eq_ignore_ascii_case("Content-Length") && length.is_none() {
                // The same parse as tiny_http's (`+5` is 5); a second,
                // different length is refused by the server's code.
                length = Some(value.trim().parse::<usize>().ok());
            }
        }
        match length.flatten() {
            // tiny_http would be left with a body it cannot get rid of
            // (see `dispose` in http.rs).
            Some(n) if n > MAX_DRAIN => Err(Refusal::BODY),
            Some(n) => Ok(n as u64),
            None => Ok(0),
        }
    }
}

/// Whether tiny_http takes this request line (tiny_http 0.12,
/// `client.rs`): ASCII, and after trimming a method, a target and a
/// version it knows, split at single spaces.
fn takes_request_line(line: &[u8]) -> bool {
    let Some(line) = std::str::from_utf8(line).ok().filter(|l| l.is_ascii()) else {
        return false;
    };
    let mut parts = line.trim().split(' ');
    let (_method, target, version) = (parts.next(), parts.next(), parts.next());
    target.is_some()
        && matches!(
            version,
            Some("HTTP/0.9" | "HTTP/1.0" | "HTTP/1.1" | "HTTP/2.0" | "HTTP/3.0")
        )
}

/// Whether tiny_http takes this header line: ASCII, a colon, and no
/// whitespace in the name.
fn takes_header(line: &[u8]) -> bool {
    let Some(line) = std::str::from_utf8(line).ok().filter(|l| l.is_ascii()) else {
        return false;
    };
    line.trim()
        .split_once(':')
        .is_some_and(|(name, _)| !name.contains(char::is_whitespace))
}

/// What `up` and `down` tell each other.
#[derive(Default)]
struct Gate {
    /// The guard's answer, sent once tiny_http has answered the rest.
    refusal: Option<Refusal>,
    /// tiny_http closed its side: nothing more is sent to the client.
    closed: bool,
}

/// Takes the public connections for good: a failed `accept` (out of
/// descriptors, say) is tried again a moment later.
pub fn accept(listener: TcpListener, inner: SocketAddr) {
    loop {
        match listener.accept() {
            Ok((client, _)) => {
                // Connected here, before the connection's thread starts:
                // tiny_http takes the connection in the meantime. On
                // loopback that is at once, unless tiny_http's queue is
                // full, when a plain connect would wait for minutes.
                let Ok(upstream) = TcpStream::connect_timeout(&inner, CONNECT_WAIT) else {
                    continue;
                };
                run(Box::new(move || connection(client, upstream)));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// One client connection, passed on to tiny_http. When anything fails,
/// dropping the sockets closes both sides.
fn connection(client: TcpStream, upstream: TcpStream) {
    // Also inherited from the listener on Linux; set here so that it does
    // not depend on that.
    let _ = client.set_nodelay(true);
    let _ = client.set_write_timeout(Some(SEND_TIMEOUT));
    let _ = upstream.set_nodelay(true);
    // tiny_http not reading a body for this long will not read it.
    let _ = upstream.set_write_timeout(Some(SEND_TIMEOUT));
    let (Ok(client_w), Ok(upstream_r)) = (client.try_clone(), upstream.try_clone()) else {
        return;
    };
    // `up` ends by dropping its sender: `down` waits for that to know the
    // client is read no more.
    let (up_done, up_ended) = mpsc::channel::<()>();
    let gate = Arc::new(Mutex::new(Gate::default()));
    let down = Down {
        upstream: upstream_r,
        client: client_w,
        gate: gate.clone(),
        up_ended,
    };
    up(client, upstream, &gate, down);
    drop(up_done);
}

/// The `down` thread before it is started.
struct Down {
    upstream: TcpStream,
    client: TcpStream,
    gate: Arc<Mutex<Gate>>,
    up_ended: mpsc::Receiver<()>,
}

impl Down {
    fn start(self) -> bool {
        run(Box::new(move || {
            down(self.upstream, self.client, &self.gate, &self.up_ended);
        }))
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// Guard threads waiting for work, and the work handed to them.
struct Spare {
    jobs: VecDeque<Job>,
    idle: usize,
}

static SPARE: Mutex<Spare> = Mutex::new(Spare {
    jobs: VecDeque::new(),
    idle: 0,
});
static SPARE_JOB: Condvar = Condvar::new();

/// Runs `job` on a guard thread: a waiting one, or a new one. Starting a
/// thread cost more than all else a new connection costs the guard (two
/// per connection, measured at 0.1 to 0.2 ms each); a thread done with
/// its connection waits a while for the next one instead. False when no
/// thread could be started.
fn run(job: Job) -> bool {
    {
        let mut s = SPARE.lock().unwrap_or_else(PoisonError::into_inner);
        // Each job in the queue has a waiting thread of its own.
        if s.idle > s.jobs.len() {
            s.jobs.push_back(job);
            SPARE_JOB.notify_one();
            return true;
        }
    }
    std::thread::Builder::new()
        .name("draaiboek-poort".into())
        .stack_size(STACK)
        .spawn(move || spare(job))
        .is_ok()
}

/// A guard thread: runs its job, then waits for another for up to
/// [`SPARE_WAIT`] (unless [`SPARES`] wait already).
fn spare(mut job: Job) {
    loop {
        job();
        let mut s = SPARE.lock().unwrap_or_else(PoisonError::into_inner);
        if s.idle >= SPARES {
            return;
        }
        s.idle += 1;
        let until = Instant::now() + SPARE_WAIT;
        job = loop {
            if let Some(next) = s.jobs.pop_front() {
                s.idle -= 1;
                break next;
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                s.idle -= 1;
                return;
            }
            s = SPARE_JOB
                .wait_timeout(s, left)
                .map(|(g, _)| g)
                .unwrap_or_else(|e| e.into_inner().0);
        };
    }
}

/// Starts `down` if it has not started yet; false when it cannot be.
fn started(down: &mut Option<Down>) -> bool {
    down.take().is_none_or(Down::start)
}

fn lock(gate: &Mutex<Gate>) -> std::sync::MutexGuard<'_, Gate> {
    gate.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Client to tiny_http, head by head. `down` is started once something
/// went on to tiny_http (its start then overlaps tiny_http's work), or
/// when the guard answers itself; a connection that closes without a
/// request never needs it.
fn up(mut client: TcpStream, mut upstream: TcpStream, gate: &Mutex<Gate>, down: Down) {
    let mut down = Some(down);
    let mut framing = Framing::default();
    let mut buf = vec![0u8; UP_CHUNK];
    let mut out = Vec::new();
    let mut forwarded = false;
    loop {
        let n = match client.read(&mut buf) {
            Ok(0) => {
                // The client is done sending (or gone): tiny_http sees the
                // same, which is how a parked poll learns its tab closed.
                let _ = upstream.shutdown(Shutdown::Write);
                return;
            }
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => {
                let _ = upstream.shutdown(Shutdown::Both);
                return;
            }
        };
        out.clear();
        let stop = framing.feed(&buf[..n], &mut out);
        if !out.is_empty() {
            if upstream.write_all(&out).is_err() {
                // tiny_http closed, or does not read: let `down` go too.
                let _ = upstream.shutdown(Shutdown::Both);
                return;
            }
            forwarded = true;
            if !started(&mut down) {
                return;
            }
        }
        match stop {
            None => {}
            Some(Stop::Handover) => {
                let _ = upstream.shutdown(Shutdown::Write);
                return;
            }
            Some(Stop::Refuse(refusal)) => {
                {
                    let mut g = lock(gate);
                    if !g.closed {
                        g.refusal = Some(refusal);
                    }
                }
                if !started(&mut down) {
                    return;
                }
                // tiny_http answers what it has (it sees the end of the
                // input between two requests, and closes without a word),
                // then `down` sends the refusal. With nothing forwarded
                // there is nothing to wait for: `down` is woken at once.
                let how = if forwarded {
                    Shutdown::Write
                } else {
                    Shutdown::Both
                };
                let _ = upstream.shutdown(how);
                return;
            }
        }
    }
}

/// tiny_http to client; then the guard's own answer, if any, and the end
/// of the connection.
fn down(
    mut upstream: TcpStream,
    mut client: TcpStream,
    gate: &Mutex<Gate>,
    up_ended: &mpsc::Receiver<()>,
) {
    let mut buf = vec![0u8; DOWN_CHUNK];
    loop {
        let n = match upstream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        if client.write_all(&buf[..n]).is_err() {
            // The client left, or stopped reading for SEND_TIMEOUT.
            let _ = upstream.shutdown(Shutdown::Both);
            let _ = client.shutdown(Shutdown::Both);
            return;
        }
    }
    let refusal = {
        let mut g = lock(gate);
        g.closed = true;
        g.refusal.take()
    };
    if let Some(r) = refusal {
        let _ = client.write_all(&r.bytes());
    }
    let _ = client.shutdown(Shutdown::Write);
    // The client normally closes once it sees the end; `up` then ends.
    match up_ended.recv_timeout(LINGER) {
        Err(mpsc::RecvTimeoutError::Timeout) => {
            // It does not: wake `up` from its read.
            let _ = client.shutdown(Shutdown::Read);
        }
        _ => linger(&mut client),
    }
}

/// Reads away what the client still sends, up to [`LINGER_BYTES`] within
/// [`LINGER`], so the answer is not lost to a reset.
fn linger(client: &mut TcpStream) {
    let until = Instant::now() + LINGER;
    let mut scratch = [0u8; 4096];
    let mut left = LINGER_BYTES;
    while left > 0 {
        let wait = until.saturating_duration_since(Instant::now());
        if wait.is_zero() || client.set_read_timeout(Some(wait)).is_err() {
            return;
        }
        match client.read(&mut scratch) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Framing, MAX_HEAD, MAX_HEADERS, MAX_LINE, Refusal, Stop};

    /// What the guard forwards of `input`, fed in pieces of `step` bytes,
    /// and why it stopped.
    fn run(input: &[u8], step: usize) -> (Vec<u8>, Option<Stop>) {
        let mut f = Framing::default();
        let mut out = Vec::new();
        for piece in input.chunks(step) {
            if let Some(stop) = f.feed(piece, &mut out) {
                return (out, Some(stop));
            }
        }
        (out, None)
    }

    #[test]
    fn whole_heads_and_bodies_go_on_in_any_pieces() {
        let input = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n\
            POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhallo\
            GET /b HTTP/1.1\r\nContent-Length: +2\r\n\r\nxy\
            GET /c HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 7\r\n\r\nabc\
            HEAD /d HTTP/1.1\r\nX: a\nb\r\n\r\n";
        for step in [1, 2, 3, 7, 64, input.len()] {
            assert_eq!(run(input, step), (input.to_vec(), None), "{step}");
        }
        // A head is held until it is complete.
        let (out, stop) = run(b"GET / HTTP/1.1\r\nHost: x\r\n", 4);
        assert!(out.is_empty() && stop.is_none());
        // A Content-Length that does not parse means no body, as for
        // tiny_http; the server's code refuses it.
        let input = b"GET / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\nGET / HTTP/1.1\r\n\r\n";
        assert_eq!(run(input, 5), (input.to_vec(), None));
    }

    #[test]
    fn heads_over_the_caps_are_refused_without_reading_on() {
        let refused = |input: &[u8]| match run(input, 1000) {
            (out, Some(Stop::Refuse(r))) => Some((out.len(), r.status)),
            _ => None,
        };
        let long_line = [&b"GET /"[..], &vec![b'a'; MAX_LINE]].concat();
        assert_eq!(refused(&long_line), Some((0, 414)));
        let long_header = [
            &b"GET / HTTP/1.1\r\nX: "[..],
            &vec![b'a'; MAX_HEAD],
            b"\r\n\r\n",
        ]
        .concat();
        assert_eq!(refused(&long_header), Some((0, 431)));
        let many = [
            &b"GET / HTTP/1.1\r\n"[..],
            &b"X: 1\r\n".repeat(MAX_HEADERS + 1),
            b"\r\n",
        ]
        .concat();
        assert_eq!(refused(&many), Some((0, 431)));
        let just = [
            &b"GET / HTTP/1.1\r\n"[..],
            &b"X: 1\r\n".repeat(MAX_HEADERS),
            b"\r\n",
        ]
        .concat();
        assert_eq!(run(&just, 3), (just.clone(), None));
        // A head of exactly the cap is taken, one byte more is not.
        let exact = |n: usize| {
            let fill = n - b"GET / HTTP/1.1\r\nX: \r\n\r\n".len();
            [
                &b"GET / HTTP/1.1\r\nX: "[..],
                &vec![b'a'; fill],
                b"\r\n\r\n",
            ]
            .concat()
        };
        assert_eq!(run(&exact(MAX_HEAD), 512).1, None);
        assert_eq!(
            run(&exact(MAX_HEAD + 1), 512).1,
            Some(Stop::Refuse(Refusal::HEAD))
        );
        // Earlier complete requests still go on; the refused head does not.
        let first = b"GET / HTTP/1.1\r\n\r\n";
        let input = [&first[..], &long_header].concat();
        assert_eq!(refused(&input), Some((first.len(), 431)));
        // Bodies tiny_http should not get.
        for (head, status) in [
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            (
                "POST / HTTP/1.1\r\ncontent-length: 100000000000000\r\n\r\n",
                413,
            ),
        ] {
            assert_eq!(refused(head.as_bytes()), Some((0, status)), "{head}");
        }
    }

    #[test]
    fn what_tiny_http_refuses_itself_is_handed_over() {
        for input in [
            &b"GET /\r\n"[..],
            b"\r\n",
            b"GET  / HTTP/1.1\r\n",
            b"GET / HTTP/x.y\r\n",
            b"GET /r\xe9gio/ HTTP/1.1\r\n",
            b"GET / HTTP/1.1\r\nHost x\r\n",
            b"GET / HTTP/1.1\r\nHo st: x\r\n",
            b"GET / HTTP/1.1\r\nHost: r\xe9gio\r\n",
        ] {
            assert_eq!(
                run(input, 3),
                (input.to_vec(), Some(Stop::Handover)),
                "{}",
                String::from_utf8_lossy(input)
            );
        }
        // Taken as tiny_http takes them.
        for ok in [
            &b" GET / HTTP/1.1 \r\n\r\n"[..],
            b"GET / HTTP/1.1 extra\r\n\r\n",
            b"GET / HTTP/2.0\r\n\r\n",
            b"GET / HTTP/1.1\r\n  Host:  x \r\n: leeg\r\n\r\n",
        ] {
            assert_eq!(run(ok, 2), (ok.to_vec(), None));
        }
    }

    #[test]
    fn the_guards_answers_close_the_connection() {
        let text = String::from_utf8(Refusal::HEAD.bytes()).unwrap_or_default();
        assert!(text.starts_with("HTTP/1.1 431 "), "{text}");
        assert!(text.contains("\r\nConnection: close\r\n"), "{text}");
        assert!(
            text.ends_with("\r\n\r\nDe kopregels zijn te groot."),
            "{text}"
        );
        let length = format!("Content-Length: {}\r\n", Refusal::HEAD.text.len());
        assert!(text.contains(&length), "{text}");
    }
}
