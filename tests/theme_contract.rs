//! `docs/thema.md` is the contract with theme authors: what every template
//! receives. It is checked against the code both ways, so it cannot drift:
//! every field of a view struct (`src/render/views/`) is named in it, and
//! every name it gives a template is a field or a value the render puts in
//! a template's context.

mod common;

use std::collections::BTreeSet;

/// The `pub` fields of the view structs.
fn view_fields() -> BTreeSet<String> {
    let views: String = walkdir::WalkDir::new(common::repo().join("src/render/views"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    views
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub "))
        .filter_map(|l| l.split_once(':').map(|(name, _)| name.trim()))
        .filter(|name| is_name(name))
        .map(str::to_string)
        .collect()
}

/// The names the render puts in a template's context beside the views:
/// `("name", template_value(..))`, `("name", Ok(..))` and
/// `insert("name", ..)` / `insert_value("name", ..)`.
fn context_names() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for e in walkdir::WalkDir::new(common::repo().join("src/render"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
    {
        let text = std::fs::read_to_string(e.path()).unwrap();
        let flat: String = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace("( \"", "(\"");
        for (open, after) in [
            ("(\"", "\", template_value"),
            ("(\"", "\", Ok("),
            ("insert(\"", "\""),
            ("insert_value(\"", "\""),
        ] {
            let mut rest = flat.as_str();
            while let Some(i) = rest.find(open) {
                rest = &rest[i + open.len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if rest[name.len()..].starts_with(after) && !name.is_empty() {
                    names.insert(name);
                }
            }
        }
    }
    names
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && s.starts_with(|c: char| c.is_ascii_lowercase())
}

/// Every `name` in backticks in `text`.
fn backticked(text: &str) -> BTreeSet<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|t| is_name(t))
        .map(str::to_string)
        .collect()
}

fn contract() -> String {
    std::fs::read_to_string(common::repo().join("docs/thema.md")).unwrap()
}

#[test]
fn every_field_a_template_gets_is_in_the_theme_guide() {
    let named = backticked(&contract());
    let missing: Vec<String> = view_fields().difference(&named).cloned().collect();
    assert!(
        missing.is_empty(),
        "fields of src/render/views/ that docs/thema.md does not name: {missing:?}"
    );
}

#[test]
fn every_name_the_theme_guide_gives_templates_exists() {
    let doc = contract();
    // The part of the guide that lists what templates receive.
    let start = doc
        .find("## Op elke pagina")
        .expect("section Op elke pagina");
    let rows = doc
        .find("## Lange tabellen")
        .expect("section Lange tabellen");
    let end = doc[rows + 3..]
        .find("\n## ")
        .map_or(doc.len(), |i| rows + 3 + i);
    let known: BTreeSet<String> = view_fields().into_iter().chain(context_names()).collect();
    // Values a field takes, not names.
    let values = ["ja", "nee", "onbekend"];
    let unknown: Vec<String> = backticked(&doc[start..end])
        .into_iter()
        .filter(|n| !known.contains(n) && !values.contains(&n.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "docs/thema.md names what no template receives: {unknown:?}"
    );
}

#[test]
fn the_contract_check_sees_what_it_must() {
    assert_eq!(
        backticked("`a_b` en `C` en `x.y` en `_html` en `ok`"),
        ["a_b", "ok"].iter().map(|s| s.to_string()).collect()
    );
    let fields = view_fields();
    assert!(fields.contains("body_html") && fields.contains("standing_class"));
    let names = context_names();
    assert!(
        ["site", "page", "parts", "region", "regions_html"]
            .iter()
            .all(|n| names.contains(*n)),
        "{names:?}"
    );
}
