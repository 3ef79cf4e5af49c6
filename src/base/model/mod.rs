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
    /// The site's name (`Draaiboek uitstroom`): in the header and browser
    /// tab of every page and the heading of the home page.
    pub title: String,
    /// One sentence for search engines and link previews.
    #[serde(default)]
    pub description: Option<String>,
    /// The site's published address (`https://draaiboek.example.nl/`):
    /// canonical links, the feed and the covenant pages' permanent links
    /// are built on it. `--base-url` overrides it.
    pub base_url: String,
    /// The language of everything the theme itself puts on a page (`nl`,
    /// the default, or `en`): it needs a file in the theme's `i18n/`.
    /// Editors' own texts are never translated.
    #[serde(default = "default_language")]
    pub language: String,
    /// The name of the folder in `themes/` that styles the site; `default`
    /// unless set.
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
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default)]
    pub extra: Extra,
}

/// The `compare:` block of `site.yaml`: the columns of `/vergelijk/` and of
/// `regions.csv`, instead of the default set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareConfig {
    /// The columns, in the order the table shows them.
    pub columns: Vec<CompareColumn>,
}

/// One column of the comparison table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareColumn {
    /// A path into the region: `covenant.homes_per_year`, `extra.inhabitants`,
    /// `partners.gemeente`, `derived.homes_per_10000`, ...
    pub field: String,
    /// The column heading (`Woningen per jaar`), shown as written in every
    /// language.
    pub label: String,
    /// How the value is shown and sorted; without it, the field's natural
    /// format.
    #[serde(default)]
    pub format: Option<ColumnFormat>,
}

/// How a comparison column shows and sorts its values, written in lower
/// case in `site.yaml` (`format: number`). A value that does not fit the
/// format is shown as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnFormat {
    /// A number, formatted in the site's language and sorted by value; text
    /// such as `1.234` or `61,7` is read as a number.
    Number,
    /// A date as precise as it is known (`2020`, `2020-10`), sorted in
    /// time.
    Date,
    /// Text as written, sorted alphabetically.
    Text,
    /// A list, shown separated by commas.
    List,
    /// Written `yesno` in site.yaml.
    Yesno,
    /// A link: a site path starting with `/` or an `http(s)` URL.
    Link,
}

fn default_language() -> String {
    "nl".into()
}

fn default_theme() -> String {
    "default".into()
}

/// An extra link in the main navigation (`menu:` in `site.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    /// The link text (`Over deze site`).
    pub title: String,
    /// A site path such as `/over/` or a full URL.
    pub url: String,
}

/// `content/regions/<slug>/index.md`.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegionMeta {
    /// The region's name as readers see it, e.g.
    /// `Zuid-Kennemerland en IJmond`: the playbook's heading and its name
    /// in every list; regions are sorted by it.
    pub title: String,
    /// The province (`Noord-Holland`), or `None` when no source names it.
    #[serde(default)]
    pub province: Option<String>,
    /// The municipalities in the region, in the editor's order.
    #[serde(default)]
    pub municipalities: Vec<String>,
    /// The id of the national programme the region is part of
    /// (`weer-thuis`, a file in `programmes/`).
    #[serde(default)]
    pub programme: Option<String>,
    /// The agreements in short; `None` when the playbook has no `covenant:`
    /// block, which readers see as "nog geen afspraken".
    #[serde(default)]
    pub covenant: Option<Covenant>,
    /// The organisations taking part, each with its role in the region.
    #[serde(default)]
    pub partners: Vec<PartnerRef>,
    /// The principles: the starting points of the covenant, each tagged
    /// with a theme.
    #[serde(default)]
    pub principles: Vec<Statement>,
    /// The working agreements: who does what, each tagged with a theme.
    #[serde(default)]
    pub agreements: Vec<Statement>,
    /// The timeline of how the region got to its agreements.
    #[serde(default)]
    pub process: Vec<ProcessEntry>,
    /// Lessons learned, each tagged with a theme and possibly attributed.
    #[serde(default)]
    pub lessons: Vec<Lesson>,
    /// The sources of the facts on the playbook and the covenant page.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Old addresses (`/regio/oude-naam/`) that redirect to this playbook.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// When the playbook was last brought up to date; orders the feed.
    #[serde(default)]
    pub updated: Option<PartialDate>,
    /// `true` keeps the region off the site (still checked), unless drafts
    /// are shown (`--drafts`).
    #[serde(default)]
    pub draft: bool,
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default)]
    pub extra: Extra,
}

/// The `covenant:` block of a playbook: the agreements in short. Every
/// field is optional; one left out shows as unknown, never as a guess.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Covenant {
    /// The agreements' own name (`Uitstroomregeling Pact`).
    #[serde(default)]
    pub name: Option<String>,
    /// What kind of agreement it is.
    #[serde(default)]
    pub kind: Option<CovenantKind>,
    /// How far the agreement has come.
    #[serde(default)]
    pub status: Option<CovenantStatus>,
    /// When it was signed, as precise as the source says.
    #[serde(default)]
    pub signed: Option<PartialDate>,
    /// How many parties signed it (1 to 1000).
    #[serde(default, deserialize_with = "bounded::signatories")]
    pub signatories: Option<u32>,
    /// How many years it runs (1 to 100).
    #[serde(default, deserialize_with = "bounded::term_years")]
    pub term_years: Option<u32>,
    /// How many homes a year the parties agreed on (0 to 100,000).
    #[serde(default, deserialize_with = "bounded::homes_per_year")]
    pub homes_per_year: Option<u32>,
    /// How the homes are divided among the municipalities, in the editor's
    /// words.
    #[serde(default)]
    pub distribution_key: Option<String>,
    /// A file in the region folder, or an http(s) URL.
    #[serde(default)]
    pub document: Option<String>,
    /// Ids of the elements (files in `elements/`) a source says the
    /// covenant contains, in the order the covenant page lists them.
    #[serde(default)]
    pub elements: Vec<String>,
    /// Elements a source says the covenant does not contain.
    #[serde(default)]
    pub lacks: Vec<String>,
}

/// What an agreement calls itself (`kind:` in `covenant:`); readers see the
/// word as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CovenantKind {
    /// An agreement that calls itself a covenant (`convenant`).
    Convenant,
    /// An agreement that calls itself a pact (`pact`), such as the
    /// Uitstroomregeling Pact.
    Pact,
    /// Agreements on record that are called neither covenant nor pact
    /// (`afspraken`).
    Afspraken,
    /// A declaration that the parties intend to make agreements
    /// (`intentieverklaring`).
    Intentieverklaring,
}

impl CovenantKind {
    /// Every kind, so the theme's translations are checked for a label of
    /// each.
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

/// How far a covenant has come (`status:` in `covenant:`): written in
/// English, shown to readers in the site's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CovenantStatus {
    /// In preparation (`preparing`).
    Preparing,
    /// Signed (`signed`).
    Signed,
    /// Signed and evaluated (`evaluated`).
    Evaluated,
    /// Ended (`ended`).
    Ended,
}

impl CovenantStatus {
    /// Every status, so the theme's translations are checked for a label of
    /// each.
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

/// An organisation taking part in a region (`partners:` of a playbook).
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerRef {
    /// The partner's id: a file in `partners/` (`woonservice`).
    pub id: String,
    /// What the partner does in this region
    /// (`regionale uitvoeringsorganisatie`).
    #[serde(default)]
    pub role: Option<String>,
}

/// A principle or a working agreement, tagged with a theme.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// The id of the theme it belongs to (a file in `themes/`).
    pub theme: String,
    /// The text, inline Markdown allowed.
    pub text: String,
}

/// One entry of a playbook's process: a step the region took.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessEntry {
    /// When it happened, as precise as the source says; `None` shows as
    /// "datum onbekend" and keeps the editor's order for the whole
    /// timeline.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// The id of the step (a file in `steps/`, `ondertekening`).
    pub step: String,
    /// What happened in that step, inline Markdown allowed.
    pub text: String,
}

/// A lesson learned, of a region or a programme.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// The id of the theme it belongs to (a file in `themes/`).
    pub theme: String,
    /// The lesson in the editor's own words, inline Markdown allowed.
    pub text: String,
    /// The person the source attributes the lesson to, only when the source
    /// names them.
    #[serde(default)]
    pub quote_by: Option<String>,
}

/// A source of the facts on a page: a region, a programme or a free page.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The title of the article or report.
    pub title: String,
    /// Its address, a full URL.
    #[serde(default)]
    pub url: Option<String>,
    /// When it was published, as precise as the source says.
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
    /// The organisation's name (`Woonservice IJmond/Zuid-Kennemerland`),
    /// wherever it is named; partners are sorted by it.
    pub title: String,
    /// What kind of organisation it is; groups it on `/partners/` and in a
    /// playbook.
    pub kind: PartnerKind,
    /// The organisation's website, a full URL.
    #[serde(default)]
    pub website: Option<String>,
    /// Old addresses that redirect to the partner's page.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default)]
    pub extra: Extra,
}

/// What kind of organisation a partner is (`kind:`), written in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PartnerKind {
    /// A municipality (`gemeente`).
    Gemeente,
    /// A housing association (`woningcorporatie`).
    Woningcorporatie,
    /// A care provider (`zorgaanbieder`).
    Zorgaanbieder,
    /// A welfare organisation (`welzijn`).
    Welzijn,
    /// A national organisation (`landelijk`).
    Landelijk,
}

impl PartnerKind {
    /// Every kind, in the order pages group partners by.
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
    /// The theme's name (`Zachte landing`): the heading of its page and the
    /// tag on everything said on it.
    pub title: String,
    /// One or two sentences: what the word means here.
    pub definition: String,
    /// Place in the list of themes, low first; themes without one follow,
    /// by name.
    #[serde(default)]
    pub order: Option<i32>,
    /// Old addresses that redirect to the theme's page.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default)]
    pub extra: Extra,
}

/// `content/steps/<id>.md`: one step of the route a region follows.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StepMeta {
    /// The step's name (`Startnotitie`).
    pub title: String,
    /// Place and number of the step in the route, low first.
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
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default)]
    pub extra: Extra,
}

/// `content/elements/<id>.md`: one element a covenant can contain.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ElementMeta {
    /// The element's name (`Doelgroep`).
    pub title: String,
    /// Place of the element in the checklist, low first.
    pub order: i32,
    /// The id of a theme the element belongs to (a file in `themes/`);
    /// checked, but no page shows it yet.
    #[serde(default)]
    pub theme: Option<String>,
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default)]
    pub extra: Extra,
}

/// `content/programmes/<id>.md`.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeMeta {
    /// The programme's name (`Actieprogramma Weer Thuis!`): its heading,
    /// its entry in the main menu and its name on the home page and the
    /// playbooks in it.
    pub title: String,
    /// The introduction under the heading, also the description for search
    /// engines.
    #[serde(default)]
    pub summary: Option<String>,
    /// When the programme started, as precise as the source says.
    #[serde(default)]
    pub started: Option<PartialDate>,
    /// The programme's website, a full URL.
    #[serde(default)]
    pub website: Option<String>,
    /// The phases of the programme, in the editor's order.
    #[serde(default)]
    pub phases: Vec<Phase>,
    /// Lessons drawn at programme level, across its regions.
    #[serde(default)]
    pub lessons: Vec<Lesson>,
    /// The sources of the facts on the programme's page.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Old addresses that redirect to the programme's page.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default)]
    pub extra: Extra,
}

/// One phase of a programme.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// The name of the phase (`Fase 1: acht regio's`).
    pub title: String,
    /// When the phase began.
    #[serde(default)]
    pub from: Option<PartialDate>,
    /// When the phase ended.
    #[serde(default)]
    pub to: Option<PartialDate>,
    /// What happened in the phase, in Markdown.
    #[serde(default)]
    pub text: Option<String>,
}

/// `content/pages/<slug>.md`.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    /// The page's title (`Over deze site`): its heading and its link in the
    /// footer of every page.
    pub title: String,
    /// For search engines and link previews only; without it, the first
    /// paragraph of the text.
    #[serde(default)]
    pub description: Option<String>,
    /// Position in the footer/menu list of free pages.
    #[serde(default)]
    pub order: Option<i32>,
    /// The sources of the facts on the page.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Old addresses that redirect to the page.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `true` keeps the page off the site, unless drafts are shown
    /// (`--drafts`).
    #[serde(default)]
    pub draft: bool,
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default)]
    pub extra: Extra,
}
