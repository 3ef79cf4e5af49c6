//! The site as a reader of a starting region meets it, on a 375 px phone
//! and a 1280 px screen, in Chromium: the first screen, the menu, the
//! footer that says who publishes the site, the comparison of chosen
//! regions, charts, the playbook and the route (issue: reader experience).

mod common;
use common::browser::{Look, look};
use common::{Site, run_in, text};
use serde_json::Value;

/// Every kind of page, as shipped.
const PAGE_TYPES: [&str; 14] = [
    "/",
    "/regio/zuid-kennemerland-ijmond/",
    "/regio/zuid-kennemerland-ijmond/convenant/",
    "/regio/zuid-kennemerland-ijmond/convenant/pact-2020/",
    "/partners/woonservice/",
    "/partners/",
    "/themas/zachte-landing/",
    "/aanpak/",
    "/aanpak/ondertekening/",
    "/aanpak/convenant/",
    "/vergelijk/",
    "/programma/weer-thuis/",
    "/over/",
    "/lessen/",
];

fn shipped() -> Site {
    let site = Site::shipped();
    site.build();
    site
}

fn value(r: &Value) -> &Value {
    assert!(r.get("error").is_none(), "{r}");
    &r["value"]
}

#[test]
fn on_a_phone_every_page_starts_its_own_heading_within_200_px_and_loads_nothing_missing() {
    let site = shipped();
    let looks: Vec<Look> = PAGE_TYPES
        .iter()
        .flat_map(|p| {
            [375, 1280].map(|width| Look {
                path: p,
                width,
                click: &[],
                probe: "({ h1: document.querySelector('main h1').getBoundingClientRect().top + scrollY, \
                         wide: document.documentElement.scrollWidth })",
            })
        })
        .collect();
    let Some(results) = look(&site.output(), &looks) else {
        return;
    };
    for (l, r) in looks.iter().zip(&results) {
        let v = value(r);
        if l.width == 375 {
            let top = v["h1"].as_f64().unwrap_or(f64::MAX);
            assert!(top <= 200.0, "{} at 375 px: h1 starts at {top} px", l.path);
        }
        assert_eq!(
            r["failed"].as_array().map(Vec::len),
            Some(0),
            "{} at {} px asked for something missing (a favicon?): {}",
            l.path,
            l.width,
            r["failed"]
        );
    }
}

#[test]
fn the_menu_folds_behind_a_button_on_a_phone_and_opens_without_javascript() {
    let site = shipped();
    // What a reader can see of the menu: the visible links in the header.
    let probe = "[...document.querySelectorAll('.site-header nav a')]\
                 .filter(a => a.checkVisibility({ visibilityProperty: true }))\
                 .map(a => a.textContent.trim())";
    let looks = [
        Look {
            path: "/",
            width: 375,
            click: &[],
            probe,
        },
        Look {
            path: "/",
            width: 375,
            click: &[".menu-small summary"],
            probe,
        },
        Look {
            path: "/",
            width: 1280,
            click: &[],
            probe,
        },
    ];
    let Some(r) = look(&site.output(), &looks) else {
        return;
    };
    let visible = |i: usize| -> Vec<String> {
        value(&r[i])
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    assert!(visible(0).is_empty(), "folded on a phone: {:?}", visible(0));
    for links in [visible(1), visible(2)] {
        assert!(links.contains(&"Vergelijk".to_string()), "{links:?}");
        assert!(links.contains(&"Aanpak".to_string()), "{links:?}");
        // Pages about the site are in the footer, not the menu.
        assert!(!links.iter().any(|l| l == "Woordenlijst"), "{links:?}");
    }
    // The button is a real <details>: it opens with JavaScript switched off.
    let html = site.page("/");
    assert!(html.contains("<details class=\"menu-small\">"), "{html}");
}

#[test]
fn the_footer_says_who_publishes_the_site_and_links_the_pages_about_it() {
    let site = shipped();
    for p in ["/", "/vergelijk/", "/regio/walcheren/"] {
        let html = site.page(p);
        let footer = &html[html.find("<footer class=\"site-footer\"").expect("footer")..];
        let words = text(footer);
        for want in [
            "Over deze site",
            "Woordenlijst",
            "Toegankelijkheid",
            "Een uitgave van de redactie van Draaiboek uitstroom.",
            "Contact: redactie@draaiboek.example.nl",
        ] {
            assert!(words.contains(want), "{p}: {want} missing in {words}");
        }
        assert!(footer.contains("href=\"mailto:redactie@draaiboek.example.nl\""));
        assert!(html.contains("rel=\"icon\""), "{p}: no favicon link");
    }
    assert!(site.output().join("static/favicon.svg").is_file());
}

fn git(dir: &std::path::Path, args: &[&str], date: &str) {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", "Redactie")
        .env("GIT_AUTHOR_EMAIL", "redactie@example.org")
        .env("GIT_COMMITTER_NAME", "Redactie")
        .env("GIT_COMMITTER_EMAIL", "redactie@example.org")
        .output()
        .expect("git must be installed for this test");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn each_page_says_when_it_was_last_brought_up_to_date_from_updated_or_git() {
    let site = Site::fixture();
    let dir = site.path();
    git(dir, &["init", "-q"], "2024-01-01T12:00:00");
    git(dir, &["add", "content"], "2024-01-01T12:00:00");
    git(dir, &["commit", "-qm", "eerste"], "2024-01-01T12:00:00");
    // A later edit of one partner only.
    let partner = site.content().join("partners/woonhuis.md");
    let edited = std::fs::read_to_string(&partner).unwrap() + "\nEen zin erbij.\n";
    std::fs::write(&partner, edited).unwrap();
    git(dir, &["commit", "-qam", "partner"], "2024-03-05T12:00:00");
    let r = run_in(dir, &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let updated = |p: &str| {
        let html = site.page(p);
        let at = html.find("class=\"updated\"").map(|i| {
            let end = html[i..].find("</p>").map_or(html.len(), |e| i + e);
            text(&html[i..end])
        });
        at.unwrap_or_default()
    };
    assert!(updated("/partners/woonhuis/").contains("Laatst bijgewerkt: 5 maart 2024"));
    assert!(updated("/themas/zachte-landing/").contains("Laatst bijgewerkt: 1 januari 2024"));
    // A page made from all content shows the latest change.
    assert!(updated("/vergelijk/").contains("Laatst bijgewerkt: 5 maart 2024"));
    // `updated:` in a playbook wins over git.
    let region = site.content().join("regions/zuiderland/index.md");
    let text_now = std::fs::read_to_string(&region).unwrap();
    std::fs::write(
        &region,
        text_now.replacen("---\n", "---\nupdated: 2023-11-20\n", 1),
    )
    .unwrap();
    let r = run_in(dir, &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(updated("/regio/zuiderland/").contains("Laatst bijgewerkt: 20 november 2023"));
}

#[test]
fn two_to_four_chosen_regions_sit_side_by_side_on_a_phone_without_sideways_scrolling() {
    let site = shipped();
    let probe = "(() => { const side = document.querySelector('table.compare-side'); \
        return { caption: side && side.caption.textContent, \
          cols: side ? side.tHead.rows[0].cells.length : 0, \
          sideWidth: side ? side.getBoundingClientRect().right : 0, \
          pageWide: document.documentElement.scrollWidth > document.documentElement.clientWidth, \
          fullHidden: document.querySelector('.compare-scroll').hidden, \
          search: location.search, \
          rows: side ? [...side.tBodies[0].rows].map(r => r.cells[0].textContent) : [] }; })()";
    let chosen = "/vergelijk/?regios=groningen,fryslan,westfriesland";
    let click: &[&str] = &["#kies-walcheren", "#kies-twente", "[data-show]"];
    let looks = [
        Look {
            path: chosen,
            width: 375,
            click: &[],
            probe,
        },
        Look {
            path: chosen,
            width: 1280,
            click: &[],
            probe,
        },
        Look {
            path: "/vergelijk/",
            width: 375,
            click,
            probe,
        },
    ];
    let Some(r) = look(&site.output(), &looks) else {
        return;
    };
    for (i, want) in [(0, 3), (1, 3), (2, 2)] {
        let v = value(&r[i]);
        assert_eq!(v["cols"], want + 1, "{v}");
        assert_eq!(v["caption"], format!("{want} regio's gekozen"), "{v}");
        assert_eq!(v["pageWide"], false, "no sideways scrolling: {v}");
        assert_eq!(v["fullHidden"], true, "{v}");
        let rows: Vec<&str> = v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert!(rows.contains(&"Woningen per jaar"), "{rows:?}");
        // Only columns two regions fill are compared.
        assert!(
            !rows.iter().any(|r| r.contains('(') && r.contains('.')),
            "{rows:?}"
        );
    }
    let v = value(&r[0]);
    assert!(v["sideWidth"].as_f64().unwrap() <= 375.0, "{v}");
    // The choice is in the address, to share.
    assert_eq!(
        value(&r[2])["search"],
        "?regios=twente%2Cwalcheren",
        "{}",
        r[2]
    );
}

#[test]
fn the_full_table_keeps_its_first_column_and_says_it_scrolls() {
    let site = shipped();
    let probe = "({ sticky: getComputedStyle(document.querySelector('.compare-table tbody th')).position, \
        hint: document.querySelector('.scroll-hint').checkVisibility(), \
        folded: document.querySelector('.folded')?.textContent ?? '' })";
    let looks = [Look {
        path: "/vergelijk/",
        width: 375,
        click: &[],
        probe,
    }];
    let Some(r) = look(&site.output(), &looks) else {
        return;
    };
    let v = value(&r[0]);
    assert_eq!(v["sticky"], "sticky", "{v}");
    assert_eq!(v["hint"], true, "{v}");
    let page = text(&site.page("/vergelijk/"));
    assert!(!page.contains("extra.inhabitants"), "no developer text");
}

#[test]
fn chart_text_is_at_least_12_px_on_a_phone_and_every_mark_is_labelled() {
    let site = shipped();
    let probe = "[...document.querySelectorAll('svg.chart')].map(svg => { \
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; \
        const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * scale); \
        return { id: svg.id, smallest: Math.min(...sizes), bars: svg.querySelectorAll('rect.bar').length, \
          marks: svg.querySelectorAll('g.mark').length, \
          numbered: [...svg.querySelectorAll('g.mark text')].filter(t => t.textContent.trim()).length, \
          texts: svg.querySelectorAll('text').length }; })";
    let looks = [
        Look {
            path: "/vergelijk/",
            width: 375,
            click: &[],
            probe,
        },
        Look {
            path: "/aanpak/",
            width: 375,
            click: &[],
            probe,
        },
    ];
    let Some(r) = look(&site.output(), &looks) else {
        return;
    };
    let mut seen = 0;
    for res in &r {
        for c in value(res).as_array().unwrap() {
            seen += 1;
            let smallest = c["smallest"].as_f64().unwrap();
            assert!(
                smallest >= 12.0,
                "{}: text of {smallest} px at 375 px",
                c["id"]
            );
            // A bar has its name and its value; a dot its step number.
            let bars = c["bars"].as_u64().unwrap();
            let marks = c["marks"].as_u64().unwrap();
            assert_eq!(c["numbered"].as_u64(), Some(marks), "{c}");
            if bars > 0 {
                assert!(c["texts"].as_u64().unwrap() >= 2 * bars, "{c}");
                assert!(bars >= 2, "a chart of one bar: {c}");
            }
        }
    }
    assert!(seen >= 3, "the shipped site draws its charts: {r:?}");
    // Each chart keeps its table.
    let p = site.page("/vergelijk/");
    assert!(p.contains("id=\"tabel-woningen\"") && p.contains("id=\"tabel-proces\""));
}

#[test]
fn a_playbook_gives_its_key_facts_first_numbers_its_notes_in_order_and_folds_its_contents() {
    let site = shipped();
    let probe = "(() => { const main = document.querySelector('main'); \
        const facts = main.querySelector('section.box'); const toc = main.querySelector('.toc-small'); \
        const marks = [...main.querySelectorAll('.source-mark a')].map(a => parseInt(a.textContent.replace(/\\D/g, ''))); \
        const first = []; marks.forEach(n => { if (!first.includes(n)) first.push(n); }); \
        const targets = [...main.querySelectorAll('.source-mark a')].map(a => a.getAttribute('href')) \
          .filter(h => !document.querySelector('.sources ' + h)); \
        return { factsFirst: !!(facts && toc && (facts.compareDocumentPosition(toc) & Node.DOCUMENT_POSITION_FOLLOWING)), \
          first, targets, notes: main.querySelectorAll('.footnote-definition').length, \
          tocOpen: toc ? toc.open : null, tocWide: main.querySelector('.toc-wide').checkVisibility() }; })()";
    let pages = [
        "/regio/zuid-kennemerland-ijmond/",
        "/regio/groningen/",
        "/regio/westfriesland/",
        "/regio/fryslan/",
    ];
    let looks: Vec<Look> = pages
        .iter()
        .map(|p| Look {
            path: p,
            width: 375,
            click: &[],
            probe,
        })
        .collect();
    let Some(r) = look(&site.output(), &looks) else {
        return;
    };
    for (p, res) in pages.iter().zip(&r) {
        let v = value(res);
        assert_eq!(v["factsFirst"], true, "{p}: {v}");
        let first: Vec<u64> = v["first"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .collect();
        let expected: Vec<u64> = (1..=first.len() as u64).collect();
        assert_eq!(first, expected, "{p}: notes numbered in order of first use");
        assert!(first.len() >= 2, "{p}: {v}");
        assert_eq!(
            v["targets"].as_array().map(Vec::len),
            Some(0),
            "{p}: every mark leads to the list of sources: {v}"
        );
        assert_eq!(v["notes"], 0, "{p}: no second list of notes mid-page");
        assert_eq!(v["tocOpen"], false, "{p}: contents folded on a phone");
        assert_eq!(v["tocWide"], false, "{p}");
    }
}

#[test]
fn the_route_renders_its_links_and_folds_each_steps_regions_on_a_phone() {
    let site = shipped();
    let probe = "({ height: document.documentElement.scrollHeight, \
        folded: [...document.querySelectorAll('details.visits-fold')].every(d => !d.open), \
        folds: document.querySelectorAll('details.visits-fold').length })";
    let looks = [Look {
        path: "/aanpak/",
        width: 375,
        click: &[],
        probe,
    }];
    let Some(r) = look(&site.output(), &looks) else {
        return;
    };
    let v = value(&r[0]);
    assert_eq!(v["folded"], true, "{v}");
    assert!(v["folds"].as_u64().unwrap() >= 5, "{v}");
    assert!(
        v["height"].as_f64().unwrap() < 12000.0,
        "/aanpak/ is {v} px long at 375 px"
    );
    for p in [
        "/aanpak/",
        "/aanpak/plan-van-aanpak/",
        "/aanpak/intentieverklaring/",
        "/themas/monitoring/",
    ] {
        let html = site.page(p);
        assert!(
            !text(&html).contains("]("),
            "{p}: raw Markdown in {}",
            text(&html)
        );
    }
    let route = site.page("/aanpak/");
    assert!(
        route.contains("<a href=\"/programma/weer-thuis/\">Weer Thuis</a>"),
        "the purpose's link"
    );
    assert!(
        site.page("/themas/monitoring/")
            .contains("<a href=\"/aanpak/evaluatie/\">evaluatie</a>")
    );
}
