//! Content may come from partners: nothing an editor writes may become a
//! script on a reader's page (issue 9). An XSS payload goes into every
//! string field of a region, its body and the site-wide fields; the built
//! output is then scanned tag by tag.

mod common;
#[path = "support/html_scan.rs"]
mod html_scan;

use common::Site;
use html_scan::assert_html_safe;
use std::path::Path;

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";
const QUOTE: &str = "' onmouseover='alert(1)";

/// All three payloads in one YAML double-quoted string.
fn payload(tag: &str) -> String {
    format!("{tag} {SCRIPT} {IMG} {QUOTE}").replace('"', "\\\"")
}

/// A URL field: a real scheme, so the build accepts it, with the payloads
/// after it.
fn url_payload(tag: &str) -> String {
    format!("https://x.example/{tag}?a={IMG}{QUOTE}{SCRIPT}").replace('"', "\\\"")
}

fn region(url: &dyn Fn(&str) -> String) -> String {
    let p = payload;
    format!(
        r#"---
title: "{title}"
province: "{province}"
municipalities: ["{m1}", "{m2}"]
programme: thuisprogramma
covenant:
  name: "{cname}"
  kind: pact
  status: signed
  signed: 2020-10
  signatories: 3
  term_years: 5
  homes_per_year: 40
  distribution_key: "{key}"
  document: "{doc}"
partners:
  - {{ id: woonhuis, role: "{role}" }}
principles:
  - {{ theme: zachte-landing, text: "{principle}" }}
agreements:
  - {{ theme: beoordelingstafel, text: "{agreement}" }}
process:
  - {{ date: 2019, step: startnotitie, text: "{process}" }}
lessons:
  - {{ theme: implementatie, text: "{lesson}", quote_by: "{quote_by}" }}
sources:
  - {{ title: "{stitle}", url: "{surl}", date: 2023, publisher: "{publisher}" }}
aliases: [/regio/xss-oud/]
updated: 2024-01
extra:
  inhabitants: 100000
  note: "{extra}"
  nested: {{ deeper: ["{extra2}"] }}
---
{SCRIPT}

Tekst {IMG} en {QUOTE} <a href="javascript:alert(1)" onclick="alert(1)">klik</a>

<div onmouseover="alert(1)">blok</div>

## Kop {{#kop onclick=alert(1)}}

<iframe src="javascript:alert(1)"></iframe>
"#,
        title = p("titel"),
        province = p("provincie"),
        m1 = p("gemeente1"),
        m2 = p("gemeente2"),
        cname = p("convenant"),
        key = p("verdeelsleutel"),
        doc = url("document"),
        role = p("rol"),
        principle = p("principe"),
        agreement = p("afspraak"),
        process = p("proces"),
        lesson = p("les"),
        quote_by = p("citaat"),
        stitle = p("brontitel"),
        surl = url("bron"),
        publisher = p("uitgever"),
        extra = p("extra"),
        extra2 = p("extra2"),
    )
}

/// The fixture with payloads in one region and in the site-wide fields.
fn hostile_site(url: &dyn Fn(&str) -> String) -> Site {
    let site = Site::fixture();
    site.write("content/regions/xss/index.md", &region(url));
    site.write(
        "content/site.yaml",
        &format!(
            "title: \"{}\"\ndescription: \"{}\"\nbase_url: https://test.example.org/\nlanguage: nl\nmenu:\n  - {{ title: \"{}\", url: \"{}\" }}\nfooter: \"{}\"\n",
            payload("sitetitel"),
            payload("omschrijving"),
            payload("menu"),
            url("menu"),
            payload("voet"),
        ),
    );
    site.write(
        "content/partners/woonhuis.md",
        &format!(
            "---\ntitle: \"{}\"\nkind: woningcorporatie\nwebsite: \"{}\"\n---\n{SCRIPT}\n",
            payload("partner"),
            url("website")
        ),
    );
    site
}

fn output_files(dir: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?.display().to_string();
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some((rel, text))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn payload_in_every_field_never_becomes_a_script() {
    let site = hostile_site(&url_payload);
    site.build();
    let files = output_files(&site.output());
    let mut checked = (0, 0, 0);
    for (path, text) in &files {
        if path.ends_with(".html") {
            assert_html_safe(path, text);
            checked.0 += 1;
        } else if path.ends_with(".xml") {
            let doc = roxmltree::Document::parse(text)
                .unwrap_or_else(|e| panic!("{path} is not XML: {e}"));
            for n in doc.descendants().filter(|n| n.is_element()) {
                assert_ne!(n.tag_name().name(), "script", "{path}");
                // Feed readers render type="html" content as HTML.
                if n.attribute("type")
                    .is_some_and(|t| t == "html" || t == "xhtml")
                {
                    assert_html_safe(path, n.text().unwrap_or_default());
                }
            }
            checked.1 += 1;
        } else if path.ends_with(".json") {
            // Data, not markup: valid JSON, and the scripts that read it
            // never parse it as HTML (checked below).
            serde_json::from_str::<serde_json::Value>(text)
                .unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
            checked.2 += 1;
        }
    }
    assert!(
        checked.0 > 20 && checked.1 >= 2 && checked.2 >= 1,
        "{checked:?}"
    );
    // The fields did reach the pages, escaped.
    let page = site.page("regio/xss/");
    for tag in [
        "titel",
        "provincie",
        "gemeente1",
        "principe",
        "afspraak",
        "proces",
        "les",
        "citaat",
        "brontitel",
        "uitgever",
        "rol",
    ] {
        assert!(
            page.contains(&format!("{tag} &lt;script&gt;alert(1)&lt;/script&gt;")),
            "{tag} not shown escaped on the region page"
        );
    }
    assert!(page.contains("&lt;iframe"), "the body's raw HTML is text");
    let covenant = site.page("regio/xss/convenant/");
    for tag in ["convenant", "verdeelsleutel"] {
        assert!(
            covenant.contains(&format!("{tag} &lt;script&gt;")),
            "{tag} on the covenant page"
        );
    }
    // JSON-LD keeps `</script` out of its element.
    let ld = covenant
        .split("application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("JSON-LD on the covenant page");
    assert!(ld.contains("\\u003cscript"), "{ld:.300}");
    // The theme's scripts put data into the page as text only.
    for js in ["search.js", "compare.js"] {
        let src =
            std::fs::read_to_string(site.path().join("themes/default/static").join(js)).unwrap();
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
        ] {
            assert!(!src.contains(sink), "{js} uses {sink}");
        }
    }
}

#[test]
fn script_urls_in_fields_are_content_errors() {
    let site = hostile_site(&|tag: &str| format!(" JavaScript:alert('{tag}')"));
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for (place, key) in [
        ("regions/xss/index.md:15:", "covenant"),
        ("regions/xss/index.md:27:", "sources"),
        ("partners/woonhuis.md:4:", "website"),
        ("site.yaml:6:", "menu"),
    ] {
        assert!(
            r.stderr.contains(place),
            "no error at {place} ({key}):\n{}",
            r.stderr
        );
    }
    assert!(
        r.stderr
            .contains("een adres met `javascript:` is niet toegestaan"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stderr.matches("error: een adres met").count(),
        4,
        "{}",
        r.stderr
    );
}

#[test]
fn script_links_in_markdown_are_content_errors_at_their_place() {
    let site = Site::fixture();
    site.write(
        "content/pages/over.md",
        "---\ntitle: Over\n---\n[a](javascript:alert(1))\n\n[b](  JaVaScRiPt:alert(1))\n\n[c](&#106;avascript:alert(1))\n\n<javascript:alert(1)>\n\n![d](data:image/svg+xml;base64,PHN2Zz4=)\n\n[e](vbscript:msgbox)\n\n[f][ref]\n\n[ref]: java&#x09;script:alert(1)\n\n[g](<\u{1}javascript:x>)\n\n[h](<java\u{1}script:x>)\n\n[ok](https://example.org/javascript:)\n",
    );
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1);
    for place in [
        "pages/over.md:4:5",
        "pages/over.md:6:",
        "pages/over.md:8:",
        "pages/over.md:10:",
        "pages/over.md:12:",
        "pages/over.md:14:",
        "pages/over.md:16:",
        "pages/over.md:20:",
    ] {
        assert!(
            r.stderr.contains(place),
            "no error at {place}:\n{}",
            r.stderr
        );
    }
    assert!(
        r.stderr
            .contains("een link met `javascript:` is niet toegestaan")
    );
    assert!(r.stderr.contains("een link met `data:` is niet toegestaan"));
    assert!(
        r.stderr
            .contains("een link met `vbscript:` is niet toegestaan")
    );
    // A control character inside the scheme makes it no scheme at all: a
    // browser reads a relative link, which the link check finds broken.
    assert!(r.stderr.contains("pages/over.md:22:"), "{}", r.stderr);
    assert!(
        r.stderr.contains("9 fouten gevonden"),
        "one per link, none for the https one:\n{}",
        r.stderr
    );
}

#[test]
fn raw_html_passes_only_with_allow_html() {
    let site = Site::fixture();
    site.write(
        "content/pages/over.md",
        "---\ntitle: Over\n---\n<details><summary>Meer</summary>Tekst</details>\n\nIn de zin <kbd>Ctrl</kbd>.\n",
    );
    site.build();
    let page = site.page("over/");
    assert!(page.contains("&lt;details&gt;") && page.contains("&lt;kbd&gt;"));
    let yaml = std::fs::read_to_string(site.content().join("site.yaml")).unwrap();
    site.write("content/site.yaml", &format!("{yaml}allow_html: true\n"));
    site.build();
    let page = site.page("over/");
    assert!(page.contains("<details><summary>Meer</summary>") && page.contains("<kbd>Ctrl</kbd>"));
}

#[test]
fn old_addresses_with_markup_are_refused() {
    let site = Site::fixture();
    site.write(
        "content/pages/over.md",
        "---\ntitle: Over\naliases: [\"/oud\\\"><script>alert(1)</script>/\", \"/oud/\\u0001/\"]\n---\nTekst.\n",
    );
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr.matches("is geen geldig oud adres").count(),
        2,
        "{}",
        r.stderr
    );
}
