//! The editors' guide (`docs/redactie.md`) agrees with the program: every
//! field of the model is in its table and no table names a field the model
//! does not have; every command and flag the guide names exists; and the
//! quick start stays short.

mod common;

use draaiboek::base::model::*;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet};

fn guide() -> String {
    std::fs::read_to_string(common::repo().join("docs/redactie.md")).unwrap()
}

/// The fields a type accepts, from the model itself.
fn fields<T: DeserializeOwned>() -> BTreeSet<String> {
    let names = field_names::<T>();
    assert!(!names.is_empty(), "every model type refuses unknown fields");
    names.into_iter().collect()
}

/// The field tables of the guide (a table whose head starts with
/// `| veld`), by the heading above them: the first column's names, a
/// nested field written as `menu` → `title`.
fn tables(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut heading = String::new();
    let mut in_table = false;
    let mut fence = false;
    for line in text.lines() {
        if line.starts_with("```") {
            fence = !fence;
        }
        if fence {
            continue;
        }
        if line.starts_with('#') {
            heading = line.trim_start_matches('#').trim().to_string();
            in_table = false;
            continue;
        }
        if line.starts_with("| veld") {
            in_table = true;
            continue;
        }
        if !line.starts_with('|') {
            in_table = false;
            continue;
        }
        if in_table && !line.starts_with("|---") {
            let first = line.split('|').nth(1).unwrap_or("").trim();
            let path: Vec<&str> = first.split('`').skip(1).step_by(2).collect();
            out.entry(heading.clone())
                .or_default()
                .insert(path.join(" > "));
        }
    }
    out
}

/// The names in the tables under headings that start with `prefix`,
/// keeping only the part after `nested > ` when given.
fn listed(
    tables: &BTreeMap<String, BTreeSet<String>>,
    headings: &[&str],
    nested: Option<&str>,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (h, names) in tables {
        if !headings.iter().any(|p| h.starts_with(p)) {
            continue;
        }
        for n in names {
            match (nested, n.rsplit_once(" > ")) {
                (Some(prefix), Some((head, last))) if head == prefix => {
                    out.insert(last.to_string());
                }
                (None, None) => {
                    out.insert(n.clone());
                }
                _ => {}
            }
        }
    }
    out
}

/// What is checked, the headings its table sits under, the nested path
/// (`menu`) if any, and the fields of the model.
type Case = (
    &'static str,
    &'static [&'static str],
    Option<&'static str>,
    BTreeSet<String>,
);

#[test]
fn every_field_of_the_model_is_in_the_guide_and_no_other() {
    let text = guide();
    let t = tables(&text);
    let mut step_or_element = fields::<StepMeta>();
    step_or_element.extend(fields::<ElementMeta>());
    let cases: Vec<Case> = vec![
        ("site.yaml", &["3.1 "], None, fields::<SiteConfig>()),
        (
            "site.yaml menu",
            &["3.1 "],
            Some("menu"),
            fields::<MenuItem>(),
        ),
        (
            "site.yaml admin",
            &["3.1 "],
            Some("admin"),
            fields::<AdminConfig>(),
        ),
        (
            "site.yaml compare",
            &["3.1 "],
            Some("compare"),
            fields::<CompareConfig>(),
        ),
        (
            "site.yaml compare columns",
            &["3.1 "],
            Some("compare > columns"),
            fields::<CompareColumn>(),
        ),
        (
            "regio",
            &["De velden bovenaan"],
            None,
            fields::<RegionMeta>(),
        ),
        (
            "covenant en earlier",
            &["covenant:", "earlier:"],
            None,
            fields::<Covenant>(),
        ),
        (
            "partners in een regio",
            &["partners:"],
            None,
            fields::<PartnerRef>(),
        ),
        (
            "principles en agreements",
            &["principles en agreements"],
            None,
            fields::<Statement>(),
        ),
        ("process", &["process:"], None, fields::<ProcessEntry>()),
        ("lessons", &["lessons:"], None, fields::<Lesson>()),
        ("sources", &["sources:"], None, fields::<Source>()),
        ("partner", &["3.3 "], None, fields::<PartnerMeta>()),
        ("thema", &["3.4 "], None, fields::<ThemeMeta>()),
        ("stap en onderdeel", &["3.5 "], None, step_or_element),
        ("programma", &["3.6 "], None, fields::<ProgrammeMeta>()),
        ("fase", &["3.6 "], Some("phases"), fields::<Phase>()),
        ("pagina", &["3.7 "], None, fields::<PageMeta>()),
    ];
    let mut wrong = Vec::new();
    for (what, headings, nested, model) in cases {
        let guide = listed(&t, headings, nested);
        let missing: Vec<_> = model.difference(&guide).collect();
        let unknown: Vec<_> = guide.difference(&model).collect();
        if !missing.is_empty() {
            wrong.push(format!("{what}: niet in de gids: {missing:?}"));
        }
        if !unknown.is_empty() {
            wrong.push(format!("{what}: niet in het model: {unknown:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every field written in the guide's YAML and Markdown examples is a
/// field of the model (an editor copies examples), except under `extra:`,
/// where editors name their own.
#[test]
fn every_field_in_the_guides_examples_exists() {
    let mut known = BTreeSet::new();
    for f in [
        fields::<SiteConfig>(),
        fields::<MenuItem>(),
        fields::<AdminConfig>(),
        fields::<CompareConfig>(),
        fields::<CompareColumn>(),
        fields::<RegionMeta>(),
        fields::<Covenant>(),
        fields::<PartnerRef>(),
        fields::<Statement>(),
        fields::<ProcessEntry>(),
        fields::<Lesson>(),
        fields::<Source>(),
        fields::<PartnerMeta>(),
        fields::<ThemeMeta>(),
        fields::<StepMeta>(),
        fields::<ElementMeta>(),
        fields::<ProgrammeMeta>(),
        fields::<Phase>(),
        fields::<PageMeta>(),
    ] {
        known.extend(f);
    }
    let text = guide();
    let mut block: Option<&str> = None;
    let mut extra_indent: Option<usize> = None;
    let mut wrong = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if let Some(lang) = line.strip_prefix("```") {
            block = match block {
                None => Some(lang),
                Some(_) => None,
            };
            extra_indent = None;
            continue;
        }
        if !matches!(block, Some("yaml" | "markdown")) {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if extra_indent.is_some_and(|e| indent > e) {
            continue;
        }
        extra_indent = None;
        let t = line.trim_start();
        let t = t.strip_prefix("- ").unwrap_or(t);
        let t = t.strip_prefix("{ ").unwrap_or(t);
        let Some((key, _)) = t.split_once(':') else {
            continue;
        };
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            continue;
        }
        if key == "extra" {
            extra_indent = Some(indent);
        }
        if !known.contains(key) {
            wrong.push(format!("regel {}: `{key}`", n + 1));
        }
    }
    assert!(
        wrong.is_empty(),
        "velden die het model niet kent:\n{}",
        wrong.join("\n")
    );
}

/// Every `draaiboek ...` the guide shows, with the subcommand's own
/// `--help`: the subcommand exists and knows every flag written after it.
#[test]
fn every_command_and_flag_the_guide_names_exists() {
    let text = guide();
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for line in text.lines() {
        for start in line
            .match_indices("draaiboek ")
            .map(|(i, _)| i + "draaiboek ".len())
        {
            // Only commands in code: inside backticks or a code block line.
            let before = &line[..start - "draaiboek ".len()];
            let in_code = before.matches('`').count() % 2 == 1 || line.starts_with("$ ");
            if !in_code {
                continue;
            }
            let rest = &line[start..];
            let command = rest.split('`').next().unwrap_or(rest);
            let words: Vec<&str> = command.split_whitespace().collect();
            let Some(&sub) = words.first() else { continue };
            if !sub.chars().all(|c| c.is_ascii_lowercase()) {
                continue;
            }
            let mut path = vec![sub];
            if sub == "new"
                && let Some(what) = words.get(1)
                && what.chars().all(|c| c.is_ascii_lowercase())
            {
                path.push(what);
            }
            let mut args = path.clone();
            args.push("--help");
            let r = common::run_in(dir.path(), &args);
            checked += 1;
            if r.code != 0 {
                wrong.push(format!("`draaiboek {}` bestaat niet", path.join(" ")));
                continue;
            }
            for flag in words.iter().filter(|w| w.starts_with("--")) {
                let flag = flag.split('=').next().unwrap_or(flag);
                if !r.stdout.contains(&format!("{flag} "))
                    && !r.stdout.contains(&format!("{flag}\n"))
                {
                    wrong.push(format!("`draaiboek {}` kent `{flag}` niet", path.join(" ")));
                }
            }
        }
    }
    assert!(checked >= 10, "only {checked} commands found");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The guide starts with a quick start of at most 150 lines that adds a
/// region with `serve` in ten numbered steps, and names nothing that was
/// replaced: no separate web server, no "does not exist yet".
#[test]
fn the_guide_starts_with_a_short_quick_start_and_has_no_stale_text() {
    let text = guide();
    let start = text
        .find("\n## Snel aan de slag")
        .expect("a chapter \"Snel aan de slag\"");
    let rest = &text[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    let quick = &rest[..end];
    let lines = quick.lines().count();
    assert!(lines <= 150, "the quick start has {lines} lines");
    assert!(
        quick.contains("draaiboek serve"),
        "the quick start uses serve"
    );
    for n in 1..=10 {
        assert!(
            quick.contains(&format!("\n### Stap {n}.")),
            "step {n} in the quick start"
        );
    }
    for stale in [
        "http.server",
        "bestaat nog niet",
        "bestaan nog niet",
        "build --drafts",
    ] {
        assert!(!text.contains(stale), "the guide still says {stale:?}");
    }
    for needed in [
        "check --drafts",
        "check --update-urls",
        "published-urls.txt",
        "new partner",
        "new theme",
        "new step",
        "new element",
        "new page",
        "new programme",
    ] {
        assert!(
            text.contains(needed),
            "the guide does not explain {needed:?}"
        );
    }
}
