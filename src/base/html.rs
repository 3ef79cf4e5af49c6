//! Escaping text for HTML, the one way every page, redirect, chart and
//! error page of the site does it.

/// Escapes what HTML needs escaped in text and quoted attributes: `&`, `<`,
/// `>`, `"` and `'`. Tera 1 also escaped `/`, which made every URL in the
/// source unreadable; this stays the same for every theme.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let _ = escape_pieces::<std::convert::Infallible>(s, |piece| {
        out.push_str(piece);
        Ok(())
    });
    out
}

/// [`escape`] for Tera, which writes `{{ ... }}` straight to the page.
pub fn escape_to(s: &str, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    escape_pieces(s, |piece| w.write_all(piece.as_bytes()))
}

/// Hands `s` to `put` in pieces: runs without a special byte whole (most
/// values need no escaping at all), an entity for each special byte. Every
/// special byte is ASCII, which keeps the slicing on character boundaries.
fn escape_pieces<E>(s: &str, mut put: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        if start < i {
            put(&s[start..i])?;
        }
        put(entity)?;
        start = i + 1;
    }
    if start < s.len() {
        put(&s[start..])?;
    }
    Ok(())
}
