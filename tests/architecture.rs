//! The house rules of `src/`, checked on every `cargo test` so they hold
//! without a workspace of crates:
//! - each top-level module imports only the modules below it (the
//!   [`LAYERS`] table): the ground floor `base` imports no other, and no
//!   stage reaches up into a later one;
//! - no source file is over 600 lines, and no function over 150.

mod common;

use std::collections::BTreeMap;

/// Each top-level module and the modules it may use. The order is the
/// data flow: load -> resolve -> compare -> (theme) -> render -> search ->
/// finish -> check -> write; `serve` and the crate root sit on top.
const LAYERS: &[(&str, &[&str])] = &[
    ("base", &[]),
    ("load", &["base"]),
    ("resolve", &["base", "load"]),
    ("compare", &["base", "load", "resolve"]),
    ("theme", &["base", "load"]),
    ("render", &["base", "load", "resolve", "compare", "theme"]),
    ("search", &["base", "load", "resolve", "render"]),
    ("finish", &["base", "resolve", "render", "search"]),
    ("check", &["base", "load", "resolve", "render"]),
    ("write", &["base"]),
    ("scaffold", &["base", "load"]),
    ("schema", &["base", "load", "scaffold"]),
    ("cms", &["base", "load", "schema"]),
    (
        "serve",
        &[
            "base", "load", "resolve", "compare", "theme", "render", "search", "finish", "check",
            "write", "build", "cms", "schema",
        ],
    ),
];

/// The top-level module a file of `src/` belongs to (`None` for the crate
/// root and the binary, which may use everything).
fn module_of(rel: &str) -> Option<String> {
    let first = rel.split('/').next()?;
    let name = first.trim_end_matches(".rs");
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// Every module named after `crate::` in `text`, also inside
/// `use crate::{a::b, c}` groups.
fn used(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        } else {
            out.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    out
}

fn sources() -> BTreeMap<String, String> {
    let src = common::repo().join("src");
    walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let rel = e.path().strip_prefix(&src).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn no_module_imports_one_above_it() {
    let layers: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    let mut wrong = Vec::new();
    for (rel, text) in sources() {
        let Some(module) = module_of(&rel) else {
            continue;
        };
        let Some(allowed) = layers.get(module.as_str()) else {
            wrong.push(format!(
                "{rel}: module `{module}` is not in the LAYERS table"
            ));
            continue;
        };
        for m in used(&text) {
            // The crate root's own items (`crate::BuildOptions`) and the
            // module itself.
            let is_module = layers.contains_key(m.as_str()) || m == "build";
            if m == module || !is_module {
                continue;
            }
            if !allowed.contains(&m.as_str()) {
                wrong.push(format!("{rel}: `{module}` uses `{m}`, which is above it"));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_import_check_sees_what_it_must() {
    assert_eq!(
        used(
            "use crate::{base::model, load::Doc};\nlet x = crate::render::slug(1);\n// crate::serve"
        ),
        vec!["base", "load", "render"]
    );
    assert_eq!(module_of("render/pages.rs").as_deref(), Some("render"));
    assert_eq!(module_of("write.rs").as_deref(), Some("write"));
    assert_eq!(module_of("lib.rs"), None);
}

#[test]
fn no_file_over_600_lines_and_no_function_over_150() {
    let mut long = Vec::new();
    for (rel, text) in sources() {
        let lines: Vec<&str> = text.lines().collect();
        if lines.len() > 600 {
            long.push(format!("{rel}: {} lines", lines.len()));
        }
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let is_fn = ["fn ", "pub fn ", "pub(crate) fn ", "pub(super) fn "]
                .iter()
                .any(|p| trimmed.starts_with(p));
            if !is_fn || line.trim_end().ends_with(';') {
                continue;
            }
            let indent = &line[..line.len() - trimmed.len()];
            let close = format!("{indent}}}");
            let end = lines[i..].iter().position(|l| *l == close).unwrap_or(0);
            if end + 1 > 150 {
                let name: String = trimmed
                    .split("fn ")
                    .nth(1)
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                long.push(format!("{rel}:{}: fn {name} has {} lines", i + 1, end + 1));
            }
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
}
