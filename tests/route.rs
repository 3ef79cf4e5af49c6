//! The route for a starting region (`/aanpak/`), one step in depth, the
//! covenant checklist and the swimlane chart, on the fictional fixture.

mod common;

use common::{Site, section, text};

#[test]
fn route_lists_the_steps_in_order_with_regions_and_durations() {
    let site = Site::compare();
    site.build();
    let p = site.page("aanpak/");
    let a = p.find(r#"<h2 id="startnotitie">"#).expect("step 1");
    let b = p.find(r#"<h2 id="ondertekening">"#).expect("step 2");
    assert!(a < b, "steps in their order");
    assert!(text(&p).contains("Stap 1. Startnotitie Waarvoor: Een besluit vragen om te beginnen. Wat het oplevert: Een korte notitie"));
    let sign = text(&section(&p, "ondertekening"));
    // Beland 2018-01 -> 2020-06-15 = 29 months; Fland 2020-01 -> 2021-11 = 22.
    assert!(
        sign.contains(
            "Hoe lang het duurde: 1 jaar en 10 maanden tot 2 jaar en 5 maanden (in 2 regio's)"
        ),
        "{sign}"
    );
    assert!(
        sign.contains("Beland 15 juni 2020 Getekend. in het draaiboek 2 jaar en 5 maanden"),
        "{sign}"
    );
    // Aland's start is known only to the year: no duration is guessed.
    assert!(
        sign.contains("Aland maart 2019 Getekend. in het draaiboek onbekend"),
        "{sign}"
    );
    // Celand's undated entry, and the entry after it, have no duration.
    assert!(
        sign.contains("Celand onbekend Getekend, datum onbekend. in het draaiboek onbekend"),
        "{sign}"
    );
    // Celand signed again later: a re-signing is part of Celand's own
    // story, not a second visit of the step.
    assert!(!sign.contains("Opnieuw getekend"), "{sign}");
    assert_eq!(sign.matches("Celand").count(), 1, "{sign}");
    // Links go to the entry in the playbook, which has that anchor.
    assert!(p.contains(r#"href="/regio/celand/#stap-2""#));
    assert!(site.page("regio/celand/").contains(r#"<li id="stap-2">"#));
    // Lessons tagged with the step's theme.
    let start = text(&section(&p, "startnotitie"));
    assert!(
        start.contains("Lessen over implementatie (1) Deland leerde over invoeren."),
        "{start}"
    );
    assert!(start.contains("Hoe lang het duurde: onbekend"), "{start}");
}

#[test]
fn one_step_in_depth_shows_every_region() {
    let site = Site::compare();
    site.build();
    let p = site.page("aanpak/startnotitie/");
    assert!(text(&p).contains("Stap 1: Startnotitie"));
    let regions = text(&section(&p, "regios"));
    for r in [
        "Aland 2017",
        "Beland januari 2018",
        "Celand mei 2017",
        "Fland januari 2020",
    ] {
        assert!(regions.contains(r), "{r} in {regions}");
    }
    let missing = text(&section(&p, "nog-niet"));
    assert!(
        missing.contains("Deland") && missing.contains("Eland") && !missing.contains("Aland"),
        "{missing}"
    );
    // The playbook links each step to its page.
    assert!(
        site.page("regio/aland/")
            .contains(r#"<a href="/aanpak/startnotitie/">Startnotitie</a>"#)
    );
}

fn matrix_row(html: &str, region: &str) -> Vec<String> {
    let m = section(html, "matrix");
    let at = m
        .find(&format!(">{region}</a><span class=\"agreement\">"))
        .unwrap_or_else(|| panic!("{region}"));
    let end = at + m[at..].find("</tr>").unwrap();
    m[at..end]
        .split("<td")
        .skip(1)
        .map(|c| text(&format!("<td{c}")))
        .collect()
}

#[test]
fn covenant_checklist_shows_coverage_per_region() {
    let site = Site::compare();
    site.build();
    let p = site.page("aanpak/convenant/");
    assert_eq!(
        matrix_row(&p, "Aland"),
        ["ja", "onbekend", "nee", "onbekend"]
    );
    assert_eq!(
        matrix_row(&p, "Beland"),
        ["ja", "ja", "onbekend", "onbekend"]
    );
    assert_eq!(matrix_row(&p, "Celand"), ["onbekend"; 4]);
    assert!(
        !section(&p, "matrix").contains(">Eland<"),
        "no covenant, no row"
    );
    assert!(
        p.contains(r#"<a href="/regio/aland/convenant/">Aland</a>"#),
        "links to the covenant pages"
    );
    let t = text(&p);
    assert!(
        t.contains("Over deze onderdelen zegt nog geen enkele bron iets: Monitoring."),
        "{t}"
    );
    assert!(
        t.contains("Doelgroep Voor wie de afspraken gelden. In 2 convenanten volgens de bronnen."),
        "{t}"
    );
    assert!(
        t.contains(
            "Privacy Welke gegevens gedeeld worden. In 0 convenanten volgens de bronnen; in 1 niet."
        ),
        "{t}"
    );
}

#[test]
fn swimlane_marks_sit_proportionally_to_their_dates() {
    let site = Site::compare();
    site.build();
    let p = site.page("aanpak/");
    let at = p
        .find(r#"<svg class="chart" id="proces""#)
        .expect("swimlane");
    let svg = &p[at..at + p[at..].find("</svg>").unwrap()];
    // (cx, month index) for each mark; the title holds the date.
    let marks: Vec<(f64, i32)> = svg
        .split(r#"<g class="mark"><title>"#)
        .skip(1)
        .map(|m| {
            let title = &m[..m.find("</title>").unwrap()];
            let cx_at = m.find(r#"cx=""#).unwrap() + 4;
            let cx: f64 = m[cx_at..].split('"').next().unwrap().parse().unwrap();
            let date = title.split(':').next().unwrap();
            let month = |name: &str| {
                [
                    "januari",
                    "februari",
                    "maart",
                    "april",
                    "mei",
                    "juni",
                    "juli",
                    "augustus",
                    "september",
                    "oktober",
                    "november",
                    "december",
                ]
                .iter()
                .position(|n| *n == name)
                .unwrap() as i32
            };
            let parts: Vec<&str> = date.split(' ').collect();
            let idx = match parts.as_slice() {
                [y] => y.parse::<i32>().unwrap() * 12,
                [m, y] => y.parse::<i32>().unwrap() * 12 + month(m),
                [_, m, y] => y.parse::<i32>().unwrap() * 12 + month(m),
                _ => panic!("{date}"),
            };
            (cx, idx)
        })
        .collect();
    assert_eq!(marks.len(), 8);
    let (x0, m0) = marks[0];
    let scale = marks
        .iter()
        .find(|m| m.1 != m0)
        .map(|&(x, m)| (x - x0) / (m - m0) as f64)
        .unwrap();
    assert!(scale > 0.0);
    for (x, m) in &marks {
        assert!(
            (x - x0 - scale * (m - m0) as f64).abs() < 0.05,
            "mark at {x} for month {m}"
        );
    }
    // The same data in a table.
    assert!(
        text(&section(&p, "tijdlijn"))
            .contains("Fland januari 2020: Startnotitie; november 2021: Ondertekening"),
        "{}",
        text(&section(&p, "tijdlijn"))
    );
}

/// A region whose process tells two agreements (a covenant signed in
/// 2005, a new start in 2017 and its signing in 2018): the years between
/// them are not the time a step took.
#[test]
fn durations_are_measured_within_one_agreement_never_across_a_re_signing() {
    let site = Site::compare();
    site.write(
        "content/regions/gland/index.md",
        "---\ntitle: Gland\nprocess:\n  - { date: 2005-12, step: ondertekening, text: Eerste convenant., source: b }\n  \
         - { date: 2017-01, step: startnotitie, text: Nieuw begin., source: b }\n  \
         - { date: 2018-01, step: ondertekening, text: Tweede convenant., source: b }\n\
         sources:\n  - { id: b, title: Bron, url: \"https://bron.example.org/g\" }\n---\nTekst.\n",
    );
    site.build();
    let p = site.page("aanpak/");
    // The new start of 2017 begins the second agreement's story: nothing
    // is measured back to the signing of 2005.
    let start = text(&section(&p, "startnotitie"));
    assert!(
        start.contains("Gland januari 2017 Nieuw begin. in het draaiboek onbekend"),
        "{start}"
    );
    assert!(!start.contains("11 jaar"), "{start}");
    // The signing of 2018 is the step again: no second visit, no duration
    // of twelve years.
    let sign = text(&section(&p, "ondertekening"));
    assert_eq!(sign.matches("Gland").count(), 1, "{sign}");
    assert!(!sign.contains("12 jaar"), "{sign}");
}
