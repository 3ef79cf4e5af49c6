//! Every fact on a playbook can be traced: `check` reports a published
//! region whose sources give no address a reader can open (an error), and
//! each statement that does not name its source with `source:` (a warning,
//! while older content is being brought up to this standard).

use crate::base::diagnostics::{Collector, Diagnostic};
use crate::base::model::RegionMeta;
use crate::load::{Doc, yaml};
use crate::resolve::Site;

/// Checks every region on the site.
pub fn check(site: &Site, diags: &Collector) {
    for region in &site.regions {
        let doc = &region.src.doc;
        addresses(doc, diags);
        statements(doc, diags);
    }
}

/// A region must give at least one source a reader can open.
fn addresses(doc: &Doc<RegionMeta>, diags: &Collector) {
    let has_address = doc
        .meta
        .sources
        .iter()
        .any(|s| s.url.as_deref().is_some_and(|u| !u.trim().is_empty()));
    if has_address {
        return;
    }
    let message = if doc.meta.sources.is_empty() {
        "regio zonder bronnen: een lezer kan niets van deze pagina nalezen"
    } else {
        "geen enkele bron van deze regio heeft een adres (`url:`)"
    };
    diags.push(
        doc.error_at("sources", "", message)
            .expected("minstens één bron in `sources:` met `url: https://...`")
            .suggest(
                "zet bij elke bron het adres van de pagina of het document waar het feit staat; \
                 zie \"Bronnen vermelden\" in de redactiegids",
            ),
    );
}

/// Every statement names the source it rests on.
fn statements(doc: &Doc<RegionMeta>, diags: &Collector) {
    let meta = &doc.meta;
    let ids: Vec<&str> = meta
        .sources
        .iter()
        .filter_map(|s| s.id.as_deref())
        .collect();
    let hint = if ids.is_empty() {
        "geef de bron in `sources:` een `id:` en zet die id hier als `source:`".to_string()
    } else {
        format!(
            "voeg `source:` toe met de id van de bron, een van: {}",
            ids.join(", ")
        )
    };
    let warn = |key: &str, text: &str, what: &str| {
        diags.push(
            Diagnostic::new(doc.file.clone(), locate(doc, key, text), what.to_string())
                .as_warning()
                .suggest(hint.clone()),
        );
    };
    if let Some(c) = &meta.covenant
        && c.source.is_none()
    {
        warn(
            "covenant",
            "",
            "de feiten onder `covenant:` noemen geen bron (`source:`)",
        );
    }
    for e in meta.earlier.iter().filter(|e| e.source.is_none()) {
        let at = e.id.as_deref().or(e.name.as_deref()).unwrap_or("");
        warn(
            "earlier",
            at,
            "deze afspraak onder `earlier:` noemt geen bron (`source:`)",
        );
    }
    for (key, list) in [
        ("principles", &meta.principles),
        ("agreements", &meta.agreements),
    ] {
        for s in list.iter().filter(|s| s.source.is_none()) {
            warn(
                key,
                &s.text,
                &format!("dit punt onder `{key}:` noemt geen bron (`source:`)"),
            );
        }
    }
    for p in meta.process.iter().filter(|p| p.source.is_none()) {
        warn(
            "process",
            &p.text,
            "deze stap onder `process:` noemt geen bron (`source:`)",
        );
    }
    for l in meta.lessons.iter().filter(|l| l.source.is_none()) {
        warn(
            "lessons",
            &l.text,
            "deze les onder `lessons:` noemt geen bron (`source:`)",
        );
    }
}

/// Where a statement's text starts under `key`: its first words, which a
/// folded YAML text (`>-`) keeps on its first line.
fn locate(doc: &Doc<RegionMeta>, key: &str, text: &str) -> std::ops::Range<usize> {
    let words: Vec<&str> = text.split_whitespace().take(3).collect();
    yaml::locate(&doc.text, &doc.yaml, key, &words.join(" "))
}
