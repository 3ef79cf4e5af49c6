//! Stage 2, **resolve**: one [`Site`] graph with every reference between
//! files checked and the derived indexes (partner -> regions, theme ->
//! everything said on it) built once, in linear time over the content.

pub mod alias;
pub mod base_url;

pub use base_url::BaseUrl;

use crate::base::diagnostics::{Collector, Diagnostic, did_you_mean};
use crate::base::model::{
    CovenantKind, CovenantStatus, OrderedMeta, PageMeta, PartnerMeta, ProgrammeMeta, SiteConfig,
    StepMeta, ThemeMeta,
};
use crate::base::slug::slugify;
use crate::load::{Content, Doc, RegionDoc};
use std::collections::HashSet;
use std::path::PathBuf;

/// Where a region's covenant document lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    /// A file in the region folder, published next to the playbook.
    Attachment {
        name: String,
        source: PathBuf,
        bytes: u64,
    },
    Url(String),
}

#[derive(Debug, Clone)]
pub struct Region {
    pub src: RegionDoc,
    pub document: Option<Document>,
}

impl Region {
    pub fn slug(&self) -> &str {
        &self.src.doc.id
    }
    pub fn meta(&self) -> &crate::base::model::RegionMeta {
        &self.src.doc.meta
    }
}

/// The translation keys this stage asks for: a label per [`Standing`].
pub fn translation_keys() -> Vec<String> {
    Standing::ALL.iter().map(|s| s.key().to_string()).collect()
}

/// Where a region stands, as a programme page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    NoAgreement,
    /// Agreements are known to exist, their stage is not.
    Unknown,
    Preparing,
    Intention,
    Signed,
    Ended,
}

impl Standing {
    pub fn of(region: &Region) -> Standing {
        let Some(c) = &region.meta().covenant else {
            return Standing::NoAgreement;
        };
        match (c.kind, c.status) {
            (_, Some(CovenantStatus::Ended)) => Standing::Ended,
            (Some(CovenantKind::Intentieverklaring), _) => Standing::Intention,
            (_, Some(CovenantStatus::Signed | CovenantStatus::Evaluated)) => Standing::Signed,
            (_, Some(CovenantStatus::Preparing)) => Standing::Preparing,
            (None, None) => Standing::NoAgreement,
            (Some(_), None) => Standing::Unknown,
        }
    }

    pub const ALL: [Standing; 6] = [
        Standing::NoAgreement,
        Standing::Unknown,
        Standing::Preparing,
        Standing::Intention,
        Standing::Signed,
        Standing::Ended,
    ];

    /// Key of the label pages show, in the theme's translations.
    pub fn key(self) -> &'static str {
        match self {
            Standing::NoAgreement => "standing_none",
            Standing::Unknown => "standing_unknown",
            Standing::Preparing => "standing_preparing",
            Standing::Intention => "standing_intention",
            Standing::Signed => "standing_signed",
            Standing::Ended => "standing_ended",
        }
    }

    /// The stable value of `standing` in open data, the same in every
    /// language.
    pub fn label(self) -> &'static str {
        match self {
            Standing::NoAgreement => "nog geen afspraken",
            Standing::Unknown => "stand onbekend",
            Standing::Preparing => "afspraken in voorbereiding",
            Standing::Intention => "intentie uitgesproken",
            Standing::Signed => "ondertekend",
            Standing::Ended => "beëindigd",
        }
    }

    /// A CSS class name; colour is never the only carrier of the meaning.
    pub fn class(self) -> &'static str {
        match self {
            Standing::NoAgreement => "geen",
            Standing::Unknown => "onbekend",
            Standing::Preparing => "voorbereiding",
            Standing::Intention => "intentie",
            Standing::Signed => "ondertekend",
            Standing::Ended => "beeindigd",
        }
    }
}

/// Points at one item in a region's list (principles, agreements, lessons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemRef {
    pub region: usize,
    pub item: usize,
}

/// Everything the site says on one theme.
#[derive(Debug, Clone, Default)]
pub struct ThemeEntries {
    pub principles: Vec<ItemRef>,
    pub agreements: Vec<ItemRef>,
    pub lessons: Vec<ItemRef>,
    /// `region` is a programme index here.
    pub programme_lessons: Vec<ItemRef>,
}

/// Position by id. Pages look ids up tens of times each; the standard
/// hasher guards against hash flooding, which a site's own ids never are.
pub type Ids = rustc_hash::FxHashMap<String, usize>;

/// The resolved site: published content only, sorted for display, with
/// indexes by position.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub config_doc: Doc<SiteConfig>,
    pub base: BaseUrl,
    pub regions: Vec<Region>,
    pub partners: Vec<Doc<PartnerMeta>>,
    pub themes: Vec<Doc<ThemeMeta>>,
    pub steps: Vec<Doc<StepMeta>>,
    pub elements: Vec<Doc<OrderedMeta>>,
    pub programmes: Vec<Doc<ProgrammeMeta>>,
    pub pages: Vec<Doc<PageMeta>>,
    pub region_ix: Ids,
    pub partner_ix: Ids,
    pub theme_ix: Ids,
    pub step_ix: Ids,
    pub element_ix: Ids,
    pub programme_ix: Ids,
    /// Per partner: (region, role) pairs.
    pub partner_regions: Vec<Vec<(usize, Option<String>)>>,
    pub theme_entries: Vec<ThemeEntries>,
    /// Per programme: the regions in it.
    pub programme_regions: Vec<Vec<usize>>,
}

/// Builds the site graph. `base_override` is the `--base-url` flag, already
/// validated by the CLI. `drafts` includes draft regions and pages.
pub fn resolve(
    content: Content,
    base_override: Option<&BaseUrl>,
    drafts: bool,
    diags: &Collector,
) -> Option<Site> {
    let Content {
        root: _,
        config,
        regions,
        mut partners,
        mut themes,
        mut steps,
        mut elements,
        mut programmes,
        mut pages,
        unparsed,
        unreadable,
    } = content;

    check_title(&config, &config.meta.title, diags);
    for r in &regions {
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

    let base = match base_override {
        Some(b) => b.clone(),
        None => match BaseUrl::parse(&config.meta.base_url) {
            Ok(b) => b,
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
                BaseUrl::parse("https://invalid.invalid/").ok()?
            }
        },
    };

    by_title(&mut partners, |d| &d.meta.title);
    by_order(&mut themes, |d| {
        (d.meta.order.unwrap_or(i32::MAX), slugify(&d.meta.title))
    });
    by_order(&mut steps, |d| (d.meta.order, slugify(&d.meta.title)));
    by_order(&mut elements, |d| (d.meta.order, slugify(&d.meta.title)));
    by_title(&mut programmes, |d| &d.meta.title);
    by_order(&mut pages, |d| {
        (d.meta.order.unwrap_or(i32::MAX), slugify(&d.meta.title))
    });
    if !drafts {
        pages.retain(|p| !p.meta.draft);
    }

    let partner_ix = index(&partners);
    let theme_ix = index(&themes);
    let step_ix = index(&steps);
    let element_ix = index(&elements);
    let programme_ix = index(&programmes);

    let reference = |doc_err: Diagnostic, kind: &str, id: &str, known: &Ids, dir: &'static str| {
        if unparsed.contains(&(dir, id.to_string())) || unreadable.contains(dir) {
            return None;
        }
        Some(
            doc_err
                .expected(format!("de naam van een bestand in {dir}/ (zonder .md)"))
                .suggest(
                    did_you_mean(id, known.keys().map(String::as_str))
                        .unwrap_or_else(|| format!("maak {dir}/{id}.md aan als dit {kind} is")),
                ),
        )
    };

    // Steps and elements may name a theme.
    let named = steps
        .iter()
        .map(|d| {
            (
                d.meta.theme.as_ref(),
                d.error_at("theme", d.meta.theme.as_deref().unwrap_or(""), ""),
            )
        })
        .chain(elements.iter().map(|d| {
            (
                d.meta.theme.as_ref(),
                d.error_at("theme", d.meta.theme.as_deref().unwrap_or(""), ""),
            )
        }));
    for (theme, at) in named {
        if let Some(t) = theme
            && !theme_ix.contains_key(t)
        {
            let e = Diagnostic {
                message: format!("onbekend thema `{t}`"),
                ..at
            };
            push(
                diags,
                reference(e, "een nieuw thema", t, &theme_ix, "themes"),
            );
        }
    }
    for p in &programmes {
        for l in &p.meta.lessons {
            if !theme_ix.contains_key(&l.theme) {
                let e = p.error_at("lessons", &l.theme, format!("onbekend thema `{}`", l.theme));
                push(
                    diags,
                    reference(e, "een nieuw thema", &l.theme, &theme_ix, "themes"),
                );
            }
        }
    }

    let mut out_regions = Vec::new();
    for r in regions {
        let doc = &r.doc;
        let m = &doc.meta;
        for p in &m.partners {
            if !partner_ix.contains_key(&p.id) {
                let e = doc.error_at("partners", &p.id, format!("onbekende partner `{}`", p.id));
                push(
                    diags,
                    reference(e, "een nieuwe organisatie", &p.id, &partner_ix, "partners"),
                );
            }
        }
        for (key, list) in [("principles", &m.principles), ("agreements", &m.agreements)] {
            for s in list {
                if !theme_ix.contains_key(&s.theme) {
                    let e = doc.error_at(key, &s.theme, format!("onbekend thema `{}`", s.theme));
                    push(
                        diags,
                        reference(e, "een nieuw thema", &s.theme, &theme_ix, "themes"),
                    );
                }
            }
        }
        for l in &m.lessons {
            if !theme_ix.contains_key(&l.theme) {
                let e = doc.error_at("lessons", &l.theme, format!("onbekend thema `{}`", l.theme));
                push(
                    diags,
                    reference(e, "een nieuw thema", &l.theme, &theme_ix, "themes"),
                );
            }
        }
        for s in &m.process {
            if !step_ix.contains_key(&s.step) {
                let e = doc.error_at("process", &s.step, format!("onbekende stap `{}`", s.step));
                push(
                    diags,
                    reference(e, "een nieuwe stap", &s.step, &step_ix, "steps"),
                );
            }
        }
        if let Some(p) = &m.programme
            && !programme_ix.contains_key(p)
        {
            let e = doc.error_at("programme", p, format!("onbekend programma `{p}`"));
            push(
                diags,
                reference(e, "een nieuw programma", p, &programme_ix, "programmes"),
            );
        }
        let mut document = None;
        if let Some(c) = &m.covenant {
            for el in c.elements.iter().chain(&c.lacks) {
                if !element_ix.contains_key(el) {
                    let e = doc.error_at(
                        "covenant",
                        el,
                        format!("onbekend convenantonderdeel `{el}`"),
                    );
                    push(
                        diags,
                        reference(e, "een nieuw onderdeel", el, &element_ix, "elements"),
                    );
                }
            }
            if let Some(d) = &c.document {
                if crate::base::urls::dangerous_scheme(d).is_some() {
                    check_url(doc, "covenant", Some(d), diags);
                } else {
                    document = resolve_document(&r, d, diags);
                }
            }
        }
        check_aliases(doc, &m.aliases, diags);
        for src in &m.sources {
            check_url(doc, "sources", src.url.as_deref(), diags);
        }
        if m.draft && !drafts {
            continue;
        }
        out_regions.push(Region { src: r, document });
    }
    by_title(&mut out_regions, |r| &r.src.doc.meta.title);
    let region_ix: Ids = out_regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.slug().to_string(), i))
        .collect();

    for d in &partners {
        check_aliases(d, &d.meta.aliases, diags);
        check_url(d, "website", d.meta.website.as_deref(), diags);
    }
    for d in &themes {
        check_aliases(d, &d.meta.aliases, diags);
    }
    for d in &programmes {
        check_aliases(d, &d.meta.aliases, diags);
        check_url(d, "website", d.meta.website.as_deref(), diags);
        for src in &d.meta.sources {
            check_url(d, "sources", src.url.as_deref(), diags);
        }
    }
    for item in &config.meta.menu {
        check_url(&config, "menu", Some(&item.url), diags);
    }
    check_url(&config, "image", config.meta.image.as_deref(), diags);
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
    for d in &pages {
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

    // Derived indexes, one pass over every region's lists.
    let mut partner_regions = vec![Vec::new(); partners.len()];
    let mut theme_entries = vec![ThemeEntries::default(); themes.len()];
    let mut programme_regions = vec![Vec::new(); programmes.len()];
    for (ri, r) in out_regions.iter().enumerate() {
        let m = r.meta();
        let mut seen = HashSet::new();
        for p in &m.partners {
            if let Some(&pi) = partner_ix.get(&p.id)
                && seen.insert(pi)
            {
                partner_regions[pi].push((ri, p.role.clone()));
            }
        }
        let tag = |list: &[crate::base::model::Statement],
                   pick: fn(&mut ThemeEntries) -> &mut Vec<ItemRef>,
                   te: &mut Vec<ThemeEntries>| {
            for (i, s) in list.iter().enumerate() {
                if let Some(&ti) = theme_ix.get(&s.theme) {
                    pick(&mut te[ti]).push(ItemRef {
                        region: ri,
                        item: i,
                    });
                }
            }
        };
        tag(&m.principles, |t| &mut t.principles, &mut theme_entries);
        tag(&m.agreements, |t| &mut t.agreements, &mut theme_entries);
        for (i, l) in m.lessons.iter().enumerate() {
            if let Some(&ti) = theme_ix.get(&l.theme) {
                theme_entries[ti].lessons.push(ItemRef {
                    region: ri,
                    item: i,
                });
            }
        }
        if let Some(&pi) = m.programme.as_ref().and_then(|p| programme_ix.get(p)) {
            programme_regions[pi].push(ri);
        }
    }
    for (pi, p) in programmes.iter().enumerate() {
        for (i, l) in p.meta.lessons.iter().enumerate() {
            if let Some(&ti) = theme_ix.get(&l.theme) {
                theme_entries[ti].programme_lessons.push(ItemRef {
                    region: pi,
                    item: i,
                });
            }
        }
    }

    Some(Site {
        config: config.meta.clone(),
        config_doc: config,
        base,
        regions: out_regions,
        partners,
        themes,
        steps,
        elements,
        programmes,
        pages,
        region_ix,
        partner_ix,
        theme_ix,
        step_ix,
        element_ix,
        programme_ix,
        partner_regions,
        theme_entries,
        programme_regions,
    })
}

fn push(diags: &Collector, d: Option<Diagnostic>) {
    if let Some(d) = d {
        diags.push(d);
    }
}

fn resolve_document(r: &RegionDoc, d: &str, diags: &Collector) -> Option<Document> {
    if d.starts_with("https://") || d.starts_with("http://") {
        return Some(Document::Url(d.to_string()));
    }
    if r.attachments.iter().any(|a| a == d) {
        let source = r.dir.join(d);
        let bytes = std::fs::metadata(&source).map(|m| m.len()).unwrap_or(0);
        return Some(Document::Attachment {
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
fn check_title<M>(doc: &Doc<M>, title: &str, diags: &Collector) {
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

fn check_aliases<M>(doc: &Doc<M>, aliases: &[String], diags: &Collector) {
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
fn check_url<M>(doc: &Doc<M>, key: &str, url: Option<&str>, diags: &Collector) {
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

fn index<M>(docs: &[Doc<M>]) -> Ids {
    docs.iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect()
}

fn by_title<T>(items: &mut [T], title: impl Fn(&T) -> &String) {
    items.sort_by_cached_key(|t| slugify(title(t)));
}

fn by_order<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    items.sort_by_cached_key(key);
}
