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
    CovenantKind, CovenantStatus, OrderedMeta, PageMeta, PartnerMeta, ProgrammeMeta, SiteConfig,
    StepMeta, ThemeMeta,
};
use crate::base::slug::slugify;
use crate::load::{Content, Doc, RegionDoc};
use std::path::PathBuf;

/// Where a region's covenant document lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CovenantDocument {
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
    pub document: Option<CovenantDocument>,
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
    pub fn machine(self) -> &'static str {
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
    if !drafts {
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
