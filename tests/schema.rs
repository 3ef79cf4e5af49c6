//! `draaiboek schema`: the JSON Schemas accept every shipped file and
//! refuse every broken fixture whose problem is a field, at that field.
//! Checked with ajv (draft 2020-12) in node, an independent validator.

mod common;

use common::Site;
use common::browser::{browser_dir, have, on_path};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn validator_ready() -> bool {
    have("node", on_path("node"), "apt-get install nodejs npm")
        & have(
            "ajv",
            browser_dir().join("node_modules/ajv").exists(),
            "cd tests/browser && npm ci",
        )
}

/// The schemas `draaiboek schema` writes for the content in `site`.
fn schemas(site: &Path) -> BTreeMap<String, Value> {
    let out = site.join("schema-uit");
    let r = common::run_in(site, &["schema", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("8 schema's geschreven"), "{}", r.stdout);
    std::fs::read_dir(&out)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let v = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (name, v)
        })
        .collect()
}

/// Which schema a file under `content/` answers to.
fn schema_of(rel: &Path) -> Option<&'static str> {
    let s = rel.to_string_lossy();
    if s == "site.yaml" {
        return Some("site.schema.json");
    }
    if !s.ends_with(".md") {
        return None;
    }
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    Some(match first.as_str() {
        "regions" if s.ends_with("/index.md") => "region.schema.json",
        "partners" => "partner.schema.json",
        "themes" => "theme.schema.json",
        "steps" => "step.schema.json",
        "elements" => "element.schema.json",
        "pages" => "page.schema.json",
        "programmes" => "programme.schema.json",
        _ => return None,
    })
}

/// The fields of a file as JSON, the way the build reads them; `None`
/// when the YAML itself cannot be read (a syntax error, which no schema
/// can see).
fn fields(path: &Path, rel: &Path) -> Option<Value> {
    let text = draaiboek::load::frontmatter::normalise(&std::fs::read_to_string(path).ok()?);
    let yaml = if rel == Path::new("site.yaml") {
        text.clone()
    } else {
        let split = draaiboek::load::frontmatter::split(&text).ok()?;
        text[split.yaml].to_string()
    };
    if yaml.trim().is_empty() {
        return Some(json!({}));
    }
    serde_yaml::from_str(&yaml).ok()
}

fn files_under(root: &Path) -> Vec<(PathBuf, PathBuf)> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            (e.path().to_path_buf(), rel)
        })
        .collect()
}

/// Each document's errors from ajv, by name.
fn validate(
    schemas: &BTreeMap<String, Value>,
    docs: Vec<(String, &str, Value)>,
) -> BTreeMap<String, Vec<Value>> {
    let plan = json!({
        "schemas": schemas,
        "documents": docs.iter().map(|(name, schema, data)| json!({"name": name, "schema": schema, "data": data})).collect::<Vec<_>>(),
    });
    let dir = tempfile::tempdir().unwrap();
    let plan_file = dir.path().join("plan.json");
    std::fs::write(&plan_file, plan.to_string()).unwrap();
    let out = Command::new("node")
        .arg(browser_dir().join("validate.mjs"))
        .arg(&plan_file)
        .current_dir(browser_dir())
        .output()
        .expect("run node");
    let results: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "validate.mjs failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    results
        .into_iter()
        .map(|r| {
            let name = r["name"].as_str().unwrap().to_string();
            (name, r["errors"].as_array().cloned().unwrap_or_default())
        })
        .collect()
}

#[test]
fn every_shipped_and_fixture_file_passes_its_schema() {
    if !validator_ready() {
        return;
    }
    for site in [Site::shipped(), Site::fixture()] {
        let schemas = schemas(site.path());
        let mut docs = Vec::new();
        for (path, rel) in files_under(&site.content()) {
            let Some(schema) = schema_of(&rel) else {
                continue;
            };
            let data = fields(&path, &rel).unwrap_or_else(|| panic!("{} reads", rel.display()));
            docs.push((rel.display().to_string(), schema, data));
        }
        assert!(docs.len() >= 10, "{} files", docs.len());
        let results = validate(&schemas, docs);
        let wrong: Vec<String> = results
            .iter()
            .filter(|(_, e)| !e.is_empty())
            .map(|(n, e)| format!("{n}: {e:?}"))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}

/// The field a broken fixture's first message names, as ajv would: an
/// instance path (`/covenant/signed`), or the name of an unknown or
/// missing field.
fn expected_field(message: &str) -> Option<(&'static str, String)> {
    let tick = |s: &str, n: usize| s.split('`').nth(n).map(str::to_string);
    let path = |p: String| {
        // `covenant.target_groups[2]` counts from 1; JSON from 0.
        let mut out = String::new();
        for part in p.split('.') {
            match part.split_once('[') {
                Some((name, n)) => {
                    let n: usize = n.trim_end_matches(']').parse().unwrap();
                    out.push_str(&format!("/{name}/{}", n - 1));
                }
                None => out.push_str(&format!("/{part}")),
            }
        }
        out
    };
    // A column of the comparison names a field in a text: no schema sees it.
    if message.starts_with("error: onbekend veld `") && !message.contains("in een kolom") {
        return Some(("additional", tick(message, 1)?));
    }
    if message.starts_with("error: verplicht veld `") {
        return Some(("required", tick(message, 1)?));
    }
    for lead in [
        "error: ongeldige waarde voor `",
        "error: verkeerd soort waarde voor `",
    ] {
        if message.starts_with(lead) {
            return Some(("path", path(tick(message, 1)?)));
        }
    }
    if message.starts_with("error: onbekende waarde `") {
        return Some(("path", path(tick(message, 3)?)));
    }
    if message.contains("` is leeg, maar is verplicht") {
        return Some(("path", path(tick(message, 1)?)));
    }
    for (lead, end) in [
        ("error: onbekende partner", "/id"),
        ("error: onbekend thema", "/theme"),
        ("error: onbekende stap", "/step"),
    ] {
        if message.starts_with(lead) {
            return Some(("ends", end.to_string()));
        }
    }
    None
}

#[test]
fn every_broken_fixture_of_a_field_fails_its_schema_at_that_field() {
    if !validator_ready() {
        return;
    }
    let broken = common::fixtures().join("broken");
    let mut checked = Vec::new();
    let mut wrong = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(&broken)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let expected = std::fs::read_to_string(broken.join(&name).join("expected.txt")).unwrap();
        let first = expected
            .lines()
            .find(|l| l.starts_with("error:"))
            .unwrap_or("");
        let Some((how, field)) = expected_field(first) else {
            continue;
        };
        let site = Site::broken(&name);
        let schemas = schemas(site.path());
        let own = broken.join(&name).join("content");
        let mut docs = Vec::new();
        for (_, rel) in files_under(&own) {
            let Some(schema) = schema_of(&rel) else {
                continue;
            };
            if let Some(data) = fields(&site.content().join(&rel), &rel) {
                docs.push((rel.display().to_string(), schema, data));
            }
        }
        let results = validate(&schemas, docs);
        let all: Vec<&Value> = results.values().flatten().collect();
        let hit = all.iter().any(|e| {
            let p = e["path"].as_str().unwrap_or("");
            match how {
                "additional" => e["params"]["additionalProperty"] == json!(field),
                "required" => e["params"]["missingProperty"] == json!(field),
                "ends" => p.ends_with(&field),
                _ => p == field,
            }
        });
        if !hit {
            wrong.push(format!("{name}: {how} {field} not among {all:?}"));
        }
        checked.push(name);
    }
    assert!(checked.len() >= 12, "only {checked:?}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn site_yaml_names_its_schema_and_the_schema_describes_every_field_in_dutch() {
    let site = Site::shipped();
    let text = std::fs::read_to_string(site.content().join("site.yaml")).unwrap();
    assert!(
        text.starts_with("# yaml-language-server: $schema=../.draaiboek/schema/site.schema.json\n"),
        "{}",
        &text[..80.min(text.len())]
    );
    let schemas = schemas(site.path());
    assert_eq!(schemas.len(), 8);
    let mut missing = Vec::new();
    for (file, schema) in &schemas {
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        let mut objects = vec![("(root)".to_string(), schema)];
        if let Some(defs) = schema["$defs"].as_object() {
            objects.extend(defs.iter().map(|(n, d)| (n.clone(), d)));
        }
        for (name, o) in objects {
            for (field, p) in o["properties"].as_object().into_iter().flatten() {
                let d = p["description"].as_str().unwrap_or("");
                if d.is_empty() || d.contains(" the ") {
                    missing.push(format!("{file} {name}.{field}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "no Dutch description: {missing:?}");
    // The ids of the files that exist are offered where a field names one.
    let region = &schemas["region.schema.json"];
    let partner_ids = &region["$defs"]["PartnerRef"]["properties"]["id"]["enum"];
    assert!(
        partner_ids
            .as_array()
            .unwrap()
            .contains(&json!("woonservice"))
    );
    let kinds = serde_json::to_string(&region["$defs"]["CovenantKind"]).unwrap();
    assert!(kinds.contains("samenwerkingsovereenkomst"), "{kinds}");
    let share = &region["$defs"]["Covenant"]["properties"]["homes_share_percent"];
    assert_eq!(
        (share["minimum"].as_f64(), share["maximum"].as_f64()),
        (Some(0.0), Some(100.0))
    );
}
