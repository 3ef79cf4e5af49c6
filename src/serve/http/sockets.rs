//! The listening socket and the threads around tiny_http: socket options,
//! the worker pool, restarting the accept loop, and the plug connections
//! that keep tiny_http's pool from leaving connections unserved.

use super::*;

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
///   peer's delayed ACK, on every answer of a keep-alive connection after
///   its first.
#[cfg(unix)]
pub(super) fn tune(listener: &TcpListener) {
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
pub(super) fn tune(_: &TcpListener) {}

/// tiny_http keeps a thread and two descriptors per open connection; lift
/// the soft limit on open files to the hard one, so a burst of connections
/// does not run out of descriptors (which also ends the accept loop).
#[cfg(unix)]
pub(super) fn more_files() {
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
pub(super) fn more_files() {}

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
    std::thread::spawn(move || super::super::guard::accept(listener, inner_addr));
    Ok(())
}

/// Runs tiny_http on the listener, and again after its accept loop ended.
///
/// tiny_http's accept thread stops for good at the first failed `accept`
/// (out of descriptors, say); the next `recv` then returns that error once
/// and later ones wait forever. The listening socket is still fine, so a
/// new `Server` on a copy of it takes over. The old one keeps one worker
/// for the connections it still has.
pub(super) fn supervise(listener: TcpListener, shared: Arc<Shared>) {
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
pub(super) fn plugs(addr: SocketAddr, current: &std::sync::atomic::AtomicBool) {
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
pub(super) const PLUG_CYCLE: Duration = Duration::from_millis(10);
pub(super) const PLUG_IDLE: Duration = Duration::from_millis(250);
pub(super) const PLUG_BUSY: Duration = Duration::from_secs(10);
/// Requests received, for [`plugs`].
pub(super) static REQUESTS: AtomicUsize = AtomicUsize::new(0);

/// A worker: answers requests until its server is replaced (worker 0 stays
/// for the old server's remaining connections).
pub(super) fn work(
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
