//! Link targets as editors write them and browsers read them: links to
//! content files (`@/regions/x/index.md`, as in Zola), links relative to
//! a page, and schemes that would run code. Used by the render (to write
//! links) and by the checks (to follow them).

use crate::base::paths;

/// The site path of a content file link: `@/regions/x/index.md#kop` ->
/// `/regio/x/#kop`. `None` when it names no content file kind.
pub fn content_link(target: &str) -> Option<String> {
    let rest = target.strip_prefix("@/")?;
    let (file, frag) = match rest.split_once('#') {
        Some((f, a)) => (f, format!("#{a}")),
        None => (rest, String::new()),
    };
    let parts: Vec<&str> = file.split('/').collect();
    let stem = |f: &str| f.strip_suffix(".md").map(str::to_string);
    let path = match parts.as_slice() {
        ["regions", slug, "index.md"] => paths::region(slug),
        ["regions", slug, attachment] => paths::attachment(slug, attachment),
        ["partners", f] => paths::partner(&stem(f)?),
        ["themes", f] => paths::theme(&stem(f)?),
        ["programmes", f] => paths::programme(&stem(f)?),
        ["steps", f] => paths::step(&stem(f)?),
        ["elements", f] => return Some(format!("/{}#{}", paths::CHECKLIST, stem(f)?)),
        ["pages", f] => paths::page(&stem(f)?),
        _ => return None,
    };
    Some(format!("/{path}{frag}"))
}

/// The scheme of a link target that would run code or smuggle a document
/// in (`javascript:`, `vbscript:`, `data:`), as a browser reads it:
/// leading spaces and control characters are skipped, tabs and newlines
/// anywhere are dropped, case does not matter. pulldown-cmark has already
/// decoded entities (`&#106;avascript:`) by the time a target gets here.
pub fn dangerous_scheme(target: &str) -> Option<&'static str> {
    let cleaned: String = target
        .trim_start_matches(|c: char| c <= ' ' || c.is_control())
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .flat_map(char::to_lowercase)
        .collect();
    ["javascript:", "vbscript:", "data:"]
        .into_iter()
        .find(|s| cleaned.starts_with(s))
}

/// Resolves `link` as written on the page at `page` (a site path such as
/// `/regio/x/`) to a site path with its fragment; `None` for links that
/// leave the site (other schemes, other hosts).
pub fn resolve(page: &str, link: &str) -> Option<String> {
    if link.starts_with("@/") {
        return content_link(link);
    }
    if link.starts_with("//")
        || link.contains("://")
        || link.starts_with("mailto:")
        || link.starts_with("tel:")
    {
        return None;
    }
    if link.starts_with('/') {
        return Some(link.to_string());
    }
    if let Some(frag) = link.strip_prefix('#') {
        return Some(format!("{page}#{frag}"));
    }
    let (path, frag) = match link.split_once('#') {
        Some((p, f)) => (p, format!("#{f}")),
        None => (link, String::new()),
    };
    let mut parts: Vec<&str> = page.split('/').filter(|p| !p.is_empty()).collect();
    if !page.ends_with('/') {
        parts.pop();
    }
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if path.ends_with('/') && out != "/" {
        out.push('/');
    }
    Some(out + &frag)
}

/// A contact as a link: `mailto:` before an e-mail address, any other
/// address as it is.
pub fn contact_link(address: &str) -> String {
    if address.contains('@') && !address.contains("://") && !address.starts_with("mailto:") {
        format!("mailto:{address}")
    } else {
        address.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_schemes_are_found_however_written() {
        for t in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}\tjava\nscript:alert(1)",
            "vbscript:msgbox",
            "DATA:text/html;base64,PHNjcmlwdD4=",
        ] {
            assert!(dangerous_scheme(t).is_some(), "{t:?}");
        }
        for t in [
            "https://example.org/javascript:",
            "/data/",
            "#data:x",
            "mailto:a@b.nl",
        ] {
            assert_eq!(dangerous_scheme(t), None, "{t:?}");
        }
    }

    #[test]
    fn content_links_and_relative_links_resolve() {
        assert_eq!(
            content_link("@/regions/a/index.md#kop").as_deref(),
            Some("/regio/a/#kop")
        );
        assert_eq!(content_link("@/pages/over.md").as_deref(), Some("/over/"));
        assert_eq!(content_link("@/onbekend/x.md"), None);
        assert_eq!(resolve("/regio/a/", "../b/").as_deref(), Some("/regio/b/"));
        assert_eq!(
            resolve("/regio/a/", "pact.pdf").as_deref(),
            Some("/regio/a/pact.pdf")
        );
        assert_eq!(
            resolve("/regio/a/", "#lessen").as_deref(),
            Some("/regio/a/#lessen")
        );
        assert_eq!(resolve("/regio/a/", "https://example.org/"), None);
    }
}
