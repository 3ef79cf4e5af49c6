//! From a request's address to a file of the built site: decoding,
//! pretty URLs, content types, and reading a file only when it may be read.

use super::*;

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
pub(super) fn decode(path: &str) -> Option<String> {
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
pub(super) fn encode(path: &str) -> String {
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
pub(super) fn body_of(f: &OutFile, roots: &[PathBuf]) -> Option<Vec<u8>> {
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
pub(super) fn contents(f: &OutFile, roots: &[PathBuf]) -> Option<Payload> {
    match &f.body {
        Body::Bytes(b) => Some(Payload::Bytes(b.clone())),
        Body::Copy(src) => opened(src, roots).map(|(file, len)| Payload::File(file, len)),
    }
}

/// A listed file opened for reading, when it may be read ([`readable`]).
/// Checked after opening, and the open file must be the one checked: a
/// swap between the check and the open would otherwise go unseen.
pub(super) fn opened(src: &Path, roots: &[PathBuf]) -> Option<(File, u64)> {
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
pub(super) fn readable(src: &Path, roots: &[PathBuf]) -> bool {
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

/// The answer for a GET or HEAD of `url` (tiny_http leaves out the body for
/// HEAD).
pub(super) fn handle(url: &str, shared: &Shared) -> Reply {
    let (files, generation, error, shown) = {
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
        let shown = match (&s.error, s.error_built) {
            (None, _) => "nee",
            (Some(_), false) => "ja",
            (Some(_), true) => "links",
        };
        (s.files.clone(), s.generation, s.error.clone(), shown)
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
            inject(body, generation, shown),
        )
    };
    if let Some(f) = files.get(&key) {
        let ct = content_type(&key);
        if ct.starts_with("text/html") {
            let Some(body) = body_of(f, &shared.roots) else {
                return not_found();
            };
            return Reply::new(200, ct, inject(body, generation, shown));
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
