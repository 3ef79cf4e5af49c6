//! The typed content model: exactly what editors may write in `site.yaml`
//! and in the front matter of each content type (see docs/redactie.md).
//!
//! Every struct denies unknown keys so a typo is an error with a suggestion
//! instead of a silently missing value; `extra:` is the one open door.

pub mod bounded;
pub mod date;
pub mod text;

pub use date::PartialDate;
use serde::{Deserialize, Serialize};

/// Free fields an editor may add under `extra:`; never checked.
pub type Extra = serde_yaml::Mapping;

/// `content/site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    /// One sentence for search engines and link previews.
    #[serde(default)]
    pub description: Option<String>,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Raw HTML in Markdown is shown as text unless this is `true`: content
    /// may come from partners, and a `<script>` in a playbook would run on
    /// every reader's page.
    #[serde(default)]
    pub allow_html: bool,
    /// Extra links in the main navigation, after the built-in sections.
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    /// Shown in the footer of every page.
    #[serde(default)]
    pub footer: Option<String>,
    /// An image for link previews (Open Graph): a path under the theme's
    /// `static/` folder such as `/static/delen.png`, or a full URL.
    #[serde(default)]
    pub image: Option<String>,
    /// The comparison table at /vergelijk/.
    #[serde(default)]
    pub compare: Option<CompareConfig>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareConfig {
    pub columns: Vec<CompareColumn>,
}

/// One column of the comparison table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareColumn {
    /// A path into the region: `covenant.homes_per_year`, `extra.inhabitants`,
    /// `partners.gemeente`, `derived.homes_per_10000`, ...
    pub field: String,
    pub label: String,
    #[serde(default)]
    pub format: Option<ColumnFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnFormat {
    Number,
    Date,
    Text,
    List,
    /// Written `yesno` in site.yaml.
    Yesno,
    Link,
}

fn default_language() -> String {
    "nl".into()
}

fn default_theme() -> String {
    "default".into()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub title: String,
    /// A site path such as `/over/` or a full URL.
    pub url: String,
}

/// `content/regions/<slug>/index.md`.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegionMeta {
    pub title: String,
    #[serde(default)]
    pub province: Option<String>,
    #[serde(default)]
    pub municipalities: Vec<String>,
    #[serde(default)]
    pub programme: Option<String>,
    #[serde(default)]
    pub covenant: Option<Covenant>,
    #[serde(default)]
    pub partners: Vec<PartnerRef>,
    #[serde(default)]
    pub principles: Vec<Statement>,
    #[serde(default)]
    pub agreements: Vec<Statement>,
    #[serde(default)]
    pub process: Vec<ProcessEntry>,
    #[serde(default)]
    pub lessons: Vec<Lesson>,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// When the playbook was last brought up to date; orders the feed.
    #[serde(default)]
    pub updated: Option<PartialDate>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Covenant {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub kind: Option<CovenantKind>,
    #[serde(default)]
    pub status: Option<CovenantStatus>,
    #[serde(default)]
    pub signed: Option<PartialDate>,
    #[serde(default, deserialize_with = "bounded::signatories")]
    pub signatories: Option<u32>,
    #[serde(default, deserialize_with = "bounded::term_years")]
    pub term_years: Option<u32>,
    #[serde(default, deserialize_with = "bounded::homes_per_year")]
    pub homes_per_year: Option<u32>,
    #[serde(default)]
    pub distribution_key: Option<String>,
    /// A file in the region folder, or an http(s) URL.
    #[serde(default)]
    pub document: Option<String>,
    #[serde(default)]
    pub elements: Vec<String>,
    /// Elements a source says the covenant does not contain.
    #[serde(default)]
    pub lacks: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CovenantKind {
    Convenant,
    Pact,
    Afspraken,
    Intentieverklaring,
}

impl CovenantKind {
    pub const ALL: [CovenantKind; 4] = [
        CovenantKind::Convenant,
        CovenantKind::Pact,
        CovenantKind::Afspraken,
        CovenantKind::Intentieverklaring,
    ];

    /// Key of the label pages show, in the theme's translations.
    pub fn key(self) -> &'static str {
        match self {
            CovenantKind::Convenant => "kind_convenant",
            CovenantKind::Pact => "kind_pact",
            CovenantKind::Afspraken => "kind_afspraken",
            CovenantKind::Intentieverklaring => "kind_intentieverklaring",
        }
    }

    /// The stable value in open data (the comparison columns of
    /// regions.json and .csv), the same in every language.
    pub fn machine(self) -> &'static str {
        match self {
            CovenantKind::Convenant => "convenant",
            CovenantKind::Pact => "pact",
            CovenantKind::Afspraken => "afspraken",
            CovenantKind::Intentieverklaring => "intentieverklaring",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CovenantStatus {
    Preparing,
    Signed,
    Evaluated,
    Ended,
}

impl CovenantStatus {
    pub const ALL: [CovenantStatus; 4] = [
        CovenantStatus::Preparing,
        CovenantStatus::Signed,
        CovenantStatus::Evaluated,
        CovenantStatus::Ended,
    ];

    /// Key of the label pages show, in the theme's translations.
    pub fn key(self) -> &'static str {
        match self {
            CovenantStatus::Preparing => "status_preparing",
            CovenantStatus::Signed => "status_signed",
            CovenantStatus::Evaluated => "status_evaluated",
            CovenantStatus::Ended => "status_ended",
        }
    }

    /// The stable value in open data, the same in every language.
    pub fn machine(self) -> &'static str {
        match self {
            CovenantStatus::Preparing => "in voorbereiding",
            CovenantStatus::Signed => "ondertekend",
            CovenantStatus::Evaluated => "ondertekend en geëvalueerd",
            CovenantStatus::Ended => "beëindigd",
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerRef {
    pub id: String,
    #[serde(default)]
    pub role: Option<String>,
}

/// A principle or a working agreement, tagged with a theme.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub theme: String,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessEntry {
    #[serde(default)]
    pub date: Option<PartialDate>,
    pub step: String,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    pub theme: String,
    pub text: String,
    #[serde(default)]
    pub quote_by: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// Who published it (Platform31, Aedes, ...).
    #[serde(default)]
    pub publisher: Option<String>,
}

/// `content/partners/<id>.md`.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerMeta {
    pub title: String,
    pub kind: PartnerKind,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PartnerKind {
    Gemeente,
    Woningcorporatie,
    Zorgaanbieder,
    Welzijn,
    Landelijk,
}

impl PartnerKind {
    pub const ALL: [PartnerKind; 5] = [
        PartnerKind::Gemeente,
        PartnerKind::Woningcorporatie,
        PartnerKind::Zorgaanbieder,
        PartnerKind::Welzijn,
        PartnerKind::Landelijk,
    ];

    /// Key of the singular label pages show, in the theme's translations.
    pub fn key(self) -> &'static str {
        match self {
            PartnerKind::Gemeente => "partner_kind_gemeente",
            PartnerKind::Woningcorporatie => "partner_kind_woningcorporatie",
            PartnerKind::Zorgaanbieder => "partner_kind_zorgaanbieder",
            PartnerKind::Welzijn => "partner_kind_welzijn",
            PartnerKind::Landelijk => "partner_kind_landelijk",
        }
    }

    /// Key of the plural label (a heading above a group of partners).
    pub fn plural_key(self) -> &'static str {
        match self {
            PartnerKind::Gemeente => "partner_kinds_gemeente",
            PartnerKind::Woningcorporatie => "partner_kinds_woningcorporatie",
            PartnerKind::Zorgaanbieder => "partner_kinds_zorgaanbieder",
            PartnerKind::Welzijn => "partner_kinds_welzijn",
            PartnerKind::Landelijk => "partner_kinds_landelijk",
        }
    }

    /// Key of "{n} gemeenten" (`_one` / `_other`) in the comparison table.
    pub fn count_key(self) -> &'static str {
        match self {
            PartnerKind::Gemeente => "partner_count_gemeente",
            PartnerKind::Woningcorporatie => "partner_count_woningcorporatie",
            PartnerKind::Zorgaanbieder => "partner_count_zorgaanbieder",
            PartnerKind::Welzijn => "partner_count_welzijn",
            PartnerKind::Landelijk => "partner_count_landelijk",
        }
    }

    /// The stable Dutch label in open data, the same in every language.
    pub fn machine(self) -> &'static str {
        match self {
            PartnerKind::Gemeente => "Gemeente",
            PartnerKind::Woningcorporatie => "Woningcorporatie",
            PartnerKind::Zorgaanbieder => "Zorgaanbieder",
            PartnerKind::Welzijn => "Welzijnsorganisatie",
            PartnerKind::Landelijk => "Landelijke organisatie",
        }
    }

    /// The stable Dutch plural in open data.
    pub fn plural(self) -> &'static str {
        match self {
            PartnerKind::Gemeente => "Gemeenten",
            PartnerKind::Woningcorporatie => "Woningcorporaties",
            PartnerKind::Zorgaanbieder => "Zorgaanbieders",
            PartnerKind::Welzijn => "Welzijnsorganisaties",
            PartnerKind::Landelijk => "Landelijke organisaties",
        }
    }
}

/// `content/themes/<id>.md`.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeMeta {
    pub title: String,
    /// One or two sentences: what the word means here.
    pub definition: String,
    #[serde(default)]
    pub order: Option<i32>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub extra: Extra,
}

/// `content/steps/<id>.md`: one step of the route a region follows.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StepMeta {
    pub title: String,
    pub order: i32,
    /// What the step is for, in one sentence.
    #[serde(default)]
    pub purpose: Option<String>,
    /// What the step typically delivers.
    #[serde(default)]
    pub outputs: Vec<String>,
    /// The theme whose lessons belong to this step.
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub extra: Extra,
}

/// `content/elements/<id>.md`: one element a covenant can contain.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrderedMeta {
    pub title: String,
    pub order: i32,
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub extra: Extra,
}

/// `content/programmes/<id>.md`.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeMeta {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub started: Option<PartialDate>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub phases: Vec<Phase>,
    /// Lessons drawn at programme level, across its regions.
    #[serde(default)]
    pub lessons: Vec<Lesson>,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub title: String,
    #[serde(default)]
    pub from: Option<PartialDate>,
    #[serde(default)]
    pub to: Option<PartialDate>,
    #[serde(default)]
    pub text: Option<String>,
}

/// `content/pages/<slug>.md`.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Position in the footer/menu list of free pages.
    #[serde(default)]
    pub order: Option<i32>,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub extra: Extra,
}
