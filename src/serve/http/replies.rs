//! Answers as tiny_http sends them: in memory or from the open file, with
//! exactly the announced length, never chunked; and the refusals of what
//! tiny_http lets through.

use super::*;

/// What an answer carries.
pub(super) enum Payload {
    Bytes(Vec<u8>),
    /// Read as it is sent, so that a large attachment costs no memory.
    File(File, u64),
}

/// An answer before it is sent.
pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) headers: Vec<(&'static str, String)>,
    pub(super) body: Payload,
}

impl Reply {
    pub(super) fn new(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply::of(status, content_type, Payload::Bytes(body))
    }

    pub(super) fn of(status: u16, content_type: &str, body: Payload) -> Reply {
        Reply {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-store".to_string()),
            ],
            body,
        }
    }

    pub(super) fn text(status: u16, text: &str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }

    pub(super) fn with(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }
}

/// Sends `reply`; a client that left is no error of ours.
pub(super) fn send(req: Request, reply: Reply) {
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
pub(super) fn apart<R: Read + Send + 'static>(req: Request, response: Response<R>) {
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
pub(super) struct Exactly<R> {
    pub(super) file: R,
    pub(super) left: u64,
}

/// Sends `response` for `req`, minding an unread request body.
pub(super) fn respond<R: Read + Send + 'static>(req: Request, response: Response<R>) {
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
pub(super) fn dispose<R: Read + Send + 'static>(req: Request, response: Response<R>, n: usize) {
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
pub(super) fn refusal(req: &Request) -> Option<Reply> {
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
