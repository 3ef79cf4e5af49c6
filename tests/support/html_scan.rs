//! A small HTML scanner for the escaping tests (tests/xss.rs,
//! tests/properties.rs): start tags with their attributes, and the checks
//! that no content can have become a script.
#![allow(dead_code)]

/// One start tag: its lower-cased name and attributes (name, raw value).
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

/// A small HTML tokenizer: start tags with their attributes, skipping
/// comments and the text of `<script>` and `<style>`, whose content it
/// returns separately. Enough for our own output, which is well-formed.
pub fn tokenize(html: &str) -> (Vec<Tag>, Vec<String>) {
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut raw_texts = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        if i >= b.len() || !b[i].is_ascii_alphabetic() {
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let a = i;
            while i < b.len() && !b"=> \t\n/".contains(&b[i]) {
                i += 1;
            }
            let attr = html[a..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i] as char;
                    let end = html[i + 1..].find(q).map_or(html.len(), |e| i + 1 + e);
                    value = html[i + 1..end].to_string();
                    i = (end + 1).min(html.len());
                } else {
                    let v = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[v..i].to_string();
                }
            }
            attrs.push((attr, value));
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            let end = html[i.min(html.len())..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |e| i + e);
            raw_texts.push(html[i.min(end)..end].to_string());
            i = end;
        }
        tags.push(Tag { name, attrs });
    }
    (tags, raw_texts)
}

/// What a browser does to a URL attribute before looking at its scheme.
pub fn url_scheme_is_dangerous(value: &str) -> bool {
    let decoded = value
        .replace("&#58;", ":")
        .replace("&colon;", ":")
        .replace("&amp;", "&");
    let cleaned: String = decoded
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

/// Every way an HTML file could run the payload.
pub fn assert_html_safe(path: &str, html: &str) {
    let (tags, raw_texts) = tokenize(html);
    for t in &tags {
        for (name, value) in &t.attrs {
            assert!(
                !name.starts_with("on"),
                "{path}: event handler {name}={value:?} on <{}>",
                t.name
            );
            // A redirect's `<meta http-equiv="refresh" content="0; url=...">`
            // is a URL too.
            let url = match name.as_str() {
                "href" | "src" | "action" | "formaction" | "xlink:href" | "srcset" => {
                    Some(value.as_str())
                }
                "content" => value
                    .to_ascii_lowercase()
                    .find("url=")
                    .map(|i| &value[i + 4..]),
                _ => None,
            };
            if let Some(url) = url {
                assert!(
                    !url_scheme_is_dangerous(url),
                    "{path}: <{} {name}={value:?}>",
                    t.name
                );
            }
        }
        assert!(
            !matches!(
                t.name.as_str(),
                "iframe" | "object" | "embed" | "svg:script"
            ),
            "{path}: <{}> from content",
            t.name
        );
        if t.name == "img" {
            assert!(
                t.attrs.iter().all(|(n, v)| n != "src" || v != "x"),
                "{path}: the payload's <img>"
            );
        }
        if t.name == "script" {
            // The theme's scripts: JSON-LD, or a file of our own.
            let ld = t
                .attrs
                .iter()
                .any(|(n, v)| n == "type" && v == "application/ld+json");
            let own = t
                .attrs
                .iter()
                .any(|(n, v)| n == "src" && v.starts_with("/static/"));
            assert!(ld || own, "{path}: <script {:?}>", t.attrs);
        }
    }
    for text in raw_texts {
        assert!(
            !text.contains('<'),
            "{path}: `<` inside a script element: {text:.200}"
        );
    }
    // Double-check without the tokenizer: the payload's tags only appear
    // escaped.
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script>alert"), "{path}");
    assert!(!lower.contains("<img src=x"), "{path}");
    assert!(!lower.contains("<div onmouseover"), "{path}");
}
