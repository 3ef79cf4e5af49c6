//! The interface in more than one language. The fixture's content is
//! written in Latin filler, so every Dutch or English word on a page must
//! come from the theme: the English build may show no Dutch and the Dutch
//! build no English. Also: dates and numbers per language, `<html lang>`,
//! and the diagnostics for a language or key that does not exist.

mod common;

use common::{Site, attr_values, copy_dir, fixtures, repo};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Words only Dutch uses; none may be on a page of the English site.
const DUTCH: &[&str] = &[
    "de",
    "het",
    "een",
    "van",
    "en",
    "voor",
    "naar",
    "met",
    "niet",
    "zijn",
    "deze",
    "pagina",
    "regio",
    "regio's",
    "thema's",
    "lessen",
    "afspraken",
    "ondertekend",
    "onbekend",
    "zoeken",
    "inhoud",
    "januari",
    "februari",
    "maart",
    "mei",
    "juni",
    "juli",
    "augustus",
    "oktober",
];

/// Words only English uses. Not "of", which is Dutch for "or".
const ENGLISH: &[&str] = &[
    "the", "and", "page", "search", "unknown", "signed", "lessons", "themes", "regions", "with",
    "january", "february", "march", "may", "june", "july", "august", "october",
];

/// Builds the fixture with `language:` set.
fn build(language: &str) -> Site {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(
        &fixtures().join("i18n").join("content"),
        &dir.path().join("content"),
    );
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    let site = Site { dir };
    site.write("content/site.yaml", &site_yaml(language));
    site.build();
    site
}

fn site_yaml(language: &str) -> String {
    format!(
        "title: Lorem Ipsum\ndescription: Dolor amet consectetur adipiscing elit.\nbase_url: https://lorem.example.org/\nlanguage: {language}\nmenu:\n  - {{ title: Nostrud, url: /nostrud/ }}\nfooter: Excepteur sint occaecat cupidatat.\n"
    )
}

fn translations(language: &str) -> BTreeMap<String, String> {
    let path = repo()
        .join("themes/default/i18n")
        .join(format!("{language}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// Text as a reader (or a screen reader) gets it, with code, addresses and
/// file names left out: they are the same in every language.
fn reader_text(html: &str) -> String {
    let mut s = cut(html, "<script", "</script>");
    s = cut(&s, "<style", "</style>");
    s = cut(&s, "<code>", "</code>");
    let mut out = common::text(&s);
    for attr in ["aria-label", "title", "alt", "placeholder"] {
        for v in attr_values(&s, attr) {
            out.push(' ');
            out.push_str(&v);
        }
    }
    out.push(' ');
    out.push_str(&meta_contents(html).join(" "));
    out.push(' ');
    out.push_str(&data_t(html).join(" "));
    let out = out
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    out.split_whitespace()
        .filter(|w| !w.contains("://") && !w.starts_with('/') && !is_file_name(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `regions.json`, `(extra.inhabitants)`: a dot with a letter after it.
fn is_file_name(word: &str) -> bool {
    word.char_indices()
        .any(|(i, c)| c == '.' && word[i + 1..].starts_with(|n: char| n.is_alphabetic()))
}

fn cut(html: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        match rest[i..].find(close) {
            Some(e) => rest = &rest[i + e + close.len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `content` of the meta elements that carry words (not `og:type` and
/// other machine values).
fn meta_contents(html: &str) -> Vec<String> {
    const MACHINE: [&str; 8] = [
        "og:type",
        "og:locale",
        "og:url",
        "og:image",
        "twitter:card",
        "viewport",
        "robots",
        "refresh",
    ];
    html.match_indices("<meta ")
        .filter_map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>')?];
            if MACHINE.iter().any(|m| tag.contains(&format!("\"{m}\""))) {
                return None;
            }
            attr_values(tag, "content").into_iter().next()
        })
        .collect()
}

/// The values of every `data-t-*` attribute: the scripts' words.
fn data_t(html: &str) -> Vec<String> {
    html.match_indices(" data-t-")
        .filter_map(|(i, _)| {
            let rest = &html[i..];
            let q = rest.find("=\"")? + 2;
            let e = rest[q..].find('"')?;
            Some(rest[q..q + e].to_string())
        })
        .collect()
}

/// Lower-case words, apostrophes kept inside them, as one string with a
/// space on both sides of every word, so a phrase is found with `contains`.
fn words(text: &str) -> String {
    let mut out = String::from(" ");
    for w in text
        .replace('’', "'")
        .to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '_'))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
    {
        out.push_str(w);
        out.push(' ');
    }
    out
}

/// A translation as the phrases a page shows: markup and code removed,
/// split at its `{placeholders}`.
fn phrases(value: &str) -> Vec<String> {
    let plain = common::text(&cut(value, "<code>", "</code>"));
    let mut out = Vec::new();
    let mut rest = plain.as_str();
    loop {
        let (part, next) = match rest.find('{') {
            Some(i) => (&rest[..i], rest[i..].find('}').map(|e| &rest[i + e + 1..])),
            None => (rest, None),
        };
        let w = words(part);
        if w.trim().chars().any(char::is_alphabetic) {
            out.push(w);
        }
        match next {
            Some(n) => rest = n,
            None => break,
        }
    }
    out
}

/// What may not appear in a site in `language`: the words of `others`, and
/// every phrase of the other language's file that its own file does not
/// also use.
fn forbidden(
    own: &BTreeMap<String, String>,
    other: &BTreeMap<String, String>,
    list: &[&str],
) -> BTreeSet<String> {
    let own_words: Vec<String> = own
        .values()
        .map(|v| words(&common::text(&cut(v, "<code>", "</code>"))))
        .collect();
    let mut out: BTreeSet<String> = list.iter().map(|w| format!(" {w} ")).collect();
    for (key, value) in other {
        if own.get(key) == Some(value) {
            continue;
        }
        for p in phrases(value) {
            if !own_words.iter().any(|o| o.contains(&p)) {
                out.insert(p);
            }
        }
    }
    out
}

/// Every `.html` file of the build, by path.
fn pages(site: &Site) -> Vec<(String, String)> {
    let root = site.output();
    let mut out: Vec<(String, String)> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(&root).unwrap_or(e.path());
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read_to_string(e.path()).expect("read page"),
            )
        })
        .collect();
    out.sort();
    out
}

/// Every (page, phrase) where a page shows a forbidden phrase.
fn offences(site: &Site, forbidden: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for (path, html) in pages(site) {
        let text = words(&reader_text(&html));
        for f in forbidden {
            if text.contains(f.as_str()) {
                found.push(format!("{path}: `{}`", f.trim()));
            }
        }
    }
    found
}

fn assert_lang(site: &Site, lang: &str) {
    let pages = pages(site);
    assert!(pages.len() > 25, "walks every page: {}", pages.len());
    for (path, html) in pages {
        assert!(
            html.contains(&format!("<html lang=\"{lang}\">")),
            "{path}: <html lang=\"{lang}\">"
        );
    }
}

#[test]
fn english_site_shows_no_dutch() {
    let site = build("en");
    assert_lang(&site, "en");
    let bad = offences(
        &site,
        &forbidden(&translations("en"), &translations("nl"), DUTCH),
    );
    assert!(
        bad.is_empty(),
        "Dutch in the English site:\n{}",
        bad.join("\n")
    );
}

#[test]
fn dutch_site_shows_no_english() {
    let site = build("nl");
    assert_lang(&site, "nl");
    let bad = offences(
        &site,
        &forbidden(&translations("nl"), &translations("en"), ENGLISH),
    );
    assert!(
        bad.is_empty(),
        "English in the Dutch site:\n{}",
        bad.join("\n")
    );
}

#[test]
fn dates_and_numbers_follow_the_language() {
    for (lang, date, number, decimal, month) in [
        ("nl", "7 oktober 2021", "1.234", "61,7", "maart 2019"),
        ("en", "7 October 2021", "1,234", "61.7", "March 2019"),
    ] {
        let site = build(lang);
        let covenant = common::text(&site.page("regio/lorem-ipsum/convenant/"));
        assert!(covenant.contains(date), "{lang}: {date} in {covenant}");
        assert!(covenant.contains(number), "{lang}: {number} in {covenant}");
        let compare = common::text(&site.page("vergelijk/"));
        for want in [date, number, decimal, month] {
            assert!(compare.contains(want), "{lang}: {want} in the comparison");
        }
        let home = common::text(&site.page(""));
        // 1234 + 56 homes a year, the sum of the regions that say.
        let total = if lang == "nl" { "1.290" } else { "1,290" };
        assert!(
            home.contains(total),
            "{lang}: {total} on the home page: {home}"
        );
    }
}

/// Only the column headings (`columns[].label`, for people) follow the
/// language; every value stays as it was, whatever the language.
#[test]
fn open_data_is_the_same_in_every_language() {
    let nl = build("nl");
    let en = build("en");
    assert_eq!(nl.page("data/regions.csv"), en.page("data/regions.csv"));
    let json = |s: &Site| -> serde_json::Value {
        serde_json::from_str(&s.page("data/regions.json")).expect("regions.json")
    };
    let (a, b) = (json(&nl), json(&en));
    assert_eq!(a["regions"], b["regions"]);
    assert_eq!(a["regions"][0]["standing"], "ondertekend");
    assert_eq!(
        a["regions"][0]["compare"]["covenant.status"],
        b["regions"][0]["compare"]["covenant.status"]
    );
}

#[test]
fn every_language_has_the_same_keys() {
    let nl: BTreeSet<String> = translations("nl").into_keys().collect();
    let en: BTreeSet<String> = translations("en").into_keys().collect();
    let only_nl: Vec<_> = nl.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&nl).collect();
    assert!(
        only_nl.is_empty() && only_en.is_empty(),
        "only in nl.yaml: {only_nl:?}; only in en.yaml: {only_en:?}"
    );
    for key in draaiboek::translation_keys() {
        assert!(
            nl.contains(&key),
            "the code asks for `{key}`, nl.yaml lacks it"
        );
    }
}

/// Keys named as string literals in the code are known to the load-time
/// check ([`draaiboek::translation_keys`]), so a theme that lacks one is told
/// so instead of showing the key.
#[test]
fn every_key_in_the_code_is_checked_when_the_theme_loads() {
    let known: BTreeSet<String> = draaiboek::translation_keys().into_iter().collect();
    let mut missing = Vec::new();
    for entry in walkdir::WalkDir::new(repo().join("src"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
    {
        let text = std::fs::read_to_string(entry.path()).expect("read source");
        // Unit tests use made-up keys.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        for (key, plural) in literal_keys(text) {
            let keys = if plural {
                vec![format!("{key}_one"), format!("{key}_other")]
            } else {
                vec![key]
            };
            for k in keys {
                if !known.contains(&k) {
                    missing.push(format!("{}: {k}", rel(entry.path())));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in the translation keys:\n{}",
        missing.join("\n")
    );
}

fn rel(p: &Path) -> String {
    p.strip_prefix(repo()).unwrap_or(p).display().to_string()
}

/// `.text("key")`, `.fill("key", …)` and `.count("key", …)` (the last with
/// `_one` / `_other`), also when rustfmt put the key on the next line.
fn literal_keys(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for (call, plural) in [(".text(", false), (".fill(", false), (".count(", true)] {
        for (i, _) in text.match_indices(call) {
            let rest = text[i + call.len()..].trim_start();
            let Some(rest) = rest.strip_prefix('"') else {
                continue;
            };
            let key: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if !key.is_empty() && rest[key.len()..].starts_with('"') {
                out.push((key, plural));
            }
        }
    }
    out
}

#[test]
fn unknown_language_names_the_ones_there_are() {
    let site = build("nl");
    site.write("content/site.yaml", &site_yaml("nll"));
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in ["site.yaml:4:", "`nll`", "en, nl", "bedoelde je `nl`?"] {
        assert!(r.stderr.contains(want), "`{want}` in:\n{}", r.stderr);
    }
    site.write("content/site.yaml", &site_yaml("fr"));
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("i18n/nl.yaml naar fr.yaml"),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_key_is_an_error_with_file_and_suggestion() {
    let site = build("en");
    let path = "themes/default/i18n/en.yaml";
    let text = std::fs::read_to_string(site.path().join(path)).expect("en.yaml");
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("skip_link:"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write(path, &without);
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in ["en.yaml", "`skip_link`"] {
        assert!(r.stderr.contains(want), "`{want}` in:\n{}", r.stderr);
    }

    // A template asking for a key no language has points at the template.
    site.write(path, &text);
    let base = "themes/default/templates/base.html";
    let html = std::fs::read_to_string(site.path().join(base)).expect("base.html");
    site.write(base, &html.replace("t.skip_link", "t.skip_lnk"));
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in ["base.html:", "t.skip_lnk", "bedoelde je `skip_link`?"] {
        assert!(r.stderr.contains(want), "`{want}` in:\n{}", r.stderr);
    }
}
