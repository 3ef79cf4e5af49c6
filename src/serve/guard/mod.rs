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

mod framing;

use super::http::{MAX_DRAIN, MAX_HEAD, MAX_HEADERS, MAX_URL, SEND_TIMEOUT};
pub use framing::{Framing, Refusal, Stop};
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
/// per connection; benches/PERFORMANCE.md); a thread done with
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
mod tests;
