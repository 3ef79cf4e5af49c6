//! Model v2 (issue 19), as a reader meets it: agreements that are not
//! signed covenants (a policy plan, a cooperation agreement, a local
//! arrangement), statuses between intention and ended, and a status dated
//! by when it was last known.

mod common;

use common::{Site, text};

const ZUIDERLAND: &str = "content/regions/zuiderland/index.md";

/// A second region that knows every fact the comparison shows, so no column
/// is folded away for being known for one region only.
fn comparable(site: &Site) {
    site.write(
        "content/regions/westerland/index.md",
        "---\ntitle: Westerland\nprogramme: thuisprogramma\npartners: [{ id: woonhuis }]\ncovenant:\n  kind: convenant\n  status: signed\n  \
         signed: 2020-01\n  signatories: 9\n  term_years: 4\n  homes_per_year: 20\n  offer_within_months: 6\n  \
         target_groups: [beschermd-wonen]\n  distribution_key: naar rato\n  source: b\n\
         sources:\n  - { id: b, title: Bron, url: \"https://bron.example.org/w\" }\n---\nTekst.\n",
    );
}

fn zuiderland(covenant: &str) -> String {
    format!("---\ntitle: Zuiderland\nprovince: Limburg\ncovenant:\n{covenant}\n---\nTekst.\n")
}

/// The home page's figure of regions "met ondertekende afspraken" (the
/// label comes before its number).
fn signed_on_home(site: &Site) -> u32 {
    let home = text(&site.page("/"));
    home.split("met ondertekende afspraken")
        .nth(1)
        .and_then(|after| after.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no figure of signed agreements in {home}"))
}

#[test]
fn a_policy_plan_is_never_shown_or_counted_as_a_signed_agreement() {
    let site = Site::fixture();
    site.write(
        ZUIDERLAND,
        &zuiderland("  name: Regionaal convenant\n  kind: convenant\n  status: signed"),
    );
    site.build();
    let with_covenant = signed_on_home(&site);
    site.write(
        ZUIDERLAND,
        &zuiderland("  name: Regionaal plan\n  kind: beleidsplan\n  status: signed"),
    );
    site.build();
    assert_eq!(signed_on_home(&site), with_covenant - 1);
    let page = text(&site.page("/regio/zuiderland/convenant/"));
    assert!(page.contains("Soort beleidsplan"), "{page}");
    assert!(page.contains("Stand alleen een beleidsplan"), "{page}");
    assert!(!page.contains("ondertekend"), "{page}");
    let json = std::fs::read_to_string(site.output().join("data/regions.json")).unwrap();
    assert!(
        json.contains("\"standing\":\"alleen een beleidsplan\""),
        "{json}"
    );
}

#[test]
fn new_kinds_and_statuses_show_in_the_site_language_with_their_date() {
    let site = Site::fixture();
    for (kind, status, shows) in [
        (
            "samenwerkingsovereenkomst",
            "pilot",
            ["samenwerkingsovereenkomst", "Stand pilot"],
        ),
        (
            "regeling",
            "intention",
            ["regeling", "Stand intentie uitgesproken"],
        ),
        ("convenant", "replaced", ["convenant", "Stand vervangen"]),
    ] {
        site.write(
            ZUIDERLAND,
            &zuiderland(&format!(
                "  kind: {kind}\n  status: {status}\n  status_as_of: 2018-12"
            )),
        );
        site.build();
        let page = text(&site.page("/regio/zuiderland/convenant/"));
        for s in shows {
            assert!(page.contains(s), "{kind}/{status}: {s} missing in {page}");
        }
        assert!(page.contains("(stand december 2018)"), "{page}");
    }
}

#[test]
fn a_misspelt_kind_or_status_gets_a_suggestion() {
    let site = Site::fixture();
    for (line, wrong, right) in [
        ("  kind: beleidplan", "beleidplan", "beleidsplan"),
        (
            "  kind: samenwerkingsovereenkmst",
            "samenwerkingsovereenkmst",
            "samenwerkingsovereenkomst",
        ),
        ("  status: pilto", "pilto", "pilot"),
        ("  status: replced", "replced", "replaced"),
    ] {
        site.write(ZUIDERLAND, &zuiderland(line));
        let r = site.run(&["check"]);
        assert_eq!(r.code, 1, "{line}");
        for needle in [
            format!("onbekende waarde `{wrong}`"),
            format!("bedoelde je `{right}`?"),
            "regions/zuiderland/index.md:5:".to_string(),
        ] {
            assert!(
                r.stderr.contains(&needle),
                "{needle} missing:\n{}",
                r.stderr
            );
        }
    }
}

#[test]
fn a_share_a_decimal_term_an_end_date_an_offer_norm_and_target_groups_read_as_the_source_gives_them()
 {
    let site = Site::fixture();
    site.write(
        ZUIDERLAND,
        &zuiderland(
            "  kind: regeling\n  status: pilot\n  term_years: 2.5\n  ends: 2025-12\n  homes_share_percent: 5\n  offer_within_months: 3\n  target_groups: [beschermd-wonen, maatschappelijke-opvang]\n  unconfirmed: [term_years, homes_share_percent]",
        ),
    );
    site.build();
    let page = text(&site.page("/regio/zuiderland/convenant/"));
    for shows in [
        "Looptijd 2,5 jaar (tot december 2025) (niet bevestigd)",
        "Woningen per jaar 5% van de vrijkomende woningen per jaar (niet bevestigd)",
        "Aanbod binnen 3 maanden",
        "Doelgroepen Beschermd Wonen, Maatschappelijke Opvang",
    ] {
        assert!(page.contains(shows), "{shows} missing in {page}");
    }
    assert!(!page.contains("Woningen per jaar onbekend"), "{page}");
    // Only an end date: the term says until when.
    site.write(ZUIDERLAND, &zuiderland("  kind: convenant\n  ends: 2025"));
    site.build();
    let page = text(&site.page("/regio/zuiderland/convenant/"));
    assert!(page.contains("Looptijd tot 2025"), "{page}");
    // Nothing given: the agreement's own facts say unknown, the optional
    // rows are left out.
    assert!(page.contains("Woningen per jaar onbekend"), "{page}");
    assert!(
        !page.contains("Aanbod binnen") && !page.contains("Doelgroepen"),
        "{page}"
    );
}

#[test]
fn out_of_range_and_unknown_values_are_refused_with_their_range_or_a_suggestion() {
    let site = Site::fixture();
    for (line, says) in [
        (
            "  homes_share_percent: 120",
            "120 valt buiten het bereik 0 tot en met 100",
        ),
        (
            "  homes_share_percent: -1",
            "valt buiten het bereik 0 tot en met 100",
        ),
        ("  offer_within_months: 121", "1 tot en met 120"),
        (
            "  term_years: 0",
            "valt buiten het bereik 0,1 tot en met 100",
        ),
        (
            "  target_groups: [beschermd-wone]",
            "bedoelde je `beschermd-wonen`?",
        ),
        (
            "  unconfirmed: [onbekend_veld]",
            "onbekende waarde `onbekend_veld`",
        ),
        ("  unconfirmed: [signd]", "bedoelde je `signed`?"),
    ] {
        site.write(ZUIDERLAND, &zuiderland(line));
        let r = site.run(&["check"]);
        assert_eq!(r.code, 1, "{line}");
        assert!(
            r.stderr.contains(says),
            "{line}: {says} missing:\n{}",
            r.stderr
        );
        assert!(
            r.stderr.contains("regions/zuiderland/index.md:5:"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn each_statement_links_to_the_source_that_gives_it() {
    let site = Site::fixture();
    site.write(
        ZUIDERLAND,
        "---\ntitle: Zuiderland\nprovince: Limburg\ncovenant:\n  kind: convenant\n  source: p31\nprinciples:\n  - { theme: zachte-landing, text: Samen zorgen., source: aedes }\nprocess:\n  - { date: 2019, step: startnotitie, text: Begonnen., source: p31 }\nlessons:\n  - { theme: implementatie, text: Begin klein., source: aedes }\nsources:\n  - { id: p31, title: Artikel Platform31, url: \"https://bron.example.org/a\" }\n  - { id: aedes, title: Artikel Aedes, url: \"https://bron.example.org/b\" }\n---\nTekst.\n",
    );
    site.build();
    let page = site.page("/regio/zuiderland/");
    for needle in [
        r##"<li id="bron-p31">"##,
        r##"<li id="bron-aedes">"##,
        r##"href="#bron-aedes" aria-label="bron 2">[2]</a>"##,
        r##"href="#bron-p31" aria-label="bron 1">[1]</a>"##,
    ] {
        assert!(page.contains(needle), "{needle} missing");
    }
    // Three statements and the covenant's facts carry a marker.
    assert_eq!(page.matches("class=\"source-mark\"").count(), 4, "{page}");
    let covenant = text(&site.page("/regio/zuiderland/convenant/"));
    assert!(covenant.contains("Bron van deze feiten: [1]"), "{covenant}");
}

#[test]
fn a_source_that_is_not_in_the_list_is_an_error_at_its_place() {
    let site = Site::fixture();
    for (body, says) in [
        (
            "principles:\n  - { theme: zachte-landing, text: Samen., source: p32 }\nsources:\n  - { id: p31, title: Bron }",
            [
                "regions/zuiderland/index.md:4:52",
                "bron `p32` staat niet in `sources:`",
                "bedoelde je `p31`?",
            ],
        ),
        (
            "covenant:\n  source: x\nsources:\n  - { title: Bron zonder id }",
            [
                "regions/zuiderland/index.md:4:",
                "bron `x` staat niet in `sources:`",
                "geef de bron in `sources:` een regel `id: x`",
            ],
        ),
        (
            "sources:\n  - { id: p31, title: Een }\n  - { id: p31, title: Twee }",
            [
                "regions/zuiderland/index.md:",
                "twee bronnen hebben de id `p31`",
                "een eigen id per bron",
            ],
        ),
    ] {
        site.write(
            ZUIDERLAND,
            &format!("---\ntitle: Zuiderland\n{body}\n---\n"),
        );
        let r = site.run(&["check"]);
        assert_eq!(r.code, 1, "{body}");
        for s in says {
            assert!(r.stderr.contains(s), "{s} missing:\n{}", r.stderr);
        }
    }
}

#[test]
fn a_partner_shows_under_the_kind_it_has_in_the_region() {
    let site = Site::fixture();
    site.write(
        "content/partners/leger-des-heils.md",
        "---\ntitle: Leger des Heils\nkind: landelijk\n---\n",
    );
    site.write(
        ZUIDERLAND,
        "---\ntitle: Zuiderland\npartners:\n  - { id: leger-des-heils, kind: zorgaanbieder, role: begeleiding }\n---\n",
    );
    std::fs::remove_file(site.content().join("published-urls.txt")).ok();
    site.build();
    let page = text(&site.page("/regio/zuiderland/"));
    assert!(page.contains("Zorgaanbieders Leger des Heils"), "{page}");
    assert!(
        !page.contains("Landelijke organisaties Leger des Heils"),
        "{page}"
    );
    // Its own page keeps its own kind.
    let own = text(&site.page("/partners/leger-des-heils/"));
    assert!(own.contains("Landelijke organisatie"), "{own}");
    let json = std::fs::read_to_string(site.output().join("data/regions.json")).unwrap();
    assert!(json.contains("\"kind\":\"zorgaanbieder\""), "{json}");
}

#[test]
fn dates_in_dutch_words_and_order_and_without_a_year_read_as_written() {
    let site = Site::fixture();
    for (written, shows, iso) in [
        // HTML's yearless date (the Nu checker refuses `--06-13`).
        ("13 juni", "Ondertekend 13 juni", "06-13"),
        ("7 oktober 2021", "Ondertekend 7 oktober 2021", "2021-10-07"),
        ("oktober 2021", "Ondertekend oktober 2021", "2021-10"),
        ("13-06-2023", "Ondertekend 13 juni 2023", "2023-06-13"),
        ("2023-06-13", "Ondertekend 13 juni 2023", "2023-06-13"),
    ] {
        site.write(
            ZUIDERLAND,
            &zuiderland(&format!(
                "  kind: convenant\n  status: signed\n  signed: {written}"
            )),
        );
        site.build();
        let html = site.page("/regio/zuiderland/convenant/");
        assert!(text(&html).contains(shows), "{written}: {shows} missing");
        assert!(
            html.contains(&format!("<time datetime=\"{iso}\">")),
            "{written}"
        );
    }
    for (written, says) in [
        ("31 juni 2023", "dag 31 bestaat niet in die maand"),
        ("13 juin 2023", "bedoelde je `juni`?"),
        ("32-01-2023", "dag 32 bestaat niet"),
    ] {
        site.write(ZUIDERLAND, &zuiderland(&format!("  signed: {written}")));
        let r = site.run(&["check"]);
        assert_eq!(r.code, 1, "{written}");
        assert!(
            r.stderr.contains(says),
            "{written}: {says} missing:\n{}",
            r.stderr
        );
        assert!(
            r.stderr.contains("regions/zuiderland/index.md:5:"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn the_comparison_shows_a_share_as_a_share_and_sorts_it_apart_from_numbers() {
    let site = Site::fixture();
    comparable(&site);
    site.write(
        ZUIDERLAND,
        &zuiderland("  kind: regeling\n  homes_share_percent: 5\n  offer_within_months: 3\n  term_years: 2.5\n  target_groups: [vrouwenopvang]"),
    );
    site.build();
    let html = site.page("/vergelijk/");
    let row = &html[html.find("data-slug=\"zuiderland\"").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    for needle in [
        r#"data-sort="s5">5% van vrijkomend"#,
        r#"data-sort="3">3"#,
        r#"data-sort="2.50">2,5 jaar"#,
        ">Vrouwenopvang<",
    ] {
        assert!(row.contains(needle), "{needle} missing in {row}");
    }
    assert!(
        !row.contains(r#"data-sort="0""#),
        "a share is never a 0: {row}"
    );
    // The home page counts homes and names the regions with a share apart.
    let home = text(&site.page("/"));
    assert!(
        home.contains(
            "regio's met een aandeel van de vrijkomende woningen in plaats van een aantal 1"
        ),
        "{home}"
    );
    let csv = std::fs::read_to_string(site.output().join("data/regions.csv")).unwrap();
    assert!(csv.contains(",5%,"), "{csv}");
}

#[test]
fn open_data_version_2_carries_the_new_facts_and_keeps_the_old_fields() {
    let site = Site::fixture();
    site.write(
        ZUIDERLAND,
        "---\ntitle: Zuiderland\ncovenant:\n  kind: beleidsplan\n  status: pilot\n  status_as_of: 2018-12\n  term_years: 2.5\n  ends: 2025-12\n  homes_share_percent: 5\n  offer_within_months: 3\n  target_groups: [amv]\n  unconfirmed: [ends]\n  source: p31\nprinciples:\n  - { theme: zachte-landing, text: Samen., source: p31 }\nsources:\n  - { id: p31, title: Bron }\n---\n",
    );
    site.build();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.output().join("data/regions.json")).unwrap())
            .unwrap();
    assert_eq!(json["version"], 2);
    let z = json["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "zuiderland")
        .unwrap();
    let c = &z["covenant"];
    assert_eq!(c["kind"], "beleidsplan");
    assert_eq!(c["status"], "pilot");
    assert_eq!(c["status_as_of"], "2018-12");
    assert_eq!(c["term_years"], 2.5);
    assert_eq!(c["ends"], "2025-12");
    assert_eq!(c["homes_share_percent"], 5.0);
    assert_eq!(c["offer_within_months"], 3);
    assert_eq!(c["target_groups"][0], "amv");
    assert_eq!(c["unconfirmed"][0], "ends");
    assert_eq!(c["source"], "p31");
    assert_eq!(z["principles"][0]["source"], "p31");
    assert_eq!(z["sources"][0]["id"], "p31");
    // Version 1's fields keep their names.
    for old in ["homes_per_year", "signatories", "signed", "document", "url"] {
        assert!(c.get(old).is_some(), "{old}");
    }
    let data = text(&site.page("/data/"));
    assert!(
        data.contains("aandeel van de vrijkomende woningen per jaar"),
        "{data}"
    );
}

#[test]
fn agreements_over_time_each_have_a_stable_page_and_the_sequence_shows() {
    let site = Site::fixture();
    site.write(
        ZUIDERLAND,
        "---\ntitle: Zuiderland\ncovenant:\n  kind: convenant\n  status: signed\n  signed: 2022-03\nearlier:\n  - id: intentie-2019\n    kind: intentieverklaring\n    signed: 2019\n    status: replaced\n  - id: samenwerking-2020\n    name: Samen verder\n    kind: samenwerkingsovereenkomst\n    signed: 2020-05\n    status: replaced\n---\nTekst.\n",
    );
    std::fs::remove_file(site.content().join("published-urls.txt")).ok();
    site.build();
    let playbook = text(&site.page("/regio/zuiderland/"));
    assert!(
        playbook.contains(
            "Afspraken door de tijd intentieverklaring 2019 Samen verder convenant 2022 (geldt nu)"
        ),
        "{playbook}"
    );
    let earlier = site.page("/regio/zuiderland/convenant/samenwerking-2020/");
    let t = text(&earlier);
    assert!(t.contains("Samen verder – Zuiderland"), "{t}");
    assert!(t.contains("Soort samenwerkingsovereenkomst"), "{t}");
    assert!(t.contains("Stand vervangen"), "{t}");
    assert!(t.contains("Samen verder (deze pagina)"), "{t}");
    // The page links to the agreement that replaced it.
    assert!(
        earlier.contains("href=\"/regio/zuiderland/convenant/\""),
        "{earlier}"
    );
    // The current covenant page keeps its address and links back.
    let current = site.page("/regio/zuiderland/convenant/");
    assert!(current.contains("href=\"/regio/zuiderland/convenant/intentie-2019/\""));
    // Open data carries them, the URL guard lists their addresses.
    let json = std::fs::read_to_string(site.output().join("data/regions.json")).unwrap();
    assert!(
        json.contains(
            "\"url\":\"https://test.example.org/regio/zuiderland/convenant/intentie-2019/\""
        ),
        "{json}"
    );
    let urls = std::fs::read_to_string(site.output().join("published-urls.txt")).unwrap();
    assert!(
        urls.contains("/regio/zuiderland/convenant/samenwerking-2020/"),
        "{urls}"
    );
}

#[test]
fn an_earlier_agreement_without_id_or_with_a_doubled_one_is_an_error() {
    let site = Site::fixture();
    for (earlier, says) in [
        (
            "  - kind: pact\n    signed: 2020",
            "de eerdere afspraak nummer 1 heeft geen `id`",
        ),
        (
            "  - id: pact-2020\n  - id: pact-2020",
            "twee eerdere afspraken hebben de id `pact-2020`",
        ),
        (
            "  - id: Pact 2020",
            "`Pact 2020` kan geen deel van een adres zijn",
        ),
    ] {
        site.write(
            ZUIDERLAND,
            &format!(
                "---\ntitle: Zuiderland\ncovenant:\n  kind: convenant\nearlier:\n{earlier}\n---\n"
            ),
        );
        let r = site.run(&["check"]);
        assert_eq!(r.code, 1, "{earlier}");
        assert!(r.stderr.contains(says), "{says} missing:\n{}", r.stderr);
        assert!(
            r.stderr.contains("regions/zuiderland/index.md:"),
            "{}",
            r.stderr
        );
    }
}

/// The cells of region `slug`'s row of `/vergelijk/`, as text, by heading.
fn compare_row(site: &Site, slug: &str) -> Vec<(String, String)> {
    let html = site.page("/vergelijk/");
    common::headers(&html)
        .into_iter()
        .skip(1)
        .zip(common::row(&html, slug))
        .map(|(h, c)| (h.trim().to_string(), c.trim().to_string()))
        .collect()
}

fn cell<'a>(row: &'a [(String, String)], heading: &str) -> &'a str {
    row.iter()
        .find(|(h, _)| h.starts_with(heading))
        .map(|(_, c)| c.as_str())
        .unwrap_or_else(|| panic!("no column {heading} in {row:?}"))
}

#[test]
fn only_the_agreements_own_facts_read_unknown_in_the_comparison() {
    let site = Site::fixture();
    comparable(&site);
    // A region without any agreement and without programme or partners:
    // nothing is unknown, its stand says there are no agreements yet.
    site.write(
        ZUIDERLAND,
        "---\ntitle: Zuiderland\nprovince: Limburg\n---\nTekst.\n",
    );
    site.build();
    let row = compare_row(&site, "zuiderland");
    assert!(row.iter().all(|(_, c)| !c.contains("onbekend")), "{row:?}");
    assert_eq!(cell(&row, "Stand"), "nog geen afspraken", "{row:?}");
    assert_eq!(cell(&row, "Programma"), "");
    assert_eq!(cell(&row, "Woningen per jaar"), "");
    // The same on the home page's table: no kind or year to be unknown.
    let home = site.page("/");
    let at = home
        .find("<a href=\"/regio/zuiderland/\">")
        .expect("home row");
    let home_row = &home[at..at + home[at..].find("</tr>").unwrap()];
    assert!(!home_row.contains("onbekend"), "{home_row}");

    // An agreement whose figures the sources do not give: those read
    // "onbekend"; the programme and partners it lacks stay empty.
    site.write(
        ZUIDERLAND,
        &zuiderland("  kind: convenant\n  status: signed"),
    );
    site.build();
    let row = compare_row(&site, "zuiderland");
    assert_eq!(cell(&row, "Woningen per jaar"), "onbekend");
    assert_eq!(cell(&row, "Looptijd"), "onbekend");
    assert_eq!(cell(&row, "Ondertekend"), "onbekend");
    assert_eq!(cell(&row, "Programma"), "");
    assert_eq!(cell(&row, "Partners"), "");

    // A policy plan is not signed by parties: no "onbekend" signing date.
    site.write(
        ZUIDERLAND,
        &zuiderland("  kind: beleidsplan\n  status: signed"),
    );
    site.build();
    let row = compare_row(&site, "zuiderland");
    assert_eq!(cell(&row, "Ondertekend"), "");
    assert_eq!(cell(&row, "Ondertekenaars"), "");
    assert_eq!(cell(&row, "Woningen per jaar"), "onbekend");
}

#[test]
fn the_route_counts_a_re_signing_once_and_the_checklist_has_a_row_per_agreement() {
    let site = Site::fixture();
    site.write(
        ZUIDERLAND,
        "---\ntitle: Zuiderland\ncovenant:\n  name: Overeenkomst 2021\n  kind: samenwerkingsovereenkomst\n  status: signed\n  signed: 2021-10\nearlier:\n  - id: pact-2020\n    kind: pact\n    status: signed\n    signed: 2020-10\n    elements: [verdeelsleutel]\nprocess:\n  - date: 2019-01\n    step: startnotitie\n    text: De startnotitie.\n  - date: 2020-10\n    step: ondertekening\n    text: Het pact.\n  - date: 2021-10\n    step: ondertekening\n    text: De overeenkomst.\n---\nTekst.\n",
    );
    std::fs::remove_file(site.content().join("published-urls.txt")).ok();
    site.build();
    // The signing of 2021 follows the pact; it is not the region's step.
    let step = site.page("/aanpak/ondertekening/");
    let rows = step
        .matches(r#"<a href="/regio/zuiderland/">Zuiderland</a>"#)
        .count();
    assert_eq!(rows, 1, "{step}");
    let t = text(&step);
    assert!(t.contains("Het pact."), "{t}");
    assert!(!t.contains("De overeenkomst."), "{t}");
    // 21 months from the starting note to the pact, not 33 to the re-signing.
    assert!(t.contains("1 jaar en 9 maanden"), "{t}");

    // The checklist shows both agreements, each linked to its own page.
    let checklist = site.page("/aanpak/convenant/");
    let t = text(&checklist);
    assert!(
        t.contains("Zuiderland pact 2020 (eerdere afspraak) ja"),
        "{t}"
    );
    assert!(t.contains("Zuiderland Overeenkomst 2021 onbekend"), "{t}");
    assert!(checklist.contains(r#"href="/regio/zuiderland/convenant/pact-2020/""#));

    // A policy plan is not an agreement between parties: no row.
    site.write(
        ZUIDERLAND,
        &zuiderland("  name: Regionaal plan\n  kind: beleidsplan\n  status: signed\n  elements: [verdeelsleutel]"),
    );
    site.build();
    let t = text(&site.page("/aanpak/convenant/"));
    assert!(!t.contains("Regionaal plan"), "{t}");
}

#[test]
fn the_data_page_documents_every_field_the_json_carries() {
    let site = Site::fixture();
    site.write(
        ZUIDERLAND,
        "---\ntitle: Zuiderland\ncovenant:\n  kind: regeling\n  status: pilot\n  status_as_of: 13 juni 2023\n  homes_share_percent: 5\n  offer_within_months: 3\n  target_groups: [amv]\n  ends: 2026\n  unconfirmed: [ends]\n  source: a\nearlier:\n  - id: pact-2020\n    kind: pact\n    status: replaced\nprinciples:\n  - theme: zachte-landing\n    text: Een principe.\n    source: a\nprocess:\n  - date: 2020\n    step: startnotitie\n    text: Begin.\n    source: a\nsources:\n  - id: a\n    title: Bron\n    url: https://example.org/bron\n    date: 2023\n    publisher: Uitgever\n---\nTekst.\n",
    );
    std::fs::remove_file(site.content().join("published-urls.txt")).ok();
    site.build();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.output().join("data/regions.json")).unwrap())
            .unwrap();
    let region = json["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "zuiderland")
        .unwrap();
    let page = site.page("/data/");
    let mut undocumented = Vec::new();
    let mut check = |object: &serde_json::Value| {
        for key in object.as_object().unwrap().keys() {
            if !page.contains(&format!("<code>{key}</code>")) {
                undocumented.push(key.clone());
            }
        }
    };
    check(region);
    check(&region["covenant"]);
    check(&region["earlier"][0]);
    check(&region["principles"][0]);
    check(&region["process"][0]);
    check(&region["sources"][0]);
    check(&json);
    assert!(undocumented.is_empty(), "not on /data/: {undocumented:?}");
    for value in [
        "samenwerkingsovereenkomst",
        "beleidsplan",
        "pilot",
        "replaced",
        "--MM-DD",
    ] {
        assert!(page.contains(value), "{value} not on /data/");
    }
}

/// `tests/fixtures/model-v2/zuiderland.md` uses every field of Model v2 at
/// once; this is how a reader meets it on each page and in open data.
#[test]
fn a_region_using_every_new_field_reads_as_written_everywhere() {
    let site = Site::fixture();
    comparable(&site);
    let region =
        std::fs::read_to_string(common::fixtures().join("model-v2").join("zuiderland.md")).unwrap();
    site.write(ZUIDERLAND, &region);
    std::fs::remove_file(site.content().join("published-urls.txt")).ok();
    site.build();
    let facts = [
        "Soort samenwerkingsovereenkomst",
        "Stand pilot (stand 7 oktober 2021)",
        "Ondertekend 13 juni Ondertekenaars 12 partijen",
        "Looptijd 2,5 jaar (tot oktober 2026) (niet bevestigd)",
        "Woningen per jaar 5% van de vrijkomende woningen per jaar",
        "Aanbod binnen 3 maanden",
        "Doelgroepen Beschermd Wonen, Vrouwenopvang",
    ];
    let playbook = site.page("/regio/zuiderland/");
    let covenant = site.page("/regio/zuiderland/convenant/");
    for page in [&playbook, &covenant] {
        let t = text(page);
        for want in facts {
            assert!(t.contains(want), "{want} missing in {t}");
        }
        assert!(t.contains("Zorgaanbieders Woonhuis"), "{t}");
        assert!(t.contains("Intentie Zuiderland Samen Thuis"), "{t}");
        assert!(page.contains("href=\"#bron-krant\""), "{page}");
    }
    let t = text(&playbook);
    assert!(
        t.contains("13 juni 2019 Startnotitie : De intentie. [2]"),
        "{t}"
    );
    assert!(t.contains("Neem de tijd. [1]"), "{t}");

    // Side by side on a theme, the region's stand comes with what it says.
    let theme = text(&site.page("/vergelijk/zachte-landing/"));
    assert!(
        theme.contains("Zuiderland pilot loopt Iedereen landt zacht."),
        "{theme}"
    );

    let earlier = text(&site.page("/regio/zuiderland/convenant/intentie-2019/"));
    for want in [
        "Soort intentieverklaring",
        "Stand vervangen",
        "Ondertekend 13 juni 2019",
        "Samen Thuis (geldt nu)",
    ] {
        assert!(earlier.contains(want), "{want} missing in {earlier}");
    }

    let row = compare_row(&site, "zuiderland");
    assert_eq!(cell(&row, "Soort afspraak"), "samenwerkingsovereenkomst");
    assert_eq!(cell(&row, "Stand"), "pilot");
    assert_eq!(cell(&row, "Woningen per jaar"), "5% van vrijkomend");
    assert_eq!(cell(&row, "Aanbod binnen"), "3");
    assert_eq!(cell(&row, "Looptijd"), "2,5 jaar (tot oktober 2026)");

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.output().join("data/regions.json")).unwrap())
            .unwrap();
    let r = json["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "zuiderland")
        .unwrap();
    let c = &r["covenant"];
    assert_eq!(c["signed"], "--06-13");
    assert_eq!(c["status_as_of"], "2021-10-07");
    assert_eq!(c["ends"], "2026-10");
    assert_eq!(c["term_years"], 2.5);
    assert_eq!(c["homes_share_percent"], 5.0);
    assert!(c["homes_per_year"].is_null());
    assert_eq!(c["unconfirmed"][0], "term_years");
    assert_eq!(c["target_groups"][1], "vrouwenopvang");
    assert_eq!(r["earlier"][0]["signed"], "2019-06-13");
    assert_eq!(r["earlier"][0]["status"], "replaced");
    assert_eq!(r["partners"][0]["kind"], "zorgaanbieder");
    assert_eq!(r["lessons"][0]["source"], "krant");
    assert_eq!(r["sources"][1]["id"], "gemeente");

    let csv = std::fs::read_to_string(site.output().join("data/regions.csv")).unwrap();
    let line = csv.lines().find(|l| l.starts_with("zuiderland,")).unwrap();
    // A date without a year starts with "-": guarded against formulas.
    assert!(
        line.contains(",samenwerkingsovereenkomst,pilot,'--06-13,12,2.50,5%,,3,\"Beschermd Wonen, Vrouwenopvang\","),
        "{line}"
    );
}
