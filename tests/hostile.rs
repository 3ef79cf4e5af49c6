//! Hostile and broken content (issue 9): every input here gets a message
//! an editor can act on (file:line:column where there is a place, what was
//! expected, a suggestion), and none of them panics, hangs or runs away
//! with memory. Each test lays one file over the small fixture site.

mod common;

use common::{Run, Site};
use std::time::{Duration, Instant};

/// `draaiboek check` on the site; expects exit 1 and no panic.
fn refused(site: &Site) -> String {
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "expected exit 1:\n{}{}", r.stdout, r.stderr);
    no_panic(&r);
    r.stderr
}

fn no_panic(r: &Run) {
    assert!(
        !r.stderr.contains("panicked") && !r.stderr.contains("RUST_BACKTRACE"),
        "{}",
        r.stderr
    );
}

fn has(stderr: &str, needles: &[&str]) {
    for n in needles {
        assert!(stderr.contains(n), "missing {n:?} in:\n{stderr}");
    }
}

/// A region file with `covenant:` lines added to the fixture's Zuiderland.
fn zuiderland_with(covenant_line: &str) -> String {
    format!(
        "---\ntitle: Zuiderland\nprovince: Limburg\nprogramme: thuisprogramma\ncovenant:\n  kind: intentieverklaring\n  status: signed\n{covenant_line}\npartners:\n  - {{ id: woonhuis }}\n---\nTekst.\n"
    )
}

const ZUIDERLAND: &str = "content/regions/zuiderland/index.md";

#[test]
fn invalid_utf8_names_the_place() {
    let site = Site::fixture();
    let mut bytes = b"---\ntitle: Zuiderland\n---\nGoed, en dan \xff\xfe kapot.\n".to_vec();
    bytes.extend_from_slice(b"meer\n");
    std::fs::write(site.path().join(ZUIDERLAND), bytes).unwrap();
    let e = refused(&site);
    has(
        &e,
        &[
            "regions/zuiderland/index.md:4:14",
            "geen geldige UTF-8",
            "hulp: sla het bestand op als UTF-8",
        ],
    );
}

#[test]
fn invalid_utf8_in_site_yaml_is_explained() {
    let site = Site::fixture();
    let mut bytes = std::fs::read(site.content().join("site.yaml")).unwrap();
    bytes.extend_from_slice(b"footer: caf\xe9\n");
    std::fs::write(site.content().join("site.yaml"), bytes).unwrap();
    has(
        &refused(&site),
        &[
            "site.yaml:",
            "site.yaml is geen geldige UTF-8-tekst",
            "hulp:",
        ],
    );
}

#[test]
fn empty_file_is_explained() {
    let site = Site::fixture();
    site.write("content/pages/leeg.md", "");
    let e = refused(&site);
    has(
        &e,
        &["pages/leeg.md:1:1", "het bestand is leeg", "verwacht:"],
    );
    site.write("content/pages/leeg.md", "\n  \n");
    has(&refused(&site), &["het bestand is leeg"]);
}

#[test]
fn front_matter_never_closed_or_only_fences() {
    let site = Site::fixture();
    site.write(
        "content/pages/open.md",
        "---\ntitle: Open\n\nTekst zonder einde.\n",
    );
    has(
        &refused(&site),
        &[
            "pages/open.md:4:1",
            "worden niet afgesloten: hier lijkt de tekst te beginnen",
            "verwacht: ---",
        ],
    );
    site.write("content/pages/open.md", "---");
    has(
        &refused(&site),
        &[
            "pages/open.md:1:4",
            "onder het laatste veld een regel met alleen `---`",
        ],
    );
    // Two fences and nothing between them: a missing title, not a crash.
    site.write("content/pages/open.md", "---\n---\n");
    has(
        &refused(&site),
        &["pages/open.md:", "verplicht veld `title` ontbreekt"],
    );
}

#[test]
fn tab_in_indentation_is_named() {
    let site = Site::fixture();
    site.write(
        ZUIDERLAND,
        "---\ntitle: Zuiderland\ncovenant:\n\tkind: pact\n---\n",
    );
    has(
        &refused(&site),
        &[
            "regions/zuiderland/index.md:4:1",
            "er staat een tab in de inspringing",
            "hulp: vervang de tab door twee spaties",
        ],
    );
}

#[test]
fn yaml_alias_bomb_is_refused_quickly() {
    let site = Site::fixture();
    let mut yaml = String::from(
        "---\ntitle: Bom\nextra:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names: Vec<char> = "bcdefghi".chars().collect();
    let mut prev = 'a';
    for c in names {
        let refs = vec![format!("*{prev}"); 9].join(",");
        yaml.push_str(&format!("  {c}: &{c} [{refs}]\n"));
        prev = c;
    }
    yaml.push_str("---\n");
    site.write("content/regions/bom/index.md", &yaml);
    let t = Instant::now();
    let e = refused(&site);
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    has(
        &e,
        &[
            "regions/bom/index.md:5:",
            "verwijst te vaak naar ankers",
            "hulp: schrijf de waarden uit",
        ],
    );
}

#[test]
fn deep_nesting_is_bounded_with_a_message() {
    let site = Site::fixture();
    let deep = format!(
        "---\ntitle: Diep\nextra:\n  a: {}{}\n---\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    site.write("content/regions/diep/index.md", &deep);
    has(
        &refused(&site),
        &["regions/diep/index.md:4:", "te diep genest", "128 niveaus"],
    );
    let mut indented = String::from("---\ntitle: Diep\nextra:\n");
    for i in 0..300 {
        indented.push_str(&format!("{}k{i}:\n", "  ".repeat(i + 1)));
    }
    indented.push_str("---\n");
    site.write("content/regions/diep/index.md", &indented);
    has(&refused(&site), &["te diep genest"]);
}

/// Runs `draaiboek check` and returns its result and peak memory in KiB,
/// measured for that one process (not the other tests' children).
// The child is reaped by `wait4`, which std's `wait` cannot do: it would
// not return the child's own resource usage.
#[allow(clippy::zombie_processes)]
fn check_with_peak_memory(site: &Site) -> (Run, i64) {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_draaiboek"))
        .arg("check")
        .current_dir(site.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value; wait4 fills it for our own
    // child, which std has not waited for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (
        Run {
            code,
            stdout,
            stderr,
        },
        usage.ru_maxrss,
    )
}

#[test]
fn a_50_mb_markdown_file_is_refused_within_bounded_memory() {
    let site = Site::fixture();
    let path = site.path().join(ZUIDERLAND);
    let mut text = String::from("---\ntitle: Zuiderland\n---\n");
    let para = "Een regel tekst over uitstroom uit de beschermde woonvorm. ".repeat(16) + "\n\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&para);
    }
    let (_, baseline_kib) = check_with_peak_memory(&site);
    std::fs::write(&path, text).unwrap();
    let t = Instant::now();
    let (r, peak_kib) = check_with_peak_memory(&site);
    assert_eq!(r.code, 1, "{}", r.stderr);
    no_panic(&r);
    has(
        &r.stderr,
        &[
            "regions/zuiderland/index.md",
            "het bestand is 50,0 MB; draaiboek leest inhoudsbestanden tot 10 MB",
            "hulp: verdeel de tekst",
        ],
    );
    assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
    // The file is never read: no more memory than checking the site
    // without it (which renders every page), give or take.
    assert!(
        peak_kib < baseline_kib + 16 * 1024,
        "peak memory {peak_kib} KiB, {baseline_kib} KiB without the file"
    );
}

#[test]
fn ten_thousand_nested_lists_and_blockquotes_render_quickly() {
    let site = Site::fixture();
    let depth = 10_000;
    let body = format!(
        "{}diep\n\n{}lijst\n\n{}x{}\n\n[{}a{}](/over/)\n\n*{}nadruk{}*\n",
        "> ".repeat(depth),
        "- ".repeat(depth),
        "![".repeat(depth),
        "](/over/)".repeat(depth),
        "[".repeat(depth),
        "]".repeat(depth),
        "*_".repeat(depth / 2),
        "_*".repeat(depth / 2),
    );
    site.write(
        ZUIDERLAND,
        &format!("---\ntitle: Zuiderland\nprogramme: thuisprogramma\n---\n{body}"),
    );
    let t = Instant::now();
    let r = site.run(&["build"]);
    let took = t.elapsed();
    no_panic(&r);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A debug build on a busy CI core; quadratic work would take minutes.
    assert!(took < Duration::from_secs(20), "took {took:?}");
    let page = site.page("regio/zuiderland/");
    assert!(page.matches("<blockquote>").count() >= depth);
    assert!(page.matches("<ul>").count() >= depth);
}

#[test]
fn wrong_types_say_what_was_expected() {
    let site = Site::fixture();
    site.write(ZUIDERLAND, &zuiderland_with("  homes_per_year: veel"));
    has(
        &refused(&site),
        &[
            "regions/zuiderland/index.md:8:19",
            "verkeerd soort waarde voor `covenant.homes_per_year`: `veel`",
            "verwacht: een geheel getal van 0 tot en met 100000",
        ],
    );
    site.write(ZUIDERLAND, &zuiderland_with("  signatories: [1, 2]"));
    has(
        &refused(&site),
        &["verkeerd soort waarde voor `covenant.signatories`: een lijst"],
    );
    site.write(ZUIDERLAND, "---\ntitle: [Zuiderland]\n---\n");
    has(
        &refused(&site),
        &[
            "verkeerd soort waarde voor `title`: een lijst",
            "verwacht: tekst",
        ],
    );
}

#[test]
fn numbers_out_of_range_name_the_range() {
    let site = Site::fixture();
    for (line, range) in [
        (
            "  homes_per_year: -5",
            "-5 valt buiten het bereik 0 tot en met 100000",
        ),
        (
            "  homes_per_year: 2000000",
            "2000000 valt buiten het bereik 0 tot en met 100000",
        ),
        (
            "  signatories: 0",
            "0 valt buiten het bereik 1 tot en met 1000",
        ),
        (
            "  term_years: 500",
            "500 valt buiten het bereik 0,1 tot en met 100",
        ),
        (
            "  term_years: 99999999999999999999",
            "valt buiten het bereik 0,1 tot en met 100",
        ),
    ] {
        site.write(ZUIDERLAND, &zuiderland_with(line));
        let e = refused(&site);
        has(
            &e,
            &[
                "regions/zuiderland/index.md:8:",
                range,
                // Whole numbers, or with decimals where the range has them
                // (a term of 2.5 years).
                if range.contains(',') {
                    "verwacht: een getal van"
                } else {
                    "verwacht: een geheel getal van"
                },
                "hulp:",
            ],
        );
    }
    // Orders are plain integers: too large for one is named, not a date.
    site.write(
        "content/themes/implementatie.md",
        "---\ntitle: Implementatie\ndefinition: x\norder: 99999999999\n---\n",
    );
    let e = refused(&site);
    has(
        &e,
        &[
            "themes/implementatie.md:4:8",
            "ongeldige waarde voor `order`",
        ],
    );
    assert!(!e.contains("datum"), "{e}");
}

#[test]
fn impossible_date_is_explained() {
    let site = Site::fixture();
    site.write(ZUIDERLAND, &zuiderland_with("  signed: 2020-13-40"));
    has(
        &refused(&site),
        &[
            "regions/zuiderland/index.md:8:11",
            "maand 13 bestaat niet",
            // Never the form just refused (`2020-10-07`).
            "verwacht: een datum als 2020, oktober 2020, 2020-10, 7 oktober 2020, 7-10-2020 of 13 juni\n",
            "hulp: de vorm klopt; controleer dag, maand en jaar in de bron",
        ],
    );
    site.write(ZUIDERLAND, &zuiderland_with("  signed: 2021-02-29"));
    has(&refused(&site), &["dag 29 bestaat niet in die maand"]);
}

#[test]
fn names_differing_in_case_or_accents_are_refused_with_the_slug() {
    let site = Site::fixture();
    let region = |title: &str| format!("---\ntitle: {title}\n---\n");
    site.write("content/regions/zeeland/index.md", &region("Zeeland"));
    site.write("content/regions/Zeeland/index.md", &region("Zeeland 2"));
    site.write("content/regions/fryslan/index.md", &region("Fryslan"));
    site.write("content/regions/fryslân/index.md", &region("Fryslân"));
    site.write("content/regions/Groot Amsterdam/index.md", &region("Groot"));
    let e = refused(&site);
    has(
        &e,
        &[
            "`Zeeland` is geen geldige naam voor een adres",
            "`zeeland` is al in gebruik door regions/zeeland/",
            "`fryslân` is geen geldige naam voor een adres",
            "`fryslan` is al in gebruik door regions/fryslan/",
            "`Groot Amsterdam` is geen geldige naam",
            "hernoem de map naar `groot-amsterdam`",
            "3 fouten gevonden",
        ],
    );
}

#[test]
fn file_names_with_spaces_capitals_or_accents_get_the_slug() {
    let site = Site::fixture();
    site.write("content/pages/Over Ons.md", "---\ntitle: Over ons\n---\n");
    site.write(
        "content/partners/Één.md",
        "---\ntitle: Eén\nkind: welzijn\n---\n",
    );
    site.write("content/regions/noorderkwartier/Pact Getekend.PDF", "%PDF");
    let e = refused(&site);
    has(
        &e,
        &[
            "pages/Over Ons.md",
            "hernoem het bestand naar `over-ons`",
            "partners/Één.md",
            "hernoem het bestand naar `een`",
            "`Pact Getekend.PDF` is geen geldige naam voor een bijlage",
            "hernoem het bestand naar `pact-getekend.pdf`",
        ],
    );
}

#[test]
fn two_pages_may_not_write_the_same_address() {
    let site = Site::fixture();
    // A free page on a generated section.
    site.write("content/pages/vergelijk.md", "---\ntitle: Vergelijk\n---\n");
    has(
        &refused(&site),
        &[
            "pages/vergelijk.md",
            "het adres /vergelijk/ is al in gebruik door de site zelf",
        ],
    );
    std::fs::remove_file(site.content().join("pages/vergelijk.md")).unwrap();
    // Two regions claiming the same old address, one an existing page.
    site.write(
        ZUIDERLAND,
        "---\ntitle: Zuiderland\naliases: [/regio/oud/]\n---\n",
    );
    site.write(
        "content/regions/oost/index.md",
        "---\ntitle: Oost\naliases: [/regio/oud/, /over/]\n---\n",
    );
    let e = refused(&site);
    has(
        &e,
        &[
            "het oude adres `/regio/oud/` is al in gebruik",
            "het oude adres `/over/` is al in gebruik",
        ],
    );
}

#[test]
fn an_old_address_may_not_turn_a_file_of_the_site_into_a_folder() {
    // Found while writing these tests: the write stage failed with "File
    // exists" instead of a message at the alias.
    let site = Site::fixture();
    site.write(
        ZUIDERLAND,
        "---\ntitle: Zuiderland\naliases: [/feed.xml/, /static/favicon.svg, /regio/noorderkwartier/pact.pdf/oud/, /zoeken/oud/]\n---\n",
    );
    let e = refused(&site);
    has(
        &e,
        &[
            "regions/zuiderland/index.md:3:11",
            "het oude adres `/feed.xml/` botst met het bestand `/feed.xml` van de site",
            "`/static/favicon.svg` botst met het bestand `/static/favicon.svg`",
            "`/regio/noorderkwartier/pact.pdf/oud/` botst met het bestand `/regio/noorderkwartier/pact.pdf`",
            "hulp: verwijder dit adres uit `aliases:`",
            "3 fouten gevonden",
        ],
    );
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let site = Site::fixture();
    site.write(
        "themes/default/templates/partner.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ partner.title }}</h1>\n{% if partner.website %}\n<p>x</p>\n{% endblock content %}\n",
    );
    has(
        &refused(&site),
        &[
            "themes/default/templates/partner.html:6:",
            "template kan niet gelezen worden",
        ],
    );
    site.write(
        "themes/default/templates/partner.html",
        "{% extends \"base.html\" %}\n{% block content %}\n\n<h1>{{ partner.titel }}</h1>\n{% endblock content %}\n",
    );
    has(
        &refused(&site),
        &["themes/default/templates/partner.html:4:8", "partner.titel"],
    );
    // In a parent template, that template is named, not the page's own.
    std::fs::remove_file(site.path().join("themes/default/templates/partner.html")).unwrap();
    std::fs::copy(
        common::repo().join("themes/default/templates/partner.html"),
        site.path().join("themes/default/templates/partner.html"),
    )
    .unwrap();
    let base = site.path().join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("og:site_name"))
        .unwrap()
        + 1;
    std::fs::write(
        &base,
        text.replacen(
            "<meta property=\"og:site_name\" content=\"{{ site.title }}\">",
            "<meta property=\"og:site_name\" content=\"{{ site.titel }}\">",
            1,
        ),
    )
    .unwrap();
    let e = refused(&site);
    has(
        &e,
        &[
            &format!("themes/default/templates/base.html:{line}:"),
            "site.titel",
        ],
    );
}

#[test]
fn absurd_numbers_in_extra_fields_do_not_crash_the_comparison() {
    // Found while writing these tests: `-.inf` in a number column
    // overflowed an integer while formatting.
    let site = Site::fixture();
    let yaml = std::fs::read_to_string(site.content().join("site.yaml")).unwrap();
    site.write(
        "content/site.yaml",
        &format!("{yaml}compare:\n  columns:\n    - {{ field: extra.x, label: X, format: number }}\n    - {{ field: derived.homes_per_10000, label: Per 10.000 }}\n"),
    );
    let region =
        std::fs::read_to_string(site.content().join("regions/noorderkwartier/index.md")).unwrap();
    for v in ["-.inf", ".inf", ".nan", "-1e300", "1e300", "1e-300", "-0.0"] {
        site.write(
            "content/regions/noorderkwartier/index.md",
            &region.replacen(
                "aliases:",
                &format!("extra: {{ x: {v}, inhabitants: {v} }}\naliases:"),
                1,
            ),
        );
        let r = site.run(&["build"]);
        no_panic(&r);
        assert_eq!(r.code, 0, "{v}: {}", r.stderr);
    }
}

#[test]
fn control_characters_and_odd_yaml_shapes_are_explained() {
    let site = Site::fixture();
    site.write("content/pages/nul.md", "---\ntitle: \"a\0b\"\n---\nx\0y\n");
    has(
        &refused(&site),
        &[
            "pages/nul.md:2:10",
            "onzichtbaar stuurteken",
            "verwijder het",
        ],
    );
    site.write("content/pages/nul.md", "---\n- a\n- b\n---\n");
    let e = refused(&site);
    has(
        &e,
        &[
            "pages/nul.md:2:1",
            "verkeerd soort waarde voor de front matter: een lijst",
            "`veld: waarde` op eigen regels",
        ],
    );
    assert!(!e.contains("PageMeta"), "no Rust type names:\n{e}");
    // YAML tags and merge keys are read, not a crash.
    site.write(
        "content/pages/nul.md",
        "---\ntitle: !!str Over\nextra:\n  base: &b {a: 1}\n  m:\n    <<: *b\n---\n",
    );
    let r = site.run(&["check"]);
    no_panic(&r);
    assert_eq!(r.code, 0, "{}", r.stderr);
}
