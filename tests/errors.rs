//! Broken sites: every mistake gives a message an editor can act on, all
//! mistakes of a run are reported together, and nothing is lost.

mod common;

use common::{Site, run_in};
use std::fs;

/// Builds the broken site, expects exit 1, and returns stderr.
fn fails(name: &str) -> String {
    let site = Site::broken(name);
    let r = site.run(&["build"]);
    assert_eq!(
        r.code, 1,
        "{name} should fail with exit 1:\n{}{}",
        r.stdout, r.stderr
    );
    assert!(!site.output().exists(), "{name}: nothing may be written");
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1, "{name}: check finds the same problem");
    assert_eq!(
        check
            .stderr
            .lines()
            .filter(|l| l.starts_with("error"))
            .count(),
        r.stderr.lines().filter(|l| l.starts_with("error")).count()
    );
    r.stderr
}

fn has(stderr: &str, needles: &[&str]) {
    for n in needles {
        assert!(stderr.contains(n), "missing {n:?} in:\n{stderr}");
    }
}

#[test]
fn broken_yaml_names_file_line_and_column() {
    let e = fails("yaml-syntax");
    has(
        &e,
        &[
            "regions/zuiderland/index.md:",
            "YAML kan niet gelezen worden",
            "hulp:",
            "1 fout gevonden",
        ],
    );
    // The line number points into the front matter, counted in the file.
    let loc = e.split("regions/zuiderland/index.md:").nth(1).unwrap();
    let line: usize = loc.split(':').next().unwrap().parse().unwrap();
    assert!((3..=5).contains(&line), "line {line} in:\n{e}");
    assert!(
        e.contains(" │ ") && e.contains('^'),
        "source line with a caret:\n{e}"
    );
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let e = fails("unknown-key");
    has(
        &e,
        &[
            "partners/woonhuis.md:4:1",
            "onbekend veld `websit`",
            "bedoelde je `website`?",
            "verwacht: een van `title`, `kind`, `website`",
        ],
    );
}

#[test]
fn unknown_value_suggests_the_right_one() {
    let e = fails("unknown-value");
    has(
        &e,
        &[
            "partners/woonhuis.md:3:7",
            "onbekende waarde `woningcorportie`",
            "bedoelde je `woningcorporatie`?",
        ],
    );
}

#[test]
fn dangling_partner_names_file_and_line() {
    let e = fails("dangling-partner");
    has(
        &e,
        &[
            "regions/zuiderland/index.md:5:11",
            "onbekende partner `woonhuiss`",
            "bedoelde je `woonhuis`?",
        ],
    );
}

#[test]
fn missing_attachment_is_an_error_with_suggestion() {
    let e = fails("missing-attachment");
    has(
        &e,
        &[
            "regions/zuiderland/index.md:5:13",
            "bijlage `pakt.pdf` bestaat niet",
            "bedoelde je `pact.pdf`?",
        ],
    );
}

#[test]
fn impossible_date_is_explained() {
    let e = fails("bad-date");
    has(
        &e,
        &[
            "regions/zuiderland/index.md:4:11",
            "`covenant.signed`",
            "maand 13 bestaat niet",
            "2020-10",
        ],
    );
}

#[test]
fn unknown_theme_reference() {
    let e = fails("unknown-theme");
    has(
        &e,
        &[
            "regions/zuiderland/index.md:6:14",
            "onbekend thema `implementatei`",
            "bedoelde je `implementatie`?",
        ],
    );
}

#[test]
fn missing_required_field() {
    let e = fails("missing-field");
    has(
        &e,
        &[
            "partners/gemeente-aastad.md:",
            "verplicht veld `kind` ontbreekt",
        ],
    );
}

#[test]
fn file_without_front_matter() {
    let e = fails("no-front-matter");
    has(
        &e,
        &["pages/over.md:1:1", "de eerste regel moet `---` zijn"],
    );
}

#[test]
fn template_syntax_error_points_into_the_template() {
    let e = fails("broken-template");
    has(
        &e,
        &[
            "themes/default/templates/partner.html:",
            "template kan niet gelezen worden",
        ],
    );
}

#[test]
fn template_with_unknown_variable_names_it() {
    let e = fails("template-variable");
    has(
        &e,
        &["themes/default/templates/partner.html:3:", "partner.titel"],
    );
}

#[test]
fn all_errors_of_a_run_are_reported_together_sorted_by_file() {
    let e = fails("several-errors");
    has(
        &e,
        &[
            "3 fouten gevonden",
            "onbekend veld `knd`",
            "onbekende partner `onbekende-partner`",
            "verplicht veld `definition` ontbreekt",
        ],
    );
    let a = e.find("partners/woonhuis.md").unwrap();
    let b = e.find("regions/zuiderland/index.md").unwrap();
    let c = e.find("themes/implementatie.md").unwrap();
    assert!(a < b && b < c, "sorted by file:\n{e}");
}

#[test]
fn failed_build_leaves_the_previous_output_byte_for_byte_intact() {
    let site = Site::fixture();
    site.build();
    let before = snapshot(&site.output());
    assert!(before.len() > 10);
    site.write(
        "content/partners/woonhuis.md",
        "---\ntitle: Woonhuis\nkind: [\n---\n",
    );
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("niet aangeraakt"), "{}", r.stderr);
    assert_eq!(snapshot(&site.output()), before);
    // No temporary folders are left next to it; the cache folder beside
    // the content is the build's own.
    let leftovers: Vec<_> = fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().starts_with('.') && n != ".draaiboek")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn dangerous_output_directories_are_refused() {
    let site = Site::fixture();
    let home = tempfile::tempdir().unwrap();
    fs::write(home.path().join("keep.txt"), "mine").unwrap();
    let content_before = snapshot(&site.content());
    let cases: Vec<(String, &str)> = vec![
        ("content".into(), "inhoudsmap"),
        (".".into(), "map waarin je nu werkt"),
        ("/".into(), "hoofdmap van het systeem"),
        ("content/pages".into(), "binnen de inhoudsmap"),
    ];
    for (out, why) in cases {
        let r = site.run(&["build", "--output", &out]);
        assert_eq!(r.code, 1, "--output {out} must be refused");
        assert!(
            r.stderr.contains("weigering") && r.stderr.contains(why),
            "{out}: {}",
            r.stderr
        );
    }
    // The home folder, however it is reached.
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_draaiboek"))
        .args(["build", "--output"])
        .arg(home.path())
        .current_dir(site.path())
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("thuismap"));
    assert_eq!(
        fs::read_to_string(home.path().join("keep.txt")).unwrap(),
        "mine"
    );
    // A project root (it holds Cargo.toml).
    let proj = tempfile::tempdir().unwrap();
    fs::write(proj.path().join("Cargo.toml"), "[package]").unwrap();
    let r = site.run(&["build", "--output", proj.path().to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("projectmap"), "{}", r.stderr);
    assert!(proj.path().join("Cargo.toml").exists());
    assert_eq!(snapshot(&site.content()), content_before);
}

#[test]
fn usage_errors_exit_2_and_help_exists_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["build", "--help"],
        vec!["check", "--help"],
        vec!["new", "--help"],
        vec!["new", "region", "--help"],
        vec!["new", "partner", "--help"],
        vec!["new", "theme", "--help"],
        vec!["new", "step", "--help"],
        vec!["new", "element", "--help"],
        vec!["new", "page", "--help"],
        vec!["new", "programme", "--help"],
    ] {
        let r = run_in(dir.path(), &args);
        assert_eq!(r.code, 0, "{args:?}");
        assert!(r.stdout.contains("Usage"), "{args:?}: {}", r.stdout);
    }
    for args in [
        vec!["bouw"],
        vec!["build", "--onbekend"],
        vec!["build", "--base-url", "example.org"],
        vec!["new", "region", "Niet Goed"],
    ] {
        let r = run_in(dir.path(), &args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    }
}

#[test]
fn missing_site_yaml_is_a_content_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("content")).unwrap();
    let r = run_in(dir.path(), &["build"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("site.yaml"), "{}", r.stderr);
}

#[test]
fn broken_internal_link_is_found_with_a_suggestion() {
    let e = fails("broken-link");
    has(
        &e,
        &[
            "pages/over.md:4:29",
            "link naar `/regio/noorderkwartir/`: die pagina bestaat niet",
            "bedoelde je `/regio/noorderkwartier/`?",
        ],
    );
    let e = fails("broken-link-no-slash");
    has(&e, &["pages/over.md:5:10", "bedoelde je `/lessen/`?"]);
}

/// A broken link in a paragraph of thousands of characters on one line:
/// the message quotes a window around the link, not the whole line, and
/// still names the column in the whole line.
#[test]
fn a_problem_on_a_very_long_line_is_quoted_as_a_window() {
    let site = Site::fixture();
    let page = site.content().join("pages/over.md");
    let mut text = fs::read_to_string(&page).unwrap();
    let before = "Een lange alinea zonder regeleinden. ".repeat(120);
    text.push_str(&format!(
        "\n{before}Zie [de kaart](/regio/onbekend/) voor meer.{}\n",
        " Nog meer tekst.".repeat(200)
    ));
    fs::write(&page, &text).unwrap();
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let line = text.lines().count();
    let col = before.chars().count() + "Zie [de kaart](".len() + 1;
    has(
        &r.stderr,
        &[
            &format!("pages/over.md:{line}:{col}"),
            "link naar `/regio/onbekend/`: die pagina bestaat niet",
        ],
    );
    let widest = r.stderr.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest < 200, "a line of {widest} characters:\n{}", r.stderr);
    assert!(r.stderr.contains("…"), "{}", r.stderr);
}

#[test]
fn an_alias_may_not_replace_an_existing_page() {
    let e = fails("alias-taken");
    has(
        &e,
        &[
            "partners/woonhuis.md:4:11",
            "het oude adres `/regio/zuiderland/` is al in gebruik",
        ],
    );
}

#[test]
fn list_positions_count_from_one_and_duplicates_are_named() {
    let site = Site::fixture();
    site.write("content/pages/dubbel.md", "---\ntitle: a\ntitle: b\n---\n");
    site.write("content/regions/zuiderland/index.md", "---\ntitle: Zuiderland\npartners:\n  - { id: woonhuis }\n  - { id: woonhuis, rol: x }\n---\n");
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        &[
            "het veld `title` staat twee keer",
            "onbekend veld `rol` in `partners[2]`",
        ],
    );
}

#[test]
fn unknown_step_is_an_error_with_suggestion() {
    let e = fails("unknown-step");
    has(
        &e,
        &[
            "regions/zuiderland/index.md:4:25",
            "onbekende stap `ondertekenin`",
            "bedoelde je `ondertekening`?",
        ],
    );
}

#[test]
fn broken_anchor_and_content_link_are_found() {
    let e = fails("broken-anchor");
    has(
        &e,
        &[
            "pages/over.md:5:13",
            "anker `#aanleidng` bestaat niet op /regio/noorderkwartier/",
            "bedoelde je `aanleiding`?",
            "1 fout gevonden",
        ],
    );
    let e = fails("broken-content-link");
    has(
        &e,
        &[
            "pages/over.md:5:66",
            "link naar `/partners/woonhuiss/`: die pagina bestaat niet",
            "1 fout gevonden",
        ],
    );
}

#[test]
fn a_published_url_may_not_disappear_without_an_alias() {
    let site = Site::fixture();
    let r = site.run(&["check", "--update-urls"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let manifest = fs::read_to_string(site.content().join("published-urls.txt")).unwrap();
    assert!(
        manifest.contains("\n/regio/zuiderland/\n")
            && manifest.contains("\n/regio/noorderkwartier/pact.pdf\n")
    );
    assert!(site.run(&["check"]).code == 0);
    // The region is renamed without an alias: the old address is named.
    fs::rename(
        site.content().join("regions/zuiderland"),
        site.content().join("regions/zuid"),
    )
    .unwrap();
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1);
    let line = manifest
        .lines()
        .position(|l| l == "/regio/zuiderland/")
        .unwrap()
        + 1;
    has(
        &r.stderr,
        &[
            &format!("published-urls.txt:{line}:1"),
            "het gepubliceerde adres `/regio/zuiderland/` bestaat niet meer",
            "aliases:",
        ],
    );
    assert_eq!(site.run(&["build"]).code, 1, "build refuses too");
    // With an alias the old address keeps working, and the check passes.
    let p = site.content().join("regions/zuid/index.md");
    let text = fs::read_to_string(&p).unwrap().replacen(
        "title: Zuiderland",
        "title: Zuiderland\naliases: [/regio/zuiderland/]",
        1,
    );
    fs::write(&p, text).unwrap();
    let r = site.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    site.build();
    assert!(site.page("regio/zuiderland/").contains("url=/regio/zuid/"));
    assert!(
        site.page("published-urls.txt").contains("/regio/zuid/"),
        "the build writes its manifest"
    );
}

/// Every broken site of `tests/fixtures/broken/` gives exactly the message
/// in its `expected.txt`, whole: file, line, column, the quoted line, what
/// was expected and the suggestion. `DRAAIBOEK_UPDATE_EXPECTED=1` writes
/// the files anew (read the diff: it is what an editor will see).
#[test]
fn every_broken_site_gives_exactly_its_expected_message() {
    let dir = common::fixtures().join("broken");
    let update = std::env::var_os("DRAAIBOEK_UPDATE_EXPECTED").is_some();
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "{cases:?}");
    let mut wrong = Vec::new();
    for name in cases {
        let stderr = fails(&name);
        let file = dir.join(&name).join("expected.txt");
        if update {
            fs::write(&file, &stderr).unwrap();
            continue;
        }
        let expected =
            fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if expected != stderr {
            wrong.push(format!("== {name}: expected\n{expected}\n== got\n{stderr}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A number as editors write it where a whole number belongs: the message
/// quotes what they wrote (never serde's "floating point `1.0`") and says
/// how to write it.
#[test]
fn a_number_written_the_dutch_way_or_with_a_unit_gets_its_fix() {
    let site = Site::fixture();
    for (written, hint) in [
        ("1.000", "schrijf 1000 zonder punt"),
        ("12.500", "schrijf 12500 zonder punt"),
        ("2.5", "een geheel getal, zonder decimalen"),
        ("100 woningen", "alleen het getal, zonder eenheid: `100`"),
        ("5%", "een aandeel schrijf je als `homes_share_percent: 5`"),
        (".nan", "`.nan` is geen getal"),
    ] {
        site.write(
            "content/regions/zuiderland/index.md",
            &format!(
                "---\ntitle: Zuiderland\ncovenant:\n  homes_per_year: {written}\nsources:\n  - {{ title: B, url: \"https://b.example.org/\" }}\n---\nTekst.\n"
            ),
        );
        let r = site.run(&["check"]);
        assert_eq!(r.code, 1, "{written}");
        has(
            &r.stderr,
            &[
                &format!("verkeerd soort waarde voor `covenant.homes_per_year`: `{written}`"),
                "regions/zuiderland/index.md:4:19",
                hint,
            ],
        );
        assert!(!r.stderr.contains("floating point"), "{}", r.stderr);
    }
}

/// A link to a page a draft would have is told "still a draft"; a link to
/// a page the draft would never have (a covenant page without a covenant)
/// is told it does not exist.
#[test]
fn a_link_to_a_draft_says_draft_only_for_pages_the_draft_would_have() {
    let site = Site::broken("link-to-a-draft");
    let r = site.run(&["build"]);
    assert!(
        r.stderr.contains("staat nog op `draft: true`"),
        "{}",
        r.stderr
    );
    let region = site.content().join("regions/westerland/index.md");
    let text = fs::read_to_string(&region).unwrap();
    let without = text.replace("covenant:\n  kind: pact\n  status: preparing\n", "");
    assert_ne!(without, text);
    fs::write(&region, without).unwrap();
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1);
    assert!(!r.stderr.contains("draft: true"), "{}", r.stderr);
    assert!(r.stderr.contains("die pagina bestaat niet"), "{}", r.stderr);
}
