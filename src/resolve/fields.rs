//! Checks of single fields, each where it is written: titles without
//! invisible characters, old addresses a browser can reach, links that run
//! no code, the covenant document, the base URL, and free pages and steps
//! that do not take an address of the site itself.

use super::{BaseUrl, CovenantDocument, alias};
use crate::base::diagnostics::{Collector, Diagnostic, did_you_mean};
use crate::base::model::{
    ElementMeta, PageMeta, PartnerMeta, ProgrammeMeta, SiteConfig, StepMeta, ThemeMeta,
};
use crate::load::{Doc, RegionDoc};

/// The collections besides the playbooks, as the checks here read them.
pub(super) struct Collections<'a> {
    pub partners: &'a [Doc<PartnerMeta>],
    pub themes: &'a [Doc<ThemeMeta>],
    pub steps: &'a [Doc<StepMeta>],
    pub elements: &'a [Doc<ElementMeta>],
    pub programmes: &'a [Doc<ProgrammeMeta>],
    pub pages: &'a [Doc<PageMeta>],
}

/// Every title of the content, `site.yaml`'s included (see [`check_title`]).
pub(super) fn titles(
    config: &Doc<SiteConfig>,
    regions: &[RegionDoc],
    c: &Collections,
    diags: &Collector,
) {
    let Collections {
        partners,
        themes,
        steps,
        elements,
        programmes,
        pages,
    } = c;
    check_title(config, &config.meta.title, diags);
    for r in regions {
        check_title(&r.doc, &r.doc.meta.title, diags);
    }
    partners
        .iter()
        .for_each(|d| check_title(d, &d.meta.title, diags));
    themes
        .iter()
        .for_each(|d| check_title(d, &d.meta.title, diags));
    steps
        .iter()
        .for_each(|d| check_title(d, &d.meta.title, diags));
    elements
        .iter()
        .for_each(|d| check_title(d, &d.meta.title, diags));
    programmes
        .iter()
        .for_each(|d| check_title(d, &d.meta.title, diags));
    pages
        .iter()
        .for_each(|d| check_title(d, &d.meta.title, diags));
}

/// `--base-url` when given, else `base_url:` of `site.yaml`. An invalid one
/// is reported, and the build goes on with a stand-in so that every other
/// problem is found in the same run.
pub(super) fn base_url(
    config: &Doc<SiteConfig>,
    base_override: Option<&BaseUrl>,
    diags: &Collector,
) -> Option<BaseUrl> {
    if let Some(b) = base_override {
        return Some(b.clone());
    }
    match BaseUrl::parse(&config.meta.base_url) {
        Ok(b) => Some(b),
        Err(msg) => {
            diags.push(
                config
                    .error_at(
                        "base_url",
                        &config.meta.base_url,
                        format!("ongeldige base_url: {msg}"),
                    )
                    .expected("een volledig adres, zoals https://draaiboek.example.nl/")
                    .suggest("begin met https:// en eindig met /"),
            );
            BaseUrl::parse("https://invalid.invalid/").ok()
        }
    }
}

/// The fields of every file but the playbooks (whose fields are checked
/// with their references).
pub(super) fn other_documents(config: &Doc<SiteConfig>, c: &Collections, diags: &Collector) {
    let Collections {
        partners,
        themes,
        steps,
        programmes,
        pages,
        ..
    } = c;
    for d in partners.iter() {
        check_aliases(d, &d.meta.aliases, diags);
        check_url(d, "website", d.meta.website.as_deref(), diags);
    }
    for d in themes.iter() {
        check_aliases(d, &d.meta.aliases, diags);
    }
    for d in programmes.iter() {
        check_aliases(d, &d.meta.aliases, diags);
        check_url(d, "website", d.meta.website.as_deref(), diags);
        for src in &d.meta.sources {
            check_url(d, "sources", src.url.as_deref(), diags);
        }
    }
    for item in &config.meta.menu {
        check_url(config, "menu", Some(&item.url), diags);
    }
    check_url(config, "image", config.meta.image.as_deref(), diags);
    // /aanpak/convenant/ is the checklist; no step may take its address.
    for d in steps.iter().filter(|d| d.id == "convenant") {
        diags.push(
            Diagnostic::new(
                d.file.clone(),
                0..0,
                "het adres /aanpak/convenant/ is de checklist van convenantonderdelen",
            )
            .expected("een andere naam voor deze stap")
            .suggest("hernoem het bestand, bijvoorbeeld naar steps/convenant-opstellen.md"),
        );
    }
    for d in pages.iter() {
        check_aliases(d, &d.meta.aliases, diags);
        for src in &d.meta.sources {
            check_url(d, "sources", src.url.as_deref(), diags);
        }
        if crate::base::paths::RESERVED.contains(&d.id.as_str()) {
            diags.push(
                Diagnostic::new(
                    d.file.clone(),
                    0..0,
                    format!("het adres /{}/ is al in gebruik door de site zelf", d.id),
                )
                .expected(format!(
                    "een naam die niet een van deze is: {}",
                    crate::base::paths::RESERVED.join(", ")
                ))
                .suggest(format!(
                    "hernoem het bestand, bijvoorbeeld naar pages/over-{}.md",
                    d.id
                )),
            );
        }
    }
}

pub(super) fn document(r: &RegionDoc, d: &str, diags: &Collector) -> Option<CovenantDocument> {
    if d.starts_with("https://") || d.starts_with("http://") {
        return Some(CovenantDocument::Url(d.to_string()));
    }
    if r.attachments.iter().any(|a| a == d) {
        let source = r.dir.join(d);
        let bytes = std::fs::metadata(&source).map(|m| m.len()).unwrap_or(0);
        return Some(CovenantDocument::Attachment {
            name: d.to_string(),
            source,
            bytes,
        });
    }
    let folder = format!("regions/{}/", r.doc.id);
    let name = d.rsplit(['/', '\\']).next().unwrap_or(d);
    if d.contains(['/', '\\']) || d.starts_with('~') || d.contains(':') {
        // A path elsewhere on this computer (`/etc/passwd`, `C:\...`,
        // `../x.pdf`): only the region folder is ever published.
        let suggest = if name.is_empty() || name.starts_with('.') {
            format!(
                "zet het ondertekende document in {folder} en schrijf alleen de bestandsnaam, zoals `pact.pdf`"
            )
        } else if r.attachments.iter().any(|a| a == name) {
            format!("schrijf alleen de bestandsnaam: `{name}`")
        } else {
            format!(
                "zet het ondertekende document in {folder} en schrijf alleen de bestandsnaam, zoals `pact.pdf`; een pad naar een andere map wordt nooit gepubliceerd"
            )
        };
        diags.push(
            r.doc
                .error_at(
                    "covenant",
                    d,
                    format!("`{d}` is een pad; `document:` noemt een bijlage in {folder} of een adres dat met https:// begint"),
                )
                .expected(format!("de naam van een bestand in {folder}, zoals `pact.pdf`, of een adres dat met https:// begint"))
                .suggest(suggest),
        );
        return None;
    }
    let here = r.dir.join(d);
    if let Ok(m) = std::fs::symlink_metadata(&here) {
        // The file is there but was refused when the folder was read (a
        // FIFO, a name that cannot be published): that message says why.
        let why = if crate::base::files::is_special(m.file_type()) {
            format!("`{d}` in {folder} is {}", crate::base::files::NOT_REGULAR)
        } else {
            format!("`{d}` in {folder} kan niet als bijlage gepubliceerd worden")
        };
        diags.push(
            r.doc
                .error_at("covenant", d, why)
                .expected("een gewoon bestand, zoals een PDF, in de regiomap")
                .suggest("zie de melding over dat bestand hierboven, en vervang het door het document zelf"),
        );
        return None;
    }
    diags.push(
        r.doc
            .error_at(
                "covenant",
                d,
                format!("bijlage `{d}` bestaat niet in {folder}"),
            )
            .expected(format!(
                "een bestand in {folder}, of een adres dat met https:// begint"
            ))
            .suggest(
                did_you_mean(d, r.attachments.iter().map(String::as_str)).unwrap_or_else(|| {
                    format!("zet het ondertekende document als `{d}` in {folder}")
                }),
            ),
    );
    None
}

/// A title becomes the page's heading, its `<title>`, the link text in
/// every list and the order of those lists; an invisible character in it
/// cannot be seen, found by search or typed by a reader.
pub(super) fn check_title<M>(doc: &Doc<M>, title: &str, diags: &Collector) {
    use crate::base::model::text::{code_point, invisible};
    if let Some((at, c)) = title.char_indices().find(|&(_, c)| invisible(c)) {
        let mut span = doc.error_at("title", title, "").span;
        // The span is the title's when it was found as written.
        if span.len() == title.len() {
            span = span.start + at..span.start + at + c.len_utf8();
        }
        diags.push(
            Diagnostic::new(
                doc.file.clone(),
                span,
                format!("de titel bevat het onzichtbare teken {}", code_point(c)),
            )
            .expected("een titel met alleen zichtbare tekens")
            .suggest("typ de titel opnieuw in plaats van hem te plakken, of verwijder het teken"),
        );
    }
}

pub(super) fn check_aliases<M>(doc: &Doc<M>, aliases: &[String], diags: &Collector) {
    for a in aliases {
        if let Err(r) = alias::normalise(a) {
            diags.push(
                doc.error_at(
                    "aliases",
                    a,
                    format!(
                        "`{}` is geen geldig oud adres: {}",
                        a.escape_debug(),
                        r.message
                    ),
                )
                .expected(r.expected())
                .suggest(r.suggest),
            );
        }
    }
}

/// A URL field ends up in an `href` or `src`; a `javascript:` one would run
/// when a reader clicks it, whatever the escaping.
pub(super) fn check_url<M>(doc: &Doc<M>, key: &str, url: Option<&str>, diags: &Collector) {
    let Some(url) = url else { return };
    if let Some(scheme) = crate::base::urls::dangerous_scheme(url) {
        diags.push(
            doc.error_at(
                key,
                url.trim(),
                format!("een adres met `{scheme}` is niet toegestaan: zo'n link voert code uit in de browser van de lezer"),
            )
            .expected("een adres dat met https:// begint, of een pad op deze site dat met / begint")
            .suggest("vul het adres in van de pagina waar de informatie staat, of laat het veld weg"),
        );
    }
}

/// Every `source:` of a playbook names an entry of its `sources:` by `id`,
/// and no two entries share an id: a statement's marker must lead to the
/// source that gives it.
pub(super) fn check_sources(doc: &Doc<crate::base::model::RegionMeta>, diags: &Collector) {
    let m = &doc.meta;
    let mut ids: Vec<&str> = Vec::new();
    for src in &m.sources {
        let Some(id) = src.id.as_deref() else {
            continue;
        };
        if ids.contains(&id) {
            diags.push(
                doc.error_at("sources", id, format!("twee bronnen hebben de id `{id}`"))
                    .expected("een eigen id per bron")
                    .suggest("geef een van de twee een andere id, en pas de `source:` aan die ernaar wijzen"),
            );
        }
        ids.push(id);
    }
    let mut refs: Vec<(&str, &str)> = Vec::new();
    if let Some(id) = m.covenant.as_ref().and_then(|c| c.source.as_deref()) {
        refs.push(("covenant", id));
    }
    refs.extend(
        m.earlier
            .iter()
            .filter_map(|c| c.source.as_deref().map(|id| ("earlier", id))),
    );
    for (key, list) in [("principles", &m.principles), ("agreements", &m.agreements)] {
        refs.extend(
            list.iter()
                .filter_map(|s| s.source.as_deref().map(|id| (key, id))),
        );
    }
    refs.extend(
        m.process
            .iter()
            .filter_map(|p| p.source.as_deref().map(|id| ("process", id))),
    );
    refs.extend(
        m.lessons
            .iter()
            .filter_map(|l| l.source.as_deref().map(|id| ("lessons", id))),
    );
    for (key, id) in refs {
        if ids.contains(&id) {
            continue;
        }
        diags.push(
            doc.error_at(key, id, format!("bron `{id}` staat niet in `sources:`"))
                .expected(if ids.is_empty() {
                    "een `id` van een bron in `sources:`; er zijn nog geen bronnen met een id".to_string()
                } else {
                    format!("een van {}", ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", "))
                })
                .suggest(did_you_mean(id, ids.iter().copied()).unwrap_or_else(|| {
                    format!("geef de bron in `sources:` een regel `id: {id}`, of verwijs naar een bron die er staat")
                })),
        );
    }
}

/// Every agreement in `earlier:` has an `id` that can be the last part of
/// an address, and no two share one: each has a page of its own that
/// partners may link to.
pub(super) fn check_earlier(doc: &Doc<crate::base::model::RegionMeta>, diags: &Collector) {
    let mut seen: Vec<&str> = Vec::new();
    for (i, c) in doc.meta.earlier.iter().enumerate() {
        let Some(id) = c.id.as_deref() else {
            diags.push(
                doc.error_at("earlier", "", format!("de eerdere afspraak nummer {} heeft geen `id`", i + 1))
                    .expected("een `id` per eerdere afspraak, zoals `id: pact-2020`: het laatste deel van het adres van haar eigen pagina")
                    .suggest("zet bovenaan de afspraak een regel `id: <soort>-<jaar>`, bijvoorbeeld `id: pact-2020`"),
            );
            continue;
        };
        if !crate::load::valid_slug(id) {
            diags.push(
                doc.error_at(
                    "earlier",
                    id,
                    format!("`{id}` kan geen deel van een adres zijn"),
                )
                .expected("kleine letters zonder accenten, cijfers en streepjes, zoals `pact-2020`")
                .suggest(format!("gebruik `{}`", crate::base::slug::slugify(id))),
            );
        }
        if seen.contains(&id) {
            diags.push(
                doc.error_at(
                    "earlier",
                    id,
                    format!("twee eerdere afspraken hebben de id `{id}`"),
                )
                .expected("een eigen id per afspraak")
                .suggest("geef een van de twee een andere id, bijvoorbeeld met het jaar erin"),
            );
        }
        seen.push(id);
    }
}
