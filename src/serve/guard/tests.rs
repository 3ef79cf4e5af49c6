//! The guard's head reading, on heads a test writes byte by byte.

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
    let input =
        b"GET / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\nGET / HTTP/1.1\r\n\r\n";
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
