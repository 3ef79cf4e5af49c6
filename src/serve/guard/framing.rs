//! Reading a request head as it arrives, byte by byte of the budget: where
//! each head ends, where its body ends, and which refusal a head earns.

use super::*;

/// An answer of the guard's own, after which the connection is closed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Refusal {
    pub status: u16,
    pub text: &'static str,
}

impl Refusal {
    pub(super) const HEAD: Refusal = Refusal {
        status: 431,
        text: "De kopregels zijn te groot.",
    };
    pub(super) const LINE: Refusal = Refusal {
        status: 414,
        text: "Het adres is te lang.",
    };
    pub(super) const CHUNKED: Refusal = Refusal {
        status: 400,
        text: "Geen Transfer-Encoding, graag.",
    };
    pub(super) const BODY: Refusal = Refusal {
        status: 413,
        text: "Geen inhoud van die grootte, graag.",
    };

    pub(super) fn bytes(&self) -> Vec<u8> {
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
    pub(super) fn length(&self) -> Result<u64, Refusal> {
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
pub(super) fn takes_request_line(line: &[u8]) -> bool {
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
pub(super) fn takes_header(line: &[u8]) -> bool {
    let Some(line) = std::str::from_utf8(line).ok().filter(|l| l.is_ascii()) else {
        return false;
    };
    line.trim()
        .split_once(':')
        .is_some_and(|(name, _)| !name.contains(char::is_whitespace))
}
