//! `draaiboek schema`: a JSON Schema (draft 2020-12) of `site.yaml` and of
//! the front matter of each content type, derived from the serde types the
//! build reads, so an editor's tools and the CMS check what the build
//! checks. What serde's types cannot say is added here: Dutch descriptions
//! (the scaffold's comments), the ranges of the bounded numbers, that an
//! empty list field is an empty list, and the ids of the files that exist
//! where a field refers to one.

mod dutch;

use crate::base::model::bounded;
use crate::base::model::*;
use schemars::JsonSchema;
use serde_json::{Value, json};
use std::path::Path;

/// The ids of the files a field may refer to, read from the content folder.
#[derive(Debug, Default, Clone)]
pub struct Ids {
    /// Files in `partners/`.
    pub partners: Vec<String>,
    /// Files in `themes/`.
    pub themes: Vec<String>,
    /// Files in `steps/`.
    pub steps: Vec<String>,
    /// Files in `elements/`.
    pub elements: Vec<String>,
    /// Files in `programmes/`.
    pub programmes: Vec<String>,
}

impl Ids {
    /// The `.md` files of each folder under `content`, sorted.
    pub fn read(content: &Path) -> Ids {
        let list = |dir: &str| {
            let mut ids: Vec<String> = std::fs::read_dir(content.join(dir))
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.strip_suffix(".md").map(str::to_string)
                })
                .filter(|id| crate::load::valid_slug(id))
                .collect();
            ids.sort();
            ids
        };
        Ids {
            partners: list("partners"),
            themes: list("themes"),
            steps: list("steps"),
            elements: list("elements"),
            programmes: list("programmes"),
        }
    }
}

/// One schema: the file it is written to, and the file kind it describes.
pub struct Written {
    /// `region.schema.json`.
    pub file: &'static str,
    /// What the schema describes, in Dutch (its `title`).
    pub title: &'static str,
    /// The schema itself.
    pub schema: Value,
}

/// Every schema, for the content in `content`.
pub fn all(content: &Path) -> Vec<Written> {
    let ids = Ids::read(content);
    let one = |file, title, schema| Written {
        file,
        title,
        schema,
    };
    vec![
        one(
            "site.schema.json",
            "site.yaml",
            of::<SiteConfig>("SiteConfig", &ids),
        ),
        one(
            "region.schema.json",
            "Regio: regions/<slug>/index.md",
            of::<RegionMeta>("RegionMeta", &ids),
        ),
        one(
            "partner.schema.json",
            "Partner: partners/<id>.md",
            of::<PartnerMeta>("PartnerMeta", &ids),
        ),
        one(
            "theme.schema.json",
            "Thema: themes/<id>.md",
            of::<ThemeMeta>("ThemeMeta", &ids),
        ),
        one(
            "step.schema.json",
            "Stap: steps/<id>.md",
            of::<StepMeta>("StepMeta", &ids),
        ),
        one(
            "element.schema.json",
            "Onderdeel: elements/<id>.md",
            of::<ElementMeta>("ElementMeta", &ids),
        ),
        one(
            "page.schema.json",
            "Pagina: pages/<slug>.md",
            of::<PageMeta>("PageMeta", &ids),
        ),
        one(
            "programme.schema.json",
            "Programma: programmes/<id>.md",
            of::<ProgrammeMeta>("ProgrammeMeta", &ids),
        ),
    ]
    .into_iter()
    .map(|mut w| {
        if let Some(o) = w.schema.as_object_mut() {
            o.insert("title".into(), json!(w.title));
        }
        w
    })
    .collect()
}

/// Writes every schema into `out`; returns the files written.
pub fn write(content: &Path, out: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(out)?;
    let mut written = Vec::new();
    for w in all(content) {
        let path = out.join(w.file);
        let text = serde_json::to_string_pretty(&w.schema).map_err(std::io::Error::other)?;
        std::fs::write(&path, text + "\n")?;
        written.push(path);
    }
    Ok(written)
}

/// The schema of `T`, finished: `root` is the name its own fields go by
/// in the descriptions.
fn of<T: JsonSchema>(root: &str, ids: &Ids) -> Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut v = generator.into_root_schema_for::<T>().to_value();
    // The doc comments are written for developers, in English.
    strip_descriptions(&mut v);
    finish_object(root, &mut v, ids);
    if let Some(defs) = v.get_mut("$defs").and_then(Value::as_object_mut) {
        for (name, def) in defs.iter_mut() {
            finish_object(name, def, ids);
        }
        if let Some(date) = defs.get_mut("Datum").and_then(Value::as_object_mut) {
            date.insert(
                "description".into(),
                json!(crate::base::model::date::FORMS_HELP),
            );
        }
    }
    v
}

/// Removes every description, but not a field called `description`.
fn strip_descriptions(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if o.get("description").is_some_and(Value::is_string) {
                o.remove("description");
            }
            for (key, c) in o.iter_mut() {
                if key == "properties" {
                    for (_, field) in c.as_object_mut().into_iter().flatten() {
                        strip_descriptions(field);
                    }
                } else {
                    strip_descriptions(c);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(strip_descriptions),
        _ => {}
    }
}

/// Adds to each field of the object schema `v` (the type `name`) what
/// serde's types do not say.
fn finish_object(name: &str, v: &mut Value, ids: &Ids) {
    let Some(props) = v.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (field, p) in props.iter_mut() {
        let Some(o) = p.as_object_mut() else { continue };
        if let Some(text) = dutch::describe(name, field) {
            o.insert("description".into(), json!(text));
        }
        // `partners:` with nothing after it yet is an empty list.
        if o.get("type") == Some(&json!("array")) {
            o.insert("type".into(), json!(["array", "null"]));
        }
        if field == "extra" {
            o.insert("type".into(), json!(["object", "null"]));
        }
        if matches!(field.as_str(), "title" | "definition" | "text")
            && o.get("type") == Some(&json!("string"))
        {
            o.insert("minLength".into(), json!(1));
            o.insert("pattern".into(), json!("\\S"));
        }
        if name == "Covenant" {
            let range = match field.as_str() {
                "signatories" => Some((
                    *bounded::SIGNATORIES.start() as f64,
                    *bounded::SIGNATORIES.end() as f64,
                )),
                "term_years" => Some((*bounded::TERM_YEARS.start(), *bounded::TERM_YEARS.end())),
                "homes_per_year" => Some((
                    *bounded::HOMES_PER_YEAR.start() as f64,
                    *bounded::HOMES_PER_YEAR.end() as f64,
                )),
                "homes_share_percent" => Some((
                    *bounded::SHARE_PERCENT.start(),
                    *bounded::SHARE_PERCENT.end(),
                )),
                "offer_within_months" => Some((
                    *bounded::OFFER_MONTHS.start() as f64,
                    *bounded::OFFER_MONTHS.end() as f64,
                )),
                _ => None,
            };
            if let Some((lo, hi)) = range {
                o.insert("minimum".into(), json!(lo));
                o.insert("maximum".into(), json!(hi));
                o.remove("format");
            }
        }
        let refers = match (name, field.as_str()) {
            ("PartnerRef", "id") => Some(&ids.partners),
            ("Statement" | "Lesson" | "StepMeta" | "ElementMeta", "theme") => Some(&ids.themes),
            ("ProcessEntry", "step") => Some(&ids.steps),
            ("Covenant", "elements" | "lacks") => Some(&ids.elements),
            ("RegionMeta", "programme") => Some(&ids.programmes),
            _ => None,
        };
        if let Some(list) = refers.filter(|l| !l.is_empty()) {
            let mut values: Vec<Value> = list.iter().map(|s| json!(s)).collect();
            if let Some(items) = o.get_mut("items").and_then(Value::as_object_mut) {
                items.insert("enum".into(), Value::Array(values));
            } else {
                if o.get("type")
                    .and_then(Value::as_array)
                    .is_some_and(|t| t.contains(&json!("null")))
                {
                    values.push(Value::Null);
                }
                o.insert("enum".into(), Value::Array(values));
            }
        }
    }
}
