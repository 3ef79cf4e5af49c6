//! Old addresses (`aliases:`) as a browser and nginx resolve them.
//!
//! An alias becomes a folder in the output, so the text an editor writes
//! must mean exactly one place there before anything is checked against
//! it: `/regio//x/`, `/regio/./x/` and `/regio/%78/` are all `/regio/x/`
//! to a browser, and would otherwise slip past a comparison of strings and
//! replace that region's page. [`normalise`] gives that one place, or says
//! why an alias cannot have one; the render compares only normalised
//! aliases with the site's own files ([`crate::render`]'s alias check).

/// Why an alias was refused: the message, what was expected and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong with the alias, in Dutch, for the editor.
    pub message: String,
    /// How to fix it.
    pub suggest: String,
}

const EXPECTED: &str = "een pad op deze site dat met / begint, zoals /regio/oude-naam/";

fn refuse(message: String, suggest: impl Into<String>) -> Refusal {
    Refusal {
        message,
        suggest: suggest.into(),
    }
}

impl Refusal {
    /// What an alias should look like, the same for every refusal.
    pub fn expected(&self) -> &'static str {
        EXPECTED
    }
}

/// The alias as the site path a browser would ask for: decoded, without
/// `.`/`..` segments or repeated slashes, starting with `/`; a folder
/// keeps its closing `/`. `/regio//x/` -> `/regio/x/`, `/caf%C3%A9/` ->
/// `/café/`.
pub fn normalise(raw: &str) -> Result<String, Refusal> {
    if let Some(c) = raw
        .chars()
        .find(|&c| crate::base::model::text::invisible(c))
    {
        return Err(refuse(
            format!(
                "het bevat het onzichtbare teken {}",
                crate::base::model::text::code_point(c)
            ),
            "typ het adres opnieuw, zonder het te plakken",
        ));
    }
    let lower = raw.to_ascii_lowercase();
    if lower.contains("://") || lower.starts_with("www.") {
        return Err(refuse(
            "het is een adres met een domein, en een oud adres is een pad op deze site".into(),
            "laat het domein weg en begin met /, zoals /regio/oude-naam/",
        ));
    }
    if raw.starts_with("//") || raw.starts_with("/\\") || raw.starts_with("\\") {
        // A browser reads `//host/` as another site: the redirect page
        // would be at one place and mean another.
        return Err(refuse(
            "het begint met twee schuine strepen, en een browser leest dat als een andere site"
                .into(),
            "begin het adres met één /, zoals /regio/oude-naam/",
        ));
    }
    if !raw.starts_with('/') {
        return Err(refuse(
            "het begint niet met /".into(),
            format!("zet er een / voor: /{}", raw.trim_start_matches(['.', '/'])),
        ));
    }
    if let Some(c) = raw.chars().find(|c| matches!(c, '?' | '#' | '\\')) {
        return Err(refuse(
            format!("het bevat `{c}`, dat geen deel van een pad kan zijn"),
            "laat alles vanaf dat teken weg; een oud adres is alleen het pad",
        ));
    }
    let decoded = percent_decode(raw).map_err(|why| {
        refuse(
            format!("het {why}"),
            "schrijf het adres zoals het in de adresbalk staat, met de letters zelf (café) in plaats van %-codes",
        )
    })?;
    let folder = decoded.ends_with('/') || decoded.ends_with("/.") || decoded.ends_with("/..");
    let mut segments: Vec<&str> = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none() {
                    return Err(refuse(
                        "het gaat met `..` boven de hoofdmap van de site uit".into(),
                        "schrijf het pad zonder `..`",
                    ));
                }
            }
            s if s.starts_with('.') => {
                // Hidden names hold the build's own files and
                // `/.well-known/`; nginx does not serve the rest of them.
                return Err(refuse(
                    format!("het bevat de map of het bestand `{s}`, dat met een punt begint"),
                    "kies een adres zonder onderdeel dat met een punt begint",
                ));
            }
            s => {
                if let Some(c) = s
                    .chars()
                    .find(|&c| !(c.is_alphanumeric() || "-_.~+".contains(c)))
                {
                    return Err(refuse(
                        format!(
                            "het bevat het teken {}, dat niet in een adres kan",
                            crate::base::model::text::code_point(c)
                        ),
                        "gebruik letters, cijfers, - en _ in een oud adres",
                    ));
                }
                segments.push(s);
            }
        }
    }
    let mut out = String::with_capacity(decoded.len() + 1);
    for s in &segments {
        out.push('/');
        out.push_str(s);
    }
    if folder || segments.is_empty() {
        out.push('/');
    }
    Ok(out)
}

/// The file a normalised alias is written as: `/regio/oud/` ->
/// `regio/oud/index.html`, `/oud.html` as itself.
pub fn output_path(normalised: &str) -> String {
    let rel = normalised.trim_start_matches('/');
    if rel.ends_with(".html") {
        rel.to_string()
    } else if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        format!("{rel}/index.html")
    }
}

/// `%XX` escapes to the bytes they stand for, as nginx decodes a request
/// before it looks for the file. An escaped `/` would be a slash to
/// nothing that decodes it again, and is refused.
fn percent_decode(raw: &str) -> Result<String, &'static str> {
    if !raw.contains('%') {
        return Ok(raw.to_string());
    }
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .ok_or("bevat een % dat niet door twee hexadecimale cijfers gevolgd wordt")?;
        if hex == b'/' || hex == b'\\' {
            return Err("bevat een gecodeerde schuine streep (%2F of %5C)");
        }
        if hex < 0x20 || hex == 0x7f {
            return Err("bevat een gecodeerd stuurteken");
        }
        out.push(hex);
        i += 3;
    }
    String::from_utf8(out).map_err(|_| "bevat %-codes die samen geen geldige tekst vormen")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_mean_what_a_browser_asks_for() {
        let ok = |raw: &str| normalise(raw).unwrap_or_else(|r| panic!("{raw}: {r:?}"));
        assert_eq!(ok("/regio/oud/"), "/regio/oud/");
        assert_eq!(ok("/./"), "/");
        assert_eq!(ok("/"), "/");
        assert_eq!(ok("/regio//x/"), "/regio/x/");
        assert_eq!(ok("/regio/./x/"), "/regio/x/");
        assert_eq!(ok("/regio/y/../x/"), "/regio/x/");
        assert_eq!(ok("/regio/x/."), "/regio/x/");
        assert_eq!(ok("/regio/%78/"), "/regio/x/");
        assert_eq!(ok("/caf%C3%A9/"), "/café/");
        assert_eq!(ok("/oud"), "/oud");
        assert_eq!(output_path(&ok("/oud")), "oud/index.html");
        assert_eq!(output_path(&ok("/./")), "index.html");
        assert_eq!(output_path(&ok("/oud.html")), "oud.html");
    }

    #[test]
    fn aliases_without_one_place_are_refused() {
        for raw in [
            "//host/",
            "//evil.example/x/",
            "/\\host/",
            "https://example.org/oud/",
            "regio/oud/",
            "/../",
            "/regio/../../x/",
            "/a%2Fb/",
            "/a%2fb/",
            "/a%5c/",
            "/a%/",
            "/a%zz/",
            "/a%00/",
            "/a%ff/",
            "/oud?x=1",
            "/oud#kop",
            "/.git/",
            "/.well-known/x/",
            "/%2e%2e/",
            "/a b/",
            "/oud\u{202e}/",
            "/oud\u{200b}/",
            "/\"><script>/",
        ] {
            assert!(normalise(raw).is_err(), "{raw} was accepted");
        }
        assert!(normalise("https://x.nl/oud/").is_err_and(|r| r.suggest.contains("domein")));
        assert!(normalise("//x/").is_err_and(|r| !r.suggest.contains("domein")));
        assert!(normalise("/../").is_err_and(|r| !r.suggest.contains("domein")));
    }
}
