//! The content the repository ships: it builds, and the facts from the
//! sources reach the reader.

mod common;

use common::{Site, section, text};

#[test]
fn shipped_content_builds_without_errors() {
    let site = Site::shipped();
    let r = site.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    site.build();
}

#[test]
fn zuid_kennemerland_ijmond_shows_the_pact() {
    let site = Site::shipped();
    site.build();
    let p = site.page("regio/zuid-kennemerland-ijmond/");
    // The agreement in force is the one of 2021; the pact of 2020 it
    // followed keeps its own page with its figures.
    let facts = text(&section(&p, "convenant"));
    for want in [
        "Uitstroomregeling Pact 2021",
        "samenwerkingsovereenkomst",
        "7 oktober 2021",
        "27 partijen",
    ] {
        assert!(facts.contains(want), "{want} missing in {facts}");
    }
    assert!(p.contains(r#"href="/regio/zuid-kennemerland-ijmond/convenant/pact-2020/""#));
    let pact = text(&site.page("regio/zuid-kennemerland-ijmond/convenant/pact-2020/"));
    for want in [
        "Pact voor uitstroom",
        "pact",
        "oktober 2020",
        "27 partijen",
        "10 jaar",
        "178",
    ] {
        assert!(pact.contains(want), "{want} missing in {pact}");
    }
    let t = text(&p);
    for municipality in [
        "Haarlem",
        "Bloemendaal",
        "Heemstede",
        "Zandvoort",
        "Velsen",
        "Beverwijk",
        "Heemskerk",
    ] {
        assert!(t.contains(municipality), "{municipality}");
    }
    assert!(t.contains("Woonservice"));
    assert!(t.contains("beoordelingstafel"));
    assert!(
        p.contains("platform31.nl"),
        "the source is cited on the page"
    );
    let principles = text(&section(&p, "principes"));
    assert_eq!(
        p.matches(r#"<li id="principe-"#).count(),
        4,
        "the four principles: {principles}"
    );
    assert!(
        p.matches(r#"<li id="les-"#).count() >= 3,
        "the three pieces of advice"
    );

    let cov = text(&site.page("regio/zuid-kennemerland-ijmond/convenant/"));
    for want in [
        "7 oktober 2021",
        "27 partijen",
        "Afspraken door de tijd Pact voor uitstroom",
    ] {
        assert!(cov.contains(want), "{want} missing in {cov}");
    }
}

#[test]
fn weer_thuis_lists_its_regions_with_their_standing() {
    let site = Site::shipped();
    site.build();
    let p = site.page("programma/weer-thuis/");
    let t = text(&p);
    for fact in ["VNG", "Aedes", "Valente", "Leger des Heils", "2017"] {
        assert!(t.contains(fact), "{fact} missing");
    }
    let regions = text(&section(&p, "regios"));
    assert!(
        regions.contains("Zuid-Kennemerland") && regions.contains("ondertekend"),
        "{regions}"
    );
    assert!(regions.contains("Groningen"), "{regions}");
    let zk = site.page("regio/zuid-kennemerland-ijmond/");
    assert!(zk.contains(r#"href="/programma/weer-thuis/""#));
}

#[test]
fn every_referenced_partner_and_theme_has_a_page_and_glossary_exists() {
    let site = Site::shipped();
    site.build();
    let glossary = text(&site.page("woordenlijst/"));
    for word in [
        "Beschermd Wonen",
        "Maatschappelijke Opvang",
        "verdeelsleutel",
        "beoordelingstafel",
        "woonmatch",
        "zachte landing",
    ] {
        assert!(
            glossary.to_lowercase().contains(&word.to_lowercase()),
            "{word} not in the glossary"
        );
    }
    // A theme that more than one region or programme speaks about.
    let themes = site.page("themas/");
    assert!(text(&themes).contains("Zachte landing"));
    let partners = site.page("partners/");
    assert!(text(&partners).contains("Woonservice"));
}

#[test]
fn the_route_and_checklist_use_the_real_regions() {
    let site = Site::shipped();
    site.build();
    let route = text(&site.page("aanpak/"));
    assert!(route.contains("Stap 1. Startnotitie"), "{route}");
    assert!(
        route.contains("Zuid-Kennemerland en IJmond oktober 2020"),
        "the pact's signing on the route"
    );
    let checklist = site.page("aanpak/convenant/");
    assert!(checklist.contains(
        r#"<a href="/regio/zuid-kennemerland-ijmond/convenant/">Zuid-Kennemerland en IJmond</a>"#
    ));
    let cmp = text(&site.page("vergelijk/"));
    assert!(
        cmp.contains(
            "Zuid-Kennemerland en IJmond samenwerkingsovereenkomst ondertekend 7 oktober 2021 27"
        ),
        "{cmp}"
    );
}
