//! Stage 2, **resolve**: one [`Site`] graph with every reference between
//! files checked and the derived indexes (partner -> regions, theme ->
//! everything said on it) built once, in linear time over the content.

pub mod alias;
pub mod base_url;
mod derived;
mod fields;
mod references;

pub use base_url::BaseUrl;

use crate::base::diagnostics::Collector;
use crate::base::model::{
    CovenantKind, CovenantStatus, ElementMeta, PageMeta, PartialDate, PartnerMeta, ProgrammeMeta,
    SiteConfig, StepMeta, ThemeMeta,
};
use crate::base::paths;
use crate::base::slug::slugify;
use crate::load::{Content, Doc, RegionDoc};
use std::collections::HashMap;
use std::path::PathBuf;

/// Where a region's covenant document lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CovenantDocument {
    /// A file in the region folder, published next to the playbook.
    Attachment {
        /// The file name in the region folder (`pact.pdf`), also its name
        /// on the site.
        name: String,
        /// Where the file is read from when the site is written.
        source: PathBuf,
        /// The file's size, for "PDF, 312 kB".
        bytes: u64,
    },
    /// A document on another site: the `http(s)` URL as the editor wrote
    /// it.
    Url(String),
}

/// A published region: its playbook as loaded, with the covenant document
/// checked.
#[derive(Debug, Clone)]
pub struct Region {
    /// The playbook as loaded, with its folder and attachments.
    pub src: RegionDoc,
    /// The covenant's document, found; `None` when the playbook names none
    /// (or one that cannot be used, which is reported).
    pub document: Option<CovenantDocument>,
    /// The documents of the agreements in `earlier:`, in their order.
    pub earlier_documents: Vec<Option<CovenantDocument>>,
}

impl Region {
    /// The region's slug: its folder name and the last part of its address.
    pub fn slug(&self) -> &str {
        &self.src.doc.id
    }
    /// The playbook's front matter.
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
    /// No agreements known: no `covenant:`, or one without `kind` and
    /// `status`.
    NoAgreement,
    /// Agreements are known to exist, their stage is not.
    Unknown,
    /// Only a policy plan (`kind: beleidsplan`): not an agreement between
    /// parties, whatever its status.
    Policy,
    /// Agreements in preparation (`status: preparing`, unless the kind is
    /// `intentieverklaring`).
    Preparing,
    /// The parties declared they intend to make agreements
    /// (`kind: intentieverklaring` or `status: intention`, not ended).
    Intention,
    /// Agreements running as a pilot (`status: pilot`).
    Pilot,
    /// Agreements signed (`status: signed` or `evaluated`, unless the kind
    /// is `intentieverklaring`).
    Signed,
    /// Agreements ended (`status: ended`, or `replaced` without a later
    /// one recorded), whatever their kind.
    Ended,
}

impl Standing {
    /// The region's standing, from its covenant's kind and status (the
    /// table in docs/redactie.md, "status: de stand").
    pub fn of(region: &Region) -> Standing {
        Standing::of_agreement(region.meta().covenant.as_ref())
    }

    /// The standing one agreement gives (the region's current one, or one
    /// in `earlier:`).
    pub fn of_agreement(c: Option<&crate::base::model::Covenant>) -> Standing {
        let Some(c) = c else {
            return Standing::NoAgreement;
        };
        match (c.kind, c.status) {
            (Some(CovenantKind::Beleidsplan), _) => Standing::Policy,
            (_, Some(CovenantStatus::Ended | CovenantStatus::Replaced)) => Standing::Ended,
            (Some(CovenantKind::Intentieverklaring), _) | (_, Some(CovenantStatus::Intention)) => {
                Standing::Intention
            }
            (_, Some(CovenantStatus::Pilot)) => Standing::Pilot,
            (_, Some(CovenantStatus::Signed | CovenantStatus::Evaluated)) => Standing::Signed,
            (_, Some(CovenantStatus::Preparing)) => Standing::Preparing,
            (None, None) => Standing::NoAgreement,
            (Some(_), None) => Standing::Unknown,
        }
    }

    /// Every standing, so the theme's translations are checked for a label
    /// of each.
    pub const ALL: [Standing; 8] = [
        Standing::NoAgreement,
        Standing::Unknown,
        Standing::Policy,
        Standing::Preparing,
        Standing::Intention,
        Standing::Pilot,
        Standing::Signed,
        Standing::Ended,
    ];

    /// Key of the label pages show, in the theme's translations.
    pub fn key(self) -> &'static str {
        match self {
            Standing::NoAgreement => "standing_none",
            Standing::Unknown => "standing_unknown",
            Standing::Policy => "standing_policy",
            Standing::Pilot => "standing_pilot",
            Standing::Preparing => "standing_preparing",
            Standing::Intention => "standing_intention",
            Standing::Signed => "standing_signed",
            Standing::Ended => "standing_ended",
        }
    }

    /// The stable value of `standing` in open data, the same in every
    /// language.
    pub fn machine(self) -> &'static str {
        match self {
            Standing::NoAgreement => "nog geen afspraken",
            Standing::Unknown => "stand onbekend",
            Standing::Policy => "alleen een beleidsplan",
            Standing::Pilot => "pilot loopt",
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
            Standing::Policy => "beleidsplan",
            Standing::Pilot => "pilot",
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
    /// The region's place in [`Site::regions`] (a programme's place in
    /// [`Site::programmes`] for programme lessons).
    pub region: usize,
    /// The item's place in that region's list, from 0; its anchor counts
    /// from 1 (`#les-3` is item 2).
    pub item: usize,
}

/// Everything the site says on one theme.
#[derive(Debug, Clone, Default)]
pub struct ThemeEntries {
    /// The principles tagged with the theme, region by region.
    pub principles: Vec<ItemRef>,
    /// The working agreements tagged with the theme, region by region.
    pub agreements: Vec<ItemRef>,
    /// The regions' lessons tagged with the theme, region by region.
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
    /// The settings from `site.yaml` (a copy of `config_doc.meta`).
    pub config: SiteConfig,
    /// `site.yaml` as loaded, for diagnostics that point into it.
    pub config_doc: Doc<SiteConfig>,
    /// The site's address: from `site.yaml`, or the override in
    /// [`BuildOptions::base_url`](crate::BuildOptions::base_url).
    pub base: BaseUrl,
    /// The regions on the site (drafts only when drafts are built), by
    /// title.
    pub regions: Vec<Region>,
    /// The organisations, by title.
    pub partners: Vec<Doc<PartnerMeta>>,
    /// The themes, by `order`, then title.
    pub themes: Vec<Doc<ThemeMeta>>,
    /// The steps of the route, by `order`, then title.
    pub steps: Vec<Doc<StepMeta>>,
    /// The elements a covenant can contain, by `order`, then title.
    pub elements: Vec<Doc<ElementMeta>>,
    /// The national programmes, by title.
    pub programmes: Vec<Doc<ProgrammeMeta>>,
    /// The free pages on the site (drafts only when drafts are built), by
    /// `order`, then title.
    pub pages: Vec<Doc<PageMeta>>,
    /// Place in `regions` by slug.
    pub region_ix: Ids,
    /// Place in `partners` by id.
    pub partner_ix: Ids,
    /// Place in `themes` by id.
    pub theme_ix: Ids,
    /// Place in `steps` by id.
    pub step_ix: Ids,
    /// Place in `elements` by id.
    pub element_ix: Ids,
    /// Place in `programmes` by id.
    pub programme_ix: Ids,
    /// Per partner: (region, role) pairs.
    pub partner_regions: Vec<Vec<(usize, Option<String>)>>,
    /// Per theme, in the order of `themes`: everything said on it.
    pub theme_entries: Vec<ThemeEntries>,
    /// When each content file last changed in git, by its path in
    /// diagnostics (`regions/x/index.md`); empty outside git.
    pub history: HashMap<PathBuf, PartialDate>,
    /// The latest change to any content on the site: what pages built from
    /// many files (the comparison, the route) show as their date.
    pub latest: Option<PartialDate>,
    /// The addresses drafts would have (`/regio/x/`), with their file, when
    /// drafts are left out: a link to one is told why it does not work.
    pub drafts: HashMap<String, PathBuf>,
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
        root,
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

    fields::titles(
        &config,
        &regions,
        &fields::Collections {
            partners: &partners,
            themes: &themes,
            steps: &steps,
            elements: &elements,
            programmes: &programmes,
            pages: &pages,
        },
        diags,
    );
    let base = fields::base_url(&config, base_override, diags)?;

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
    let mut hidden: HashMap<String, PathBuf> = HashMap::new();
    if !drafts {
        for p in pages.iter().filter(|p| p.meta.draft) {
            hidden.insert(format!("/{}/", p.id), p.file.clone());
        }
        for r in regions.iter().filter(|r| r.doc.meta.draft) {
            let (id, m, file) = (&r.doc.id, &r.doc.meta, &r.doc.file);
            // The pages the draft would have: a covenant page only when it
            // has a covenant, so a link to a page it would never have is
            // told that, not "still a draft".
            let mut pages = vec![paths::region(id)];
            if m.covenant.is_some() {
                pages.push(paths::covenant(id));
            }
            pages.extend(
                m.earlier
                    .iter()
                    .filter_map(|c| c.id.as_deref())
                    .map(|e| paths::earlier(id, e)),
            );
            for p in pages {
                hidden.insert(format!("/{p}"), file.clone());
            }
        }
        pages.retain(|p| !p.meta.draft);
    }

    let refs = references::References {
        partner_ix: index(&partners),
        theme_ix: index(&themes),
        step_ix: index(&steps),
        element_ix: index(&elements),
        programme_ix: index(&programmes),
        unparsed,
        unreadable,
        diags,
    };
    refs.steps_and_elements(&steps, &elements);
    refs.programme_lessons(&programmes);
    let mut out_regions: Vec<Region> = regions
        .into_iter()
        .filter_map(|r| refs.region(r, drafts))
        .collect();
    by_title(&mut out_regions, |r| &r.src.doc.meta.title);
    let region_ix: Ids = out_regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.slug().to_string(), i))
        .collect();
    fields::other_documents(
        &config,
        &fields::Collections {
            partners: &partners,
            themes: &themes,
            steps: &steps,
            elements: &elements,
            programmes: &programmes,
            pages: &pages,
        },
        diags,
    );
    let derived = derived::Derived::of(&out_regions, &programmes, &refs);
    let references::References {
        partner_ix,
        theme_ix,
        step_ix,
        element_ix,
        programme_ix,
        ..
    } = refs;

    let history = crate::load::history::read(&root);
    let latest = history
        .values()
        .copied()
        .chain(out_regions.iter().filter_map(|r| r.meta().updated))
        .filter(|d| d.year.is_some())
        .max();
    Some(Site {
        history,
        latest,
        drafts: hidden,
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
        partner_regions: derived.partner_regions,
        theme_entries: derived.theme_entries,
        programme_regions: derived.programme_regions,
    })
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
