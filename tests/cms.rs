//! The CMS at `/admin/` of `draaiboek serve`: its configuration has every
//! field of the model, its endpoint writes only inside `content/` and only
//! for the editor's own page, and in Chromium a region made or edited
//! through the form is saved, passes `check` and shows on its page.

mod common;

use common::browser::{CHROMIUM, browser_dir, browser_ready};
use common::{Site, serve};
use draaiboek::base::model::*;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

/// (status, body) of one request with the given extra headers.
fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &str,
) -> (u16, String) {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    s.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    let _ = write!(s, "{head}\r\n{body}");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, body.to_string())
}

fn api(port: u16, body: Value) -> (u16, Value) {
    let headers = [
        ("Origin", format!("http://127.0.0.1:{port}")),
        ("Content-Type", "application/json".to_string()),
    ];
    let (status, text) = request(port, "POST", "/api/v1", &headers, &body.to_string());
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn model_fields<T: DeserializeOwned>() -> BTreeSet<String> {
    field_names::<T>().into_iter().collect()
}

fn names(fields: &Value) -> BTreeSet<String> {
    fields
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect()
}

fn field<'a>(fields: &'a Value, name: &str) -> &'a Value {
    fields
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("{name}"))
}

#[test]
fn the_configuration_has_every_field_of_the_model_with_the_right_widget() {
    let site = Site::shipped();
    let config = draaiboek::cms::config(&site.content(), Some("http://127.0.0.1:1/api/v1"), None);
    assert_eq!(config["locale"], "nl");
    let collection = |name: &str| {
        config["collections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let without_extra = |mut s: BTreeSet<String>| {
        s.remove("extra");
        s
    };
    let mut wrong = Vec::new();
    let mut compare = |what: &str, config: BTreeSet<String>, model: BTreeSet<String>| {
        if config != model {
            wrong.push(format!("{what}: config {config:?}, model {model:?}"));
        }
    };
    let region = collection("regions");
    let mut region_fields = names(&region["fields"]);
    assert!(region_fields.remove("body"), "the Markdown body");
    compare(
        "regio",
        region_fields,
        without_extra(model_fields::<RegionMeta>()),
    );
    let rf = &region["fields"];
    compare(
        "covenant",
        names(&field(rf, "covenant")["fields"]),
        model_fields::<Covenant>(),
    );
    compare(
        "partners",
        names(&field(rf, "partners")["fields"]),
        model_fields::<PartnerRef>(),
    );
    compare(
        "principles",
        names(&field(rf, "principles")["fields"]),
        model_fields::<Statement>(),
    );
    compare(
        "agreements",
        names(&field(rf, "agreements")["fields"]),
        model_fields::<Statement>(),
    );
    compare(
        "process",
        names(&field(rf, "process")["fields"]),
        model_fields::<ProcessEntry>(),
    );
    compare(
        "lessons",
        names(&field(rf, "lessons")["fields"]),
        model_fields::<Lesson>(),
    );
    compare(
        "sources",
        names(&field(rf, "sources")["fields"]),
        model_fields::<Source>(),
    );
    compare(
        "earlier",
        names(&field(rf, "earlier")["fields"]),
        model_fields::<Covenant>(),
    );
    for (name, model) in [
        ("partners", model_fields::<PartnerMeta>()),
        ("themes", model_fields::<ThemeMeta>()),
        ("steps", model_fields::<StepMeta>()),
        ("elements", model_fields::<ElementMeta>()),
        ("programmes", model_fields::<ProgrammeMeta>()),
        ("pages", model_fields::<PageMeta>()),
    ] {
        let mut fields = names(&collection(name)["fields"]);
        assert!(fields.remove("body"), "{name}: the Markdown body");
        compare(name, fields, without_extra(model));
    }
    let site_fields = &collection("site")["files"][0]["fields"];
    compare(
        "site.yaml",
        names(site_fields),
        without_extra(model_fields::<SiteConfig>()),
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The kinds of field: relations for ids, selects for kinds, a checked
    // text for dates, lists of groups.
    let partner = field(&field(rf, "partners")["fields"], "id");
    assert_eq!(
        (partner["widget"].as_str(), partner["collection"].as_str()),
        (Some("relation"), Some("partners"))
    );
    let theme = field(&field(rf, "principles")["fields"], "theme");
    assert_eq!(theme["collection"], "themes");
    let step = field(&field(rf, "process")["fields"], "step");
    assert_eq!(step["collection"], "steps");
    assert_eq!(field(rf, "programme")["collection"], "programmes");
    let cov = &field(rf, "covenant")["fields"];
    assert_eq!(field(cov, "elements")["collection"], "elements");
    assert_eq!(field(cov, "elements")["multiple"], true);
    let kind = field(cov, "kind");
    assert_eq!(kind["widget"], "select");
    assert!(
        kind["options"]
            .as_array()
            .unwrap()
            .contains(&json!("samenwerkingsovereenkomst"))
    );
    assert!(
        field(cov, "status")["options"]
            .as_array()
            .unwrap()
            .contains(&json!("replaced"))
    );
    assert_eq!(field(cov, "target_groups")["multiple"], true);
    let signed = field(cov, "signed");
    assert_eq!(signed["widget"], "string");
    assert!(signed["pattern"][0].as_str().unwrap().contains("oktober"));
    let homes = field(cov, "homes_per_year");
    assert_eq!(
        (homes["widget"].as_str(), homes["value_type"].as_str()),
        (Some("number"), Some("int"))
    );
    assert_eq!(field(cov, "homes_share_percent")["max"], json!(100.0));
    assert_eq!(field(rf, "principles")["widget"], "list");
    assert_eq!(region["path"], "{{slug}}/index");
    assert!(
        field(rf, "title")["hint"]
            .as_str()
            .unwrap()
            .contains("regio")
    );
}

#[test]
fn the_endpoint_writes_inside_content_only_and_only_for_its_own_page() {
    let site = Site::fixture();
    let server = serve(&site);
    let port = server.port;
    // `serve` writes the schemas site.yaml's first line points editors to.
    assert!(
        site.path()
            .join(".draaiboek/schema/site.schema.json")
            .is_file()
    );
    assert!(
        site.path()
            .join(".draaiboek/schema/region.schema.json")
            .is_file()
    );
    // Another page (a different origin) and a form post are refused.
    let cross = [
        ("Origin", "http://kwaadaardig.example".to_string()),
        ("Content-Type", "application/json".to_string()),
    ];
    let info = json!({"action": "info", "params": {}}).to_string();
    assert_eq!(request(port, "POST", "/api/v1", &cross, &info).0, 403);
    let form = [
        ("Origin", format!("http://127.0.0.1:{port}")),
        ("Content-Type", "text/plain".to_string()),
    ];
    assert_eq!(request(port, "POST", "/api/v1", &form, &info).0, 403);
    assert_eq!(request(port, "POST", "/api/v1", &[], &info).0, 403);
    // A page of another domain that points at 127.0.0.1 (DNS rebinding).
    let rebound = format!(
        "POST /api/v1 HTTP/1.1\r\nHost: kwaadaardig.example:{port}\r\nOrigin: http://kwaadaardig.example:{port}\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{info}",
        info.len()
    );
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(rebound.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    let (status, answer) = api(port, json!({"action": "info", "params": {}}));
    assert_eq!((status, answer["type"].as_str()), (200, Some("local_fs")));
    let (_, list) = api(
        port,
        json!({"action": "entriesByFolder", "params": {"folder": "content/regions", "extension": "md", "depth": 2}}),
    );
    assert_eq!(list.as_array().map(Vec::len), Some(2), "{list}");
    for bad in [
        "content/../Cargo.toml",
        "../geheim.md",
        "/etc/passwd",
        "themes/default/templates/base.html",
        "content//x.md",
    ] {
        let persist =
            json!({"action": "persistEntry", "params": {"dataFiles": [{"path": bad, "raw": "x"}]}});
        let (status, answer) = api(port, persist);
        assert_eq!(status, 422, "{bad}: {answer}");
        let (status, _) = api(port, json!({"action": "getEntry", "params": {"path": bad}}));
        assert_eq!(status, 422, "{bad}");
    }
    assert!(!site.path().join("geheim.md").exists());
    // A file the build would refuse is not written, and the CMS gets the
    // build's own message with its place.
    let region = site.path().join("content/regions/zuiderland/index.md");
    let before = std::fs::read_to_string(&region).unwrap();
    let broken = before.replacen(
        "title: Zuiderland",
        "title: Zuiderland\nprovnce: Limburg",
        1,
    );
    let (status, answer) = api(
        port,
        json!({"action": "persistEntry", "params": {"dataFiles": [{"path": "content/regions/zuiderland/index.md", "raw": broken}]}}),
    );
    assert_eq!(status, 422);
    let told = answer["error"].as_str().unwrap_or("");
    assert!(
        told.contains("regions/zuiderland/index.md:3:1")
            && told.contains("onbekend veld `provnce`")
            && told.contains("bedoelde je `province`?"),
        "{told}"
    );
    assert_eq!(std::fs::read_to_string(&region).unwrap(), before);
    // A save keeps `extra:`, which the forms leave out.
    let rel = "content/partners/woonhuis.md";
    let path = site.path().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let with_extra = text.replacen("---\n", "---\nextra:\n  kvk: \"12345678\"\n", 1);
    std::fs::write(&path, &with_extra).unwrap();
    let raw = "---\ntitle: Woonhuis Nieuw\nkind: woningcorporatie\n---\nTekst.\n";
    let (status, _) = api(
        port,
        json!({"action": "persistEntry", "params": {"dataFiles": [{"path": rel, "raw": raw}]}}),
    );
    assert_eq!(status, 200);
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("title: Woonhuis Nieuw") && saved.contains("kvk: '12345678'"),
        "{saved}"
    );
}

#[test]
fn a_region_made_and_one_edited_in_the_cms_are_saved_checked_and_shown() {
    if !browser_ready() {
        return;
    }
    let site = Site::fixture();
    // A field the forms do not show, to survive the edit.
    let edited = site.content().join("regions/noorderkwartier/index.md");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(
        &edited,
        text.replacen("---\n", "---\nextra:\n  inwoners: 420000\n", 1),
    )
    .unwrap();
    let server = serve(&site);
    let plan = json!({
        "base": format!("http://127.0.0.1:{}", server.port),
        "chromium": CHROMIUM,
        "region": {
            "path": "via-het-formulier",
            "title": "Via het formulier",
            "province": "Utrecht",
            "partner": "Woonhuis",
            "theme": "Zachte landing",
            "text": "Samen zorgen voor een zachte landing na de verhuizing.",
        },
        "edit": {"entry": "noorderkwartier/index", "slug": "noorderkwartier", "homes": 321, "shows": "321"},
    });
    let plan_file = site.path().join("cms-plan.json");
    std::fs::write(&plan_file, plan.to_string()).unwrap();
    let out = Command::new("node")
        .arg(browser_dir().join("cms.mjs"))
        .arg(&plan_file)
        .current_dir(browser_dir())
        .output()
        .expect("run node");
    let result: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("cms.mjs: {}", String::from_utf8_lossy(&out.stderr)));
    eprintln!("CMS: {result}");
    assert!(
        result["created_ms"].is_number(),
        "the new region did not reach its page: {result}"
    );
    assert!(
        result["edited_ms"].is_number(),
        "the edit did not reach the page: {result}\n{}\n{}",
        std::fs::read_to_string(&edited).unwrap_or_default(),
        site.run(&["check"]).stderr
    );
    // The file the form wrote, as an editor would have typed it.
    let made =
        std::fs::read_to_string(site.content().join("regions/via-het-formulier/index.md")).unwrap();
    for typed in [
        "title: Via het formulier",
        "province: Utrecht",
        "kind: pact",
        "status: signed",
        "id: woonhuis",
        "theme: zachte-landing",
    ] {
        assert!(made.contains(typed), "{typed} in:\n{made}");
    }
    let r = site.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    site.build();
    let page = site.page("regio/via-het-formulier/");
    assert!(
        page.contains("<h1>Via het formulier</h1>")
            && page.contains("Samen zorgen voor een zachte landing"),
        "{page}"
    );
    let after = std::fs::read_to_string(&edited).unwrap();
    assert!(after.contains("homes_per_year: 321"), "{after}");
    assert!(
        after.contains("inwoners: 420000"),
        "extra: survived the save:\n{after}"
    );
}

/// `site.yaml` decides whether the built site carries `/admin/`, and which
/// git host the published CMS saves to.
#[test]
fn site_yaml_decides_whether_the_built_site_has_the_cms_and_where_it_saves() {
    let site = Site::fixture();
    site.build();
    assert!(
        !site.output().join("admin").exists(),
        "not published by default"
    );
    let yaml = std::fs::read_to_string(site.content().join("site.yaml")).unwrap();
    std::fs::write(
        site.content().join("site.yaml"),
        format!("{yaml}\nadmin:\n  publish: true\n  backend: gitea\n  repo: redactie/draaiboek\n  branch: inhoud\n  base_url: https://git.example.org\n"),
    )
    .unwrap();
    site.build();
    let admin = site.output().join("admin");
    let page = std::fs::read_to_string(admin.join("index.html")).unwrap();
    assert!(page.contains("<html lang=\"nl\">") && page.contains("decap/decap-cms.js"));
    assert!(admin.join("decap/decap-cms.js").is_file());
    let config: Value =
        serde_json::from_str(&std::fs::read_to_string(admin.join("config.yml")).unwrap()).unwrap();
    assert_eq!(config["backend"]["name"], "gitea");
    assert_eq!(config["backend"]["repo"], "redactie/draaiboek");
    assert_eq!(config["backend"]["branch"], "inhoud");
    assert_eq!(
        config["backend"]["api_root"],
        "https://git.example.org/api/v1"
    );
    assert!(
        config.get("local_backend").is_none(),
        "the published CMS never saves to a local endpoint"
    );
    // Not a page of the site: outside the sitemap and the search index.
    let sitemap = std::fs::read_to_string(site.output().join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/admin/"));
}
