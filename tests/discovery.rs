//! Feeds and discovery: Atom feed, sitemap, robots.txt, link previews and
//! structured data, checked as a parser and a crawler would read them.

mod common;

use common::{Site, attr_values};
use std::collections::BTreeSet;

fn pages(site: &Site) -> BTreeSet<String> {
    walkdir::WalkDir::new(site.output())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter(|e| {
            !std::fs::read_to_string(e.path())
                .unwrap()
                .contains("http-equiv=\"refresh\"")
        })
        .map(|e| {
            e.path()
                .strip_prefix(site.output())
                .unwrap()
                .display()
                .to_string()
        })
        .filter(|p| p != "404.html")
        .map(|p| {
            format!(
                "https://test.example.org/{}",
                p.strip_suffix("index.html").unwrap_or(&p)
            )
        })
        .collect()
}

#[test]
fn sitemap_is_xml_and_lists_every_page() {
    let site = Site::fixture();
    site.build();
    let xml = site.page("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed sitemap");
    assert_eq!(doc.root_element().tag_name().name(), "urlset");
    let locs: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .map(String::from)
        .collect();
    assert_eq!(locs, pages(&site));
    let robots = site.page("robots.txt");
    assert!(robots.contains("Sitemap: https://test.example.org/sitemap.xml"));
}

#[test]
fn atom_feed_is_xml_with_regions_and_covenants_newest_first() {
    let site = Site::fixture();
    site.write(
        "content/regions/zuiderland/index.md",
        &std::fs::read_to_string(site.content().join("regions/zuiderland/index.md"))
            .unwrap()
            .replacen(
                "title: Zuiderland",
                "title: Zuiderland\nupdated: 2024-05-02",
                1,
            ),
    );
    site.build();
    let xml = site.page("feed.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed feed");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "feed");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<(String, String)> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            let get = |t: &str| {
                e.children()
                    .find(|c| c.has_tag_name(t))
                    .and_then(|c| c.text())
                    .unwrap_or("")
                    .to_string()
            };
            (get("updated"), get("id"))
        })
        .collect();
    assert_eq!(
        entries[0],
        (
            "2024-05-02T00:00:00Z".into(),
            "https://test.example.org/regio/zuiderland/".into()
        )
    );
    assert!(entries.contains(&(
        "2020-10-01T00:00:00Z".into(),
        "https://test.example.org/regio/noorderkwartier/convenant/".into()
    )));
    let dates: Vec<&String> = entries.iter().map(|e| &e.0).collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    assert!(
        site.page("")
            .contains(r#"<link rel="alternate" type="application/atom+xml""#)
    );
}

#[test]
fn link_previews_and_structured_data() {
    let site = Site::fixture();
    site.write(
        "content/site.yaml",
        &(std::fs::read_to_string(site.content().join("site.yaml")).unwrap()
            + "image: /static/delen.png\n"),
    );
    site.write("themes/default/static/delen.png", "png");
    site.build();
    let p = site.page("regio/noorderkwartier/convenant/");
    for want in [
        r#"<meta property="og:title" content="Testpact – Noorderkwartier">"#,
        r#"<meta property="og:site_name" content="Testdraaiboek">"#,
        r#"<meta property="og:url" content="https://test.example.org/regio/noorderkwartier/convenant/">"#,
        r#"<meta property="og:image" content="https://test.example.org/static/delen.png">"#,
        r#"<meta name="twitter:card" content="summary_large_image">"#,
        r#"<link rel="canonical" href="https://test.example.org/regio/noorderkwartier/convenant/">"#,
    ] {
        assert!(p.contains(want), "{want}");
    }
    let at = p.find(r#"<script type="application/ld+json">"#).unwrap() + 35;
    let json: serde_json::Value =
        serde_json::from_str(&p[at..at + p[at..].find("</script>").unwrap()]).unwrap();
    assert_eq!(json["@type"], "CreativeWork");
    assert_eq!(json["dateCreated"], "2020-10");
    assert_eq!(json["spatialCoverage"]["name"], "Noorderkwartier");
    assert_eq!(json["contributor"][0]["name"], "Woonhuis");
    assert_eq!(json["contributor"][1]["name"], "Gemeente Aastad");
    let home = site.page("");
    assert!(home.contains(r#""@type":"Organization""#));
    assert!(
        attr_values(&home, "content")
            .iter()
            .any(|c| c == "Een kleine site om draaiboek mee te testen.")
    );
}
