//! Live reload: the script put into every page, the error page, and the
//! long polls that tell a browser a rebuild is done.

use super::*;

/// Puts the live-reload script into a page, just before `</body>`.
/// `error` is `nee`, `ja` (the rebuild failed; the previous site is
/// shown) or `links` (the site was built, but links are wrong).
pub(super) fn inject(html: Vec<u8>, generation: u64, error: &str) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{SCRIPT}\" data-generation=\"{generation}\" data-error=\"{error}\"></script>\n"
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

pub(super) fn error_page(report: &str, generation: u64) -> Vec<u8> {
    let esc = crate::base::html::escape(report);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Fout in de inhoud</title></head>\n<body>\n<main>\n<h1>De site kon niet gebouwd worden</h1>\n<pre>{esc}</pre>\n</main>\n</body>\n</html>\n"
    );
    inject(html.into_bytes(), generation, "ja")
}

pub(super) fn poll_answer(generation: u64, kind: &str) -> Reply {
    let json = format!("{{\"generation\":{generation},\"kind\":\"{kind}\"}}");
    Reply::new(200, "application/json", json.into_bytes())
}

/// A long poll: answered now when a rebuild after `since` happened, else
/// parked for the poll thread, or refused when [`MAX_POLLS`] wait already.
pub(super) fn park(req: Request, since: u64, shared: &Shared) {
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
pub(super) fn polls(shared: &Shared, port: u16) {
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
pub(super) fn established(port: u16) -> Option<HashSet<SocketAddr>> {
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
pub(super) fn proc_addr(text: &str) -> Option<SocketAddr> {
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
pub(super) fn normal(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => SocketAddr::new(IpAddr::V4(v4), addr.port()),
            None => addr,
        },
        IpAddr::V4(_) => addr,
    }
}
