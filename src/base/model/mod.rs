//! The typed content model: exactly what editors may write in `site.yaml`
//! and in the front matter of each content type (see docs/redactie.md).
//!
//! Every struct denies unknown keys so a typo is an error with a suggestion
//! instead of a silently missing value; `extra:` is the one open door.

pub mod bounded;
pub mod date;
mod region;
mod site;
pub mod text;

pub use date::PartialDate;
pub use region::*;
use serde::{Deserialize, Serialize};
pub use site::*;

/// Free fields an editor may add under `extra:`; never checked.
pub type Extra = serde_yaml::Mapping;

/// The fields of a model type in declaration order, read from the type's
/// own "unknown field" message: the model itself, never a copy of it.
pub fn field_names<T: serde::de::DeserializeOwned>() -> Vec<String> {
    let err = serde_yaml::from_str::<T>("veld_dat_niet_bestaat: 1")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    err.split("expected ")
        .nth(1)
        .unwrap_or("")
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Marks the error of a required text left empty (`title:` with nothing
/// after it), so the message can say so instead of taking it for a date.
pub const LEFT_EMPTY: &str = "is leeg";

/// A required text: YAML reads `title:` with nothing after it as an empty
/// text, which would publish a page without a name. The error names the
/// field, since serde gives no path for a field at the top.
fn filled<'de, D>(d: D, field: &str) -> Result<String, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let text = Option::<String>::deserialize(d)?.unwrap_or_default();
    if text.trim().is_empty() {
        return Err(serde::de::Error::custom(format!("`{field}` {LEFT_EMPTY}")));
    }
    Ok(text)
}

fn filled_title<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    filled(d, "title")
}

fn filled_definition<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    filled(d, "definition")
}

fn filled_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    filled(d, "text")
}

/// A list or `extra:` written with nothing after it yet (`partners:` with
/// only commented example items under it) is empty: the scaffold writes
/// lists that way so items can be typed under them.
fn or_empty<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

fn default_language() -> String {
    "nl".into()
}

fn default_theme() -> String {
    "default".into()
}

/// `content/partners/<id>.md`.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerMeta {
    /// The organisation's name (`Woonservice IJmond/Zuid-Kennemerland`),
    /// wherever it is named; partners are sorted by it.
    #[serde(deserialize_with = "filled_title")]
    pub title: String,
    /// What kind of organisation it is; groups it on `/partners/` and in a
    /// playbook.
    pub kind: PartnerKind,
    /// The organisation's website, a full URL.
    #[serde(default)]
    pub website: Option<String>,
    /// Old addresses that redirect to the partner's page.
    #[serde(default, deserialize_with = "or_empty")]
    pub aliases: Vec<String>,
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default, deserialize_with = "or_empty")]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: Extra,
}

/// What kind of organisation a partner is (`kind:`), written in lower case.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
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
    /// None of these (`overig`): a regional organisation that carries out
    /// the agreements for the parties, an association of corporations, a
    /// municipal housing company. Counting one as a housing association
    /// would overstate what a region has.
    Overig,
}

impl PartnerKind {
    /// Every kind, in the order pages group partners by.
    pub const ALL: [PartnerKind; 6] = [
        PartnerKind::Gemeente,
        PartnerKind::Woningcorporatie,
        PartnerKind::Zorgaanbieder,
        PartnerKind::Welzijn,
        PartnerKind::Landelijk,
        PartnerKind::Overig,
    ];

    /// Key of the singular label pages show, in the theme's translations.
    pub fn key(self) -> &'static str {
        match self {
            PartnerKind::Gemeente => "partner_kind_gemeente",
            PartnerKind::Woningcorporatie => "partner_kind_woningcorporatie",
            PartnerKind::Zorgaanbieder => "partner_kind_zorgaanbieder",
            PartnerKind::Welzijn => "partner_kind_welzijn",
            PartnerKind::Landelijk => "partner_kind_landelijk",
            PartnerKind::Overig => "partner_kind_overig",
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
            PartnerKind::Overig => "partner_kinds_overig",
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
            PartnerKind::Overig => "partner_count_overig",
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
            PartnerKind::Overig => "Andere organisatie",
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
            PartnerKind::Overig => "Andere organisaties",
        }
    }
}

/// `content/themes/<id>.md`.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeMeta {
    /// The theme's name (`Zachte landing`): the heading of its page and the
    /// tag on everything said on it.
    #[serde(deserialize_with = "filled_title")]
    pub title: String,
    /// One or two sentences: what the word means here.
    #[serde(deserialize_with = "filled_definition")]
    pub definition: String,
    /// Place in the list of themes, low first; themes without one follow,
    /// by name.
    #[serde(default)]
    pub order: Option<i32>,
    /// Old addresses that redirect to the theme's page.
    #[serde(default, deserialize_with = "or_empty")]
    pub aliases: Vec<String>,
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default, deserialize_with = "or_empty")]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: Extra,
}

/// `content/steps/<id>.md`: one step of the route a region follows.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepMeta {
    /// The step's name (`Startnotitie`).
    #[serde(deserialize_with = "filled_title")]
    pub title: String,
    /// Place and number of the step in the route, low first.
    pub order: i32,
    /// What the step is for, in one sentence.
    #[serde(default)]
    pub purpose: Option<String>,
    /// What the step typically delivers.
    #[serde(default, deserialize_with = "or_empty")]
    pub outputs: Vec<String>,
    /// The theme whose lessons belong to this step.
    #[serde(default)]
    pub theme: Option<String>,
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default, deserialize_with = "or_empty")]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: Extra,
}

/// `content/elements/<id>.md`: one element a covenant can contain.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ElementMeta {
    /// The element's name (`Doelgroep`).
    #[serde(deserialize_with = "filled_title")]
    pub title: String,
    /// Place of the element in the checklist, low first.
    pub order: i32,
    /// The id of a theme the element belongs to (a file in `themes/`);
    /// checked, but no page shows it yet.
    #[serde(default)]
    pub theme: Option<String>,
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default, deserialize_with = "or_empty")]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: Extra,
}

/// `content/programmes/<id>.md`.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeMeta {
    /// The programme's name (`Actieprogramma Weer Thuis!`): its heading,
    /// its entry in the main menu and its name on the home page and the
    /// playbooks in it.
    #[serde(deserialize_with = "filled_title")]
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
    #[serde(default, deserialize_with = "or_empty")]
    pub phases: Vec<Phase>,
    /// Lessons drawn at programme level, across its regions.
    #[serde(default, deserialize_with = "or_empty")]
    pub lessons: Vec<Lesson>,
    /// The sources of the facts on the programme's page.
    #[serde(default, deserialize_with = "or_empty")]
    pub sources: Vec<Source>,
    /// Old addresses that redirect to the programme's page.
    #[serde(default, deserialize_with = "or_empty")]
    pub aliases: Vec<String>,
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default, deserialize_with = "or_empty")]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: Extra,
}

/// One phase of a programme.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// The name of the phase (`Fase 1: acht regio's`).
    #[serde(deserialize_with = "filled_title")]
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
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    /// The page's title (`Over deze site`): its heading and its link in the
    /// footer of every page.
    #[serde(deserialize_with = "filled_title")]
    pub title: String,
    /// For search engines and link previews only; without it, the first
    /// paragraph of the text.
    #[serde(default)]
    pub description: Option<String>,
    /// Position in the footer/menu list of free pages.
    #[serde(default)]
    pub order: Option<i32>,
    /// The sources of the facts on the page.
    #[serde(default, deserialize_with = "or_empty")]
    pub sources: Vec<Source>,
    /// Old addresses that redirect to the page.
    #[serde(default, deserialize_with = "or_empty")]
    pub aliases: Vec<String>,
    /// `true` keeps the page off the site, unless drafts are shown
    /// (`--drafts`).
    #[serde(default)]
    pub draft: bool,
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default, deserialize_with = "or_empty")]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: Extra,
}
