//! `draaiboek check` keeps the knowledge base traceable and in its own
//! words: a region without a source address is an error, a statement
//! without `source:` a warning, and with `--reference DIR` a run of eight
//! or more words shared with a reference text is an error at its place.

mod common;
use common::{Site, repo};

/// A reference text with a sentence a careless editor might copy.
const ARTICLE: &str = "Regio Zuiderland sluit een pact\n\n\
    In 2021 tekenden alle partijen in de regio een pact waarin zij afspraken \
    dat iedere cliënt binnen drie maanden een passende woning in de wijk krijgt \
    aangeboden door een van de corporaties.\n\n\
    \"Je moet elkaar echt leren kennen voordat je samen iets kunt afspreken over wonen en zorg\", \
    zegt Jan Jansen van de gemeente.\n";

fn site_with_reference() -> Site {
    let site = Site::fixture();
    site.write("bronnen/artikel.txt", ARTICLE);
    site
}

fn region(front: &str, body: &str) -> String {
    format!("---\ntitle: Westerland\nprovince: Zeeland\n{front}\n---\n{body}\n")
}

const SOURCES: &str = "sources:\n  - id: krant\n    title: Regio Zuiderland sluit een pact voor alle partijen in de regio\n    url: https://krant.example.org/pact\n    publisher: De Krant";

#[test]
fn a_sentence_copied_into_the_body_is_an_error_at_its_line_even_rewrapped() {
    let site = site_with_reference();
    // Re-wrapped, with other capitals and punctuation: still the same words.
    let body = "Westerland werkt samen.\n\nIedere Cliënt krijgt binnen drie maanden\neen passende woning in de wijk, aangeboden door de corporatie.[^krant]\n\n[^krant]: De Krant, [Regio Zuiderland sluit een pact voor alle partijen in de regio](https://krant.example.org/pact).";
    site.write(
        "content/regions/westerland/index.md",
        &region(SOURCES, body),
    );
    let r = site.run(&["check", "--reference", "bronnen"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("overgenomen tekst: 9 woorden op een rij staan ook in `artikel.txt`"),
        "{}",
        r.stderr
    );
    // The caret's line: "Iedere Cliënt ..." is line 12 of the file.
    assert!(
        r.stderr.contains("regions/westerland/index.md:12:22"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("quote_by"),
        "the fix is named: {}",
        r.stderr
    );
    // Without --reference the same site is fine.
    let r = site.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_copied_statement_in_the_front_matter_is_found_however_yaml_wraps_it() {
    let site = site_with_reference();
    let front = format!(
        "{SOURCES}\nagreements:\n  - theme: zachte-landing\n    source: krant\n    text: >-\n      Iedere cliënt krijgt binnen drie\n      maanden een passende woning in de wijk."
    );
    site.write(
        "content/regions/westerland/index.md",
        &region(&front, "Tekst in eigen woorden.[^k]\n\n[^k]: De Krant."),
    );
    let r = site.run(&["check", "--reference", "bronnen"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("regions/westerland/index.md:13:28"),
        "points at the text under agreements: {}",
        r.stderr
    );
    assert!(r.stderr.contains("9 woorden"), "{}", r.stderr);
}

#[test]
fn titles_addresses_citations_and_marked_quotations_are_not_copies() {
    let site = site_with_reference();
    let front = format!(
        "{SOURCES}\nlessons:\n  - theme: implementatie\n    source: krant\n    quote_by: Jan Jansen, gemeente\n    text: >-\n      Je moet elkaar echt leren kennen voordat je samen iets kunt afspreken\n      over wonen en zorg."
    );
    // The source's title in running text, its address, a footnote that
    // repeats the title, and seven shared words in a row: all allowed.
    let body = "Het artikel *Regio Zuiderland sluit een pact voor alle partijen in de regio* \
        (https://krant.example.org/regio-zuiderland-sluit-een-pact-voor-alle-partijen-in-de-regio) \
        vertelt hoe het ging. Iedere cliënt krijgt binnen drie maanden een woning.[^krant]\n\n\
        [^krant]: De Krant, [Regio Zuiderland sluit een pact voor alle partijen in de regio](https://krant.example.org/pact).";
    site.write("content/regions/westerland/index.md", &region(&front, body));
    let r = site.run(&["check", "--reference", "bronnen"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("Geen overgenomen tekst: vergeleken met 1 referentieteksten"),
        "{}",
        r.stdout
    );
    // The same quotation without `quote_by` is the page's own words: a copy.
    let front = front.replace("    quote_by: Jan Jansen, gemeente\n", "");
    site.write(
        "content/regions/westerland/index.md",
        &region(&front, "Eigen tekst.[^k]\n\n[^k]: x"),
    );
    let r = site.run(&["check", "--reference", "bronnen"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("16 woorden"), "{}", r.stderr);
}

#[test]
fn programme_pages_and_other_files_are_compared_too() {
    let site = site_with_reference();
    let page = "---\ntitle: Over\ndescription: >-\n  Iedere cliënt krijgt binnen drie maanden een passende woning in de wijk.\n---\nTekst.\n";
    site.write("content/pages/over-ons.md", page);
    let r = site.run(&["check", "--reference", "bronnen"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("pages/over-ons.md:4:24"), "{}", r.stderr);
}

#[test]
fn a_region_without_a_source_address_is_an_error_and_a_statement_without_source_a_warning() {
    let site = Site::fixture();
    let front = "sources:\n  - id: krant\n    title: Een artikel zonder adres\n    publisher: De Krant\nprinciples:\n  - theme: zachte-landing\n    text: Iedereen woont in de eigen gemeente.";
    site.write(
        "content/regions/westerland/index.md",
        &region(front, "Tekst."),
    );
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("geen enkele bron van deze regio heeft een adres (`url:`)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("regions/westerland/index.md:4:1"),
        "{}",
        r.stderr
    );
    // With an address the region passes; the principle without source is
    // a warning that names the ids to choose from, and check succeeds.
    let front = front.replace(
        "    publisher: De Krant",
        "    publisher: De Krant\n    url: https://krant.example.org/a",
    );
    site.write(
        "content/regions/westerland/index.md",
        &region(&front, "Tekst."),
    );
    let r = site.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: dit punt onder `principles:` noemt geen bron (`source:`)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("regions/westerland/index.md:11:11"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("een van: krant"), "{}", r.stderr);
    assert!(r.stdout.contains("Alles in orde"), "{}", r.stdout);
    // No sources at all: a different message, still an error.
    site.write("content/regions/westerland/index.md", &region("", "Tekst."));
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("regio zonder bronnen"), "{}", r.stderr);
}

#[test]
fn a_missing_reference_folder_is_a_usage_error() {
    let site = Site::fixture();
    let r = site.run(&["check", "--reference", "bestaat-niet"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`bestaat-niet` bestaat niet"),
        "{}",
        r.stderr
    );
}

/// The shipped knowledge base: every region has a source address, every
/// statement its `source:`, and nothing is copied from the texts it was
/// written from (kept in `tests/reference/`, the same files as the
/// project's source collection).
#[test]
fn the_shipped_content_is_traceable_and_in_its_own_words() {
    let site = Site::shipped();
    let reference = repo().join("tests").join("reference");
    let reference = reference.to_str().expect("utf-8 path");
    let r = site.run(&["check", "--reference", reference]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.trim().is_empty(),
        "no warnings either:\n{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("vergeleken met 4 referentieteksten"),
        "{}",
        r.stdout
    );
}

#[test]
fn check_names_the_pages_it_would_publish_for_the_first_time_and_how_to_record_them() {
    let site = Site::shipped();
    site.write(
        "content/regions/westerland/index.md",
        "---\ntitle: Westerland\nsources:\n  - { title: Bron, url: \"https://bron.example.org/w\" }\n---\nTekst.\n",
    );
    let r = site.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("1 pagina komt voor het eerst online en staat nog niet in published-urls.txt: /regio/westerland/"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("draaiboek check --update-urls"),
        "{}",
        r.stdout
    );
    let r = site.run(&["check", "--update-urls"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = site.run(&["check"]);
    assert!(
        !r.stdout.contains("voor het eerst"),
        "recorded now: {}",
        r.stdout
    );
}
