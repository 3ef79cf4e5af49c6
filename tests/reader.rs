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
