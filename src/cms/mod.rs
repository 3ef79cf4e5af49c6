//! The browser CMS at `/admin/` (Decap CMS, vendored in the theme's
//! `admin/` folder): its configuration, generated from the JSON Schemas of
//! [`crate::schema`], so every field of the model is a form field of the
//! right kind: a list of groups for principles, agreements, process,
//! lessons and sources, a relation for every id, a select for kinds and
//! statuses, a checked text for partial dates, and the Markdown body.
//! `extra:` is left out of the forms; the local endpoint keeps it on save.

pub mod local;

use crate::base::model::*;
use crate::schema;
use serde_json::{Map, Value, json};
use std::path::Path;

/// The struct order of the type a schema object is named after.
fn order(name: &str) -> Vec<String> {
    match name {
        "SiteConfig" => field_names::<SiteConfig>(),
        "AdminConfig" => field_names::<AdminConfig>(),
        "MenuItem" => field_names::<MenuItem>(),
        "CompareConfig" => field_names::<CompareConfig>(),
        "CompareColumn" => field_names::<CompareColumn>(),
        "RegionMeta" => field_names::<RegionMeta>(),
        "Covenant" => field_names::<Covenant>(),
        "PartnerRef" => field_names::<PartnerRef>(),
        "Statement" => field_names::<Statement>(),
        "ProcessEntry" => field_names::<ProcessEntry>(),
        "Lesson" => field_names::<Lesson>(),
        "Source" => field_names::<Source>(),
        "PartnerMeta" => field_names::<PartnerMeta>(),
        "ThemeMeta" => field_names::<ThemeMeta>(),
        "StepMeta" => field_names::<StepMeta>(),
        "ElementMeta" => field_names::<ElementMeta>(),
        "ProgrammeMeta" => field_names::<ProgrammeMeta>(),
        "Phase" => field_names::<Phase>(),
        "PageMeta" => field_names::<PageMeta>(),
        _ => Vec::new(),
    }
}

/// The collection a field with the ids of existing files refers to.
fn relation(owner: &str, field: &str) -> Option<&'static str> {
    Some(match (owner, field) {
        ("PartnerRef", "id") => "partners",
        ("Statement" | "Lesson" | "StepMeta" | "ElementMeta", "theme") => "themes",
        ("ProcessEntry", "step") => "steps",
        ("Covenant", "elements" | "lacks") => "elements",
        ("RegionMeta", "programme") => "programmes",
        _ => return None,
    })
}

/// The form fields of the object schema `obj` (the type `name`).
fn fields(root: &Value, name: &str, obj: &Value) -> Vec<Value> {
    let Some(props) = obj["properties"].as_object() else {
        return Vec::new();
    };
    let required: Vec<&str> = obj["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut names = order(name);
    names.retain(|n| props.contains_key(n));
    names
        .iter()
        .filter(|n| n.as_str() != "extra")
        .map(|n| field(root, name, n, &props[n], required.contains(&n.as_str())))
        .collect()
}

/// The schema `$ref` points to, or `s` itself; an `anyOf` of one schema
/// and `null` (an optional field) is that schema.
fn resolve<'a>(root: &'a Value, s: &'a Value) -> &'a Value {
    if let Some(any) = s["anyOf"].as_array()
        && any.len() == 2
        && let Some(one) = any.iter().find(|a| a["type"] != json!("null"))
        && one.get("$ref").is_some()
    {
        return resolve(root, one);
    }
    match s["$ref"].as_str().and_then(|r| r.strip_prefix("#/$defs/")) {
        Some(def) => &root["$defs"][def],
        None => s,
    }
}

fn def_name(s: &Value) -> Option<&str> {
    let r = s["$ref"].as_str().or_else(|| {
        s["anyOf"]
            .as_array()?
            .iter()
            .find_map(|a| a["$ref"].as_str())
    })?;
    r.strip_prefix("#/$defs/")
}

/// The values an enum schema allows (`enum`, or `oneOf` of `const`s).
fn options(s: &Value) -> Option<Vec<Value>> {
    if let Some(e) = s["enum"].as_array() {
        return Some(e.iter().filter(|v| !v.is_null()).cloned().collect());
    }
    let one = s["oneOf"].as_array()?;
    Some(one.iter().filter_map(|o| o.get("const").cloned()).collect())
}

fn has_type(s: &Value, t: &str) -> bool {
    s["type"] == json!(t) || s["type"].as_array().is_some_and(|a| a.contains(&json!(t)))
}

/// The Dutch label of a field, with the field's own name after it, as the
/// guide and the files use it.
fn label(owner: &str, name: &str) -> String {
    let dutch = match (owner, name) {
        ("SiteConfig", "theme") => "Vormgeving",
        ("SiteConfig", "title") => "Naam van de site",
        (_, "title") => "Titel",
        (_, "province") => "Provincie",
        (_, "municipalities") => "Gemeenten",
        (_, "programme") => "Programma",
        (_, "covenant") => "Afspraken",
        (_, "name") => "Naam",
        (_, "kind") => "Soort",
        (_, "status") => "Stand",
        (_, "status_as_of") => "Stand op datum",
        (_, "signed") => "Ondertekend",
        (_, "signatories") => "Aantal ondertekenaars",
        (_, "term_years") => "Looptijd in jaren",
        (_, "ends") => "Loopt tot",
        (_, "homes_per_year") => "Woningen per jaar",
        (_, "homes_share_percent") => "Aandeel vrijkomende woningen (%)",
        (_, "offer_within_months") => "Woning binnen (maanden)",
        (_, "target_groups") => "Doelgroepen",
        (_, "unconfirmed") => "Niet bevestigd",
        (_, "source") => "Bron (id)",
        (_, "distribution_key") => "Verdeelsleutel",
        (_, "document") => "Document",
        (_, "elements") => "Onderdelen",
        (_, "lacks") => "Ontbrekende onderdelen",
        (_, "earlier") => "Eerdere afspraken",
        (_, "partners") => "Partners",
        (_, "principles") => "Principes",
        (_, "agreements") => "Werkafspraken",
        (_, "process") => "Proces",
        (_, "lessons") => "Lessen",
        (_, "sources") => "Bronnen",
        (_, "aliases") => "Oude adressen",
        (_, "updated") => "Bijgewerkt op",
        (_, "draft") => "Concept",
        ("PartnerRef", "id") => "Organisatie",
        ("Source", "id") => "Id",
        (_, "id") => "Id",
        (_, "role") => "Rol",
        (_, "theme") => "Thema",
        (_, "text") => "Tekst",
        (_, "date") => "Datum",
        (_, "step") => "Stap",
        (_, "quote_by") => "Gezegd door",
        (_, "url") => "Adres",
        (_, "publisher") => "Uitgever",
        (_, "website") => "Website",
        (_, "definition") => "Definitie",
        (_, "order") => "Volgorde",
        (_, "purpose") => "Doel",
        (_, "outputs") => "Opbrengsten",
        (_, "description") => "Beschrijving",
        (_, "summary") => "Samenvatting",
        (_, "started") => "Begonnen",
        (_, "phases") => "Fasen",
        (_, "from") => "Van",
        (_, "to") => "Tot",
        (_, "base_url") => "Adres van de site",
        (_, "language") => "Taal",
        (_, "menu") => "Menu",
        (_, "footer") => "Voettekst",
        (_, "contact") => "Contact",
        (_, "security_contact") => "Beveiligingsproblemen melden bij",
        (_, "allow_html") => "HTML in teksten toestaan",
        (_, "image") => "Plaatje bij gedeelde links",
        (_, "compare") => "Vergelijking",
        (_, "columns") => "Kolommen",
        (_, "field") => "Veld",
        (_, "label") => "Kolomkop",
        (_, "format") => "Weergave",
        _ => "",
    };
    if dutch.is_empty() {
        name.to_string()
    } else {
        format!("{dutch} ({name})")
    }
}

fn field(root: &Value, owner: &str, name: &str, raw: &Value, required: bool) -> Value {
    let mut f = Map::new();
    f.insert("name".into(), json!(name));
    f.insert("label".into(), json!(label(owner, name)));
    f.insert("required".into(), json!(required));
    if let Some(hint) = raw["description"].as_str() {
        f.insert("hint".into(), json!(hint));
    }
    let s = resolve(root, raw);
    let def = def_name(raw).or_else(|| def_name(&raw["items"]));
    let items = resolve(root, &raw["items"]);
    if let Some(collection) = relation(owner, name) {
        f.insert("widget".into(), json!("relation"));
        f.insert("collection".into(), json!(collection));
        f.insert("value_field".into(), json!("{{slug}}"));
        f.insert("search_fields".into(), json!(["title"]));
        f.insert("display_fields".into(), json!(["title"]));
        f.insert("multiple".into(), json!(has_type(raw, "array")));
    } else if def == Some("Datum") {
        f.insert("widget".into(), json!("string"));
        if let Some(p) = root["$defs"]["Datum"]["anyOf"][1]["pattern"].as_str() {
            f.insert(
                "pattern".into(),
                json!([
                    p,
                    "een datum als 2020, oktober 2020, 7 oktober 2020, 7-10-2020 of 13 juni"
                ]),
            );
        }
    } else if has_type(raw, "array") && items.get("properties").is_some() {
        f.insert("widget".into(), json!("list"));
        let item_name = def_name(&raw["items"]).unwrap_or("");
        f.insert("fields".into(), json!(fields(root, item_name, items)));
    } else if has_type(raw, "array") {
        match options(items) {
            Some(opts) => {
                f.insert("widget".into(), json!("select"));
                f.insert("multiple".into(), json!(true));
                f.insert("options".into(), json!(opts));
            }
            None => {
                f.insert("widget".into(), json!("list"));
            }
        }
    } else if s.get("properties").is_some() {
        f.insert("widget".into(), json!("object"));
        f.insert("fields".into(), json!(fields(root, def.unwrap_or(""), s)));
    } else if let Some(opts) = options(s) {
        f.insert("widget".into(), json!("select"));
        f.insert("options".into(), json!(opts));
    } else if has_type(raw, "integer") || has_type(raw, "number") {
        f.insert("widget".into(), json!("number"));
        let int = has_type(raw, "integer");
        f.insert(
            "value_type".into(),
            json!(if int { "int" } else { "float" }),
        );
        for (k, to) in [("minimum", "min"), ("maximum", "max")] {
            if let Some(v) = raw.get(k) {
                f.insert(to.into(), v.clone());
            }
        }
    } else if has_type(raw, "boolean") {
        f.insert("widget".into(), json!("boolean"));
    } else if matches!(
        name,
        "text"
            | "definition"
            | "summary"
            | "description"
            | "purpose"
            | "distribution_key"
            | "footer"
    ) {
        f.insert("widget".into(), json!("text"));
    } else {
        f.insert("widget".into(), json!("string"));
    }
    Value::Object(f)
}

/// A folder collection of Markdown files with front matter.
fn collection(
    name: &str,
    label: &str,
    folder: &str,
    schema: &Value,
    type_name: &str,
    nested: bool,
) -> Value {
    let mut fields = fields(schema, type_name, schema);
    fields.push(json!({"name": "body", "label": "Tekst", "widget": "markdown", "required": false}));
    let mut c = json!({
        "name": name,
        "label": label,
        "folder": format!("content/{folder}"),
        "extension": "md",
        "format": "frontmatter",
        "create": true,
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": "{{title}}",
        "fields": fields,
    });
    if nested {
        // One folder per region, its playbook in index.md.
        c["path"] = json!("{{slug}}/index");
        c["meta"] = json!({"path": {"widget": "string", "label": "Adres", "index_file": "index"}});
    }
    c
}

/// The page of the CMS: the bundle, which finds `config.yml` beside it.
pub const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Redactie</title>\n<link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n</head>\n<body>\n<script src=\"decap/decap-cms.js\"></script>\n</body>\n</html>\n";

/// The git host of `site.yaml`'s `admin:` block as the CMS's `backend`.
fn backend(admin: Option<&AdminConfig>) -> Value {
    let Some(a) = admin else {
        return json!({"name": "git-gateway", "branch": "main"});
    };
    let mut b = json!({
        "name": a.backend.map_or("git-gateway", GitHost::backend),
        "branch": a.branch.as_deref().unwrap_or("main"),
    });
    if let Some(repo) = &a.repo {
        b["repo"] = json!(repo);
    }
    if let Some(url) = &a.base_url {
        // GitHub's base_url is the OAuth service; a self-hosted GitLab or
        // Gitea is also where the API lives.
        b["base_url"] = json!(url);
        let root = url.trim_end_matches('/');
        match a.backend {
            Some(GitHost::Gitlab) => b["api_root"] = json!(format!("{root}/api/v4")),
            Some(GitHost::Gitea) => b["api_root"] = json!(format!("{root}/api/v1")),
            _ => {}
        }
    }
    b
}

/// The files `/admin/` is made of in a built site (with `admin: publish:
/// true`): the page, the configuration for the git host, and the bundle
/// from the theme's `admin/decap/` folder.
pub fn published(
    content: &Path,
    admin_dir: &Path,
    admin: &AdminConfig,
) -> Vec<crate::base::output::OutFile> {
    use crate::base::output::{Body, OutFile};
    let mut files = vec![
        OutFile {
            path: "admin/index.html".into(),
            body: Body::Bytes(PAGE.as_bytes().to_vec()),
            page: false,
        },
        OutFile {
            path: "admin/config.yml".into(),
            body: Body::Bytes(config(content, None, Some(admin)).to_string().into_bytes()),
            page: false,
        },
    ];
    let mut bundle: Vec<_> = std::fs::read_dir(admin_dir.join("decap"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "js"))
        .collect();
    bundle.sort();
    for p in bundle {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push(OutFile {
            path: format!("admin/decap/{name}"),
            body: Body::Copy(p),
            page: false,
        });
    }
    files
}

/// The configuration of the CMS for the content in `content`, served as
/// `/admin/config.yml` (JSON is YAML). `api` is the address of the local
/// endpoint that reads and writes the files (`serve`); without it the CMS
/// saves to the git host of `admin`.
pub fn config(content: &Path, api: Option<&str>, admin: Option<&AdminConfig>) -> Value {
    let schemas: std::collections::HashMap<&str, Value> = schema::all(content)
        .into_iter()
        .map(|w| (w.file, w.schema))
        .collect();
    let s = |f: &str| schemas.get(f).cloned().unwrap_or(Value::Null);
    let site = s("site.schema.json");
    let mut site_fields = fields(&site, "SiteConfig", &site);
    site_fields.retain(|f| f["name"] != "extra");
    let mut config = json!({
        "locale": "nl",
        "backend": backend(admin),
        "publish_mode": "simple",
        "media_folder": "content/regions",
        "public_folder": "/regio",
        "collections": [
            collection("regions", "Regio's", "regions", &s("region.schema.json"), "RegionMeta", true),
            collection("partners", "Partners", "partners", &s("partner.schema.json"), "PartnerMeta", false),
            collection("themes", "Thema's", "themes", &s("theme.schema.json"), "ThemeMeta", false),
            collection("steps", "Stappen", "steps", &s("step.schema.json"), "StepMeta", false),
            collection("elements", "Onderdelen", "elements", &s("element.schema.json"), "ElementMeta", false),
            collection("programmes", "Programma's", "programmes", &s("programme.schema.json"), "ProgrammeMeta", false),
            collection("pages", "Pagina's", "pages", &s("page.schema.json"), "PageMeta", false),
            {
                "name": "site",
                "label": "Instellingen",
                "files": [{"name": "site", "label": "site.yaml", "file": "content/site.yaml", "fields": site_fields}],
            },
        ],
    });
    if let Some(api) = api {
        config["local_backend"] = json!({"url": api});
    }
    config
}
