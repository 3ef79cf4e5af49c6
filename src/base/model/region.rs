//! A region's playbook (`regions/<slug>/index.md`): its covenant, the
//! statements, process and lessons, and where they come from.

use super::*;
use serde::{Deserialize, Serialize};

/// `content/regions/<slug>/index.md`.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionMeta {
    /// The region's name as readers see it, e.g.
    /// `Zuid-Kennemerland en IJmond`: the playbook's heading and its name
    /// in every list; regions are sorted by it.
    #[serde(deserialize_with = "filled_title")]
    pub title: String,
    /// The province (`Noord-Holland`), or `None` when no source names it.
    #[serde(default)]
    pub province: Option<String>,
    /// The municipalities in the region, in the editor's order.
    #[serde(default, deserialize_with = "or_empty")]
    pub municipalities: Vec<String>,
    /// The id of the national programme the region is part of
    /// (`weer-thuis`, a file in `programmes/`).
    #[serde(default)]
    pub programme: Option<String>,
    /// The agreements in short; `None` when the playbook has no `covenant:`
    /// block, which readers see as "nog geen afspraken".
    #[serde(default)]
    pub covenant: Option<Covenant>,
    /// The agreements the region had before the one in force, oldest
    /// first, each with an `id`: its own page `/regio/<slug>/convenant/<id>/`.
    #[serde(
        default,
        deserialize_with = "or_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub earlier: Vec<Covenant>,
    /// The organisations taking part, each with its role in the region.
    #[serde(default, deserialize_with = "or_empty")]
    pub partners: Vec<PartnerRef>,
    /// The principles: the starting points of the covenant, each tagged
    /// with a theme.
    #[serde(default, deserialize_with = "or_empty")]
    pub principles: Vec<Statement>,
    /// The working agreements: who does what, each tagged with a theme.
    #[serde(default, deserialize_with = "or_empty")]
    pub agreements: Vec<Statement>,
    /// The timeline of how the region got to its agreements.
    #[serde(default, deserialize_with = "or_empty")]
    pub process: Vec<ProcessEntry>,
    /// Lessons learned, each tagged with a theme and possibly attributed.
    #[serde(default, deserialize_with = "or_empty")]
    pub lessons: Vec<Lesson>,
    /// The sources of the facts on the playbook and the covenant page.
    #[serde(default, deserialize_with = "or_empty")]
    pub sources: Vec<Source>,
    /// Old addresses (`/regio/oude-naam/`) that redirect to this playbook.
    #[serde(default, deserialize_with = "or_empty")]
    pub aliases: Vec<String>,
    /// When the playbook was last brought up to date; orders the feed.
    #[serde(default)]
    pub updated: Option<PartialDate>,
    /// `true` keeps the region off the site (still checked), unless drafts
    /// are shown (`--drafts`).
    #[serde(default)]
    pub draft: bool,
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default, deserialize_with = "or_empty")]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: Extra,
}

/// The `covenant:` block of a playbook: the agreements in short. Every
/// field is optional; one left out shows as unknown, never as a guess.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Covenant {
    /// The agreement's id, only in `earlier:` (`pact-2020`): the last part
    /// of its page's address, which must never change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The agreements' own name (`Uitstroomregeling Pact`).
    #[serde(default)]
    pub name: Option<String>,
    /// What kind of agreement it is.
    #[serde(default)]
    pub kind: Option<CovenantKind>,
    /// How far the agreement has come.
    #[serde(default)]
    pub status: Option<CovenantStatus>,
    /// When `status` was last known to be so: pages say "stand december
    /// 2018" after it, so an old status is never read as today's.
    #[serde(default)]
    pub status_as_of: Option<PartialDate>,
    /// When it was signed, as precise as the source says.
    #[serde(default)]
    pub signed: Option<PartialDate>,
    /// How many parties signed it (1 to 1000).
    #[serde(default, deserialize_with = "bounded::signatories")]
    pub signatories: Option<u32>,
    /// How many years it runs (0.1 to 100, decimals allowed: a pilot of
    /// 2.5 years).
    #[serde(default, deserialize_with = "bounded::term_years")]
    pub term_years: Option<f64>,
    /// The date it runs until, where the source gives that instead of (or
    /// besides) a term.
    #[serde(default)]
    pub ends: Option<PartialDate>,
    /// How many homes a year the parties agreed on (0 to 100,000).
    #[serde(default, deserialize_with = "bounded::homes_per_year")]
    pub homes_per_year: Option<u32>,
    /// The share of the homes that come free each year, in percent (0 to
    /// 100), where the agreement gives a share instead of a number.
    #[serde(default, deserialize_with = "bounded::share_percent")]
    pub homes_share_percent: Option<f64>,
    /// Within how many months a home is offered once someone is ready to
    /// move (1 to 120).
    #[serde(default, deserialize_with = "bounded::offer_months")]
    pub offer_within_months: Option<u32>,
    /// Who the agreement is for, from a fixed list.
    #[serde(default, deserialize_with = "or_empty")]
    pub target_groups: Vec<TargetGroup>,
    /// The fields of this block a source gives as uncertain: pages add
    /// "niet bevestigd" to them.
    #[serde(default, deserialize_with = "or_empty")]
    pub unconfirmed: Vec<CovenantField>,
    /// The id of the entry in `sources:` that gives these facts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// How the homes are divided among the municipalities, in the editor's
    /// words.
    #[serde(default)]
    pub distribution_key: Option<String>,
    /// A file in the region folder, or an http(s) URL.
    #[serde(default)]
    pub document: Option<String>,
    /// Ids of the elements (files in `elements/`) a source says the
    /// covenant contains, in the order the covenant page lists them.
    #[serde(default, deserialize_with = "or_empty")]
    pub elements: Vec<String>,
    /// Elements a source says the covenant does not contain.
    #[serde(default, deserialize_with = "or_empty")]
    pub lacks: Vec<String>,
}

/// Who an agreement is for (`target_groups:`); readers see the label from
/// the theme's translations (`target_group_<id>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TargetGroup {
    /// People leaving sheltered housing (`beschermd-wonen`).
    BeschermdWonen,
    /// People leaving a shelter (`maatschappelijke-opvang`).
    MaatschappelijkeOpvang,
    /// People leaving a women's shelter (`vrouwenopvang`).
    Vrouwenopvang,
    /// Unaccompanied minor asylum seekers (`amv`).
    Amv,
    /// People leaving a mental health clinic (`ggz-kliniek`).
    GgzKliniek,
    /// Young people leaving youth care (`jeugdzorg`).
    Jeugdzorg,
    /// People leaving detention (`detentie`).
    Detentie,
}

impl TargetGroup {
    /// Every group, so the theme's translations are checked for a label of
    /// each.
    pub const ALL: [TargetGroup; 7] = [
        TargetGroup::BeschermdWonen,
        TargetGroup::MaatschappelijkeOpvang,
        TargetGroup::Vrouwenopvang,
        TargetGroup::Amv,
        TargetGroup::GgzKliniek,
        TargetGroup::Jeugdzorg,
        TargetGroup::Detentie,
    ];

    /// The value as editors write it and open data carries it.
    pub fn machine(self) -> &'static str {
        match self {
            TargetGroup::BeschermdWonen => "beschermd-wonen",
            TargetGroup::MaatschappelijkeOpvang => "maatschappelijke-opvang",
            TargetGroup::Vrouwenopvang => "vrouwenopvang",
            TargetGroup::Amv => "amv",
            TargetGroup::GgzKliniek => "ggz-kliniek",
            TargetGroup::Jeugdzorg => "jeugdzorg",
            TargetGroup::Detentie => "detentie",
        }
    }

    /// Key of the label pages show, in the theme's translations.
    pub fn key(self) -> String {
        format!("target_group_{}", self.machine().replace('-', "_"))
    }
}

/// A fact of the `covenant:` block that a source may give as uncertain
/// (`unconfirmed:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CovenantField {
    /// `name`
    Name,
    /// `kind`
    Kind,
    /// `status`
    Status,
    /// `signed`
    Signed,
    /// `signatories`
    Signatories,
    /// `term_years`
    TermYears,
    /// `ends`
    Ends,
    /// `homes_per_year`
    HomesPerYear,
    /// `homes_share_percent`
    HomesSharePercent,
    /// `offer_within_months`
    OfferWithinMonths,
    /// `target_groups`
    TargetGroups,
    /// `distribution_key`
    DistributionKey,
}

/// What an agreement calls itself (`kind:` in `covenant:`); readers see the
/// word as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, schemars::JsonSchema)]
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
    /// A cooperation agreement between the parties
    /// (`samenwerkingsovereenkomst`).
    Samenwerkingsovereenkomst,
    /// A local arrangement, such as a municipality's allocation rule
    /// (`regeling`), rather than a regional covenant.
    Regeling,
    /// A policy plan (`beleidsplan`): the intentions of one party or
    /// region, not an agreement between parties. Never counted or shown as
    /// a signed agreement.
    Beleidsplan,
}

impl CovenantKind {
    /// Every kind, so the theme's translations are checked for a label of
    /// each.
    pub const ALL: [CovenantKind; 7] = [
        CovenantKind::Convenant,
        CovenantKind::Pact,
        CovenantKind::Afspraken,
        CovenantKind::Intentieverklaring,
        CovenantKind::Samenwerkingsovereenkomst,
        CovenantKind::Regeling,
        CovenantKind::Beleidsplan,
    ];

    /// Key of the label pages show, in the theme's translations.
    pub fn key(self) -> &'static str {
        match self {
            CovenantKind::Convenant => "kind_convenant",
            CovenantKind::Pact => "kind_pact",
            CovenantKind::Afspraken => "kind_afspraken",
            CovenantKind::Intentieverklaring => "kind_intentieverklaring",
            CovenantKind::Samenwerkingsovereenkomst => "kind_samenwerkingsovereenkomst",
            CovenantKind::Regeling => "kind_regeling",
            CovenantKind::Beleidsplan => "kind_beleidsplan",
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
            CovenantKind::Samenwerkingsovereenkomst => "samenwerkingsovereenkomst",
            CovenantKind::Regeling => "regeling",
            CovenantKind::Beleidsplan => "beleidsplan",
        }
    }

    /// Whether this is an agreement between parties at all: a policy plan
    /// is not, so it is never counted as a signed agreement.
    pub fn is_agreement(self) -> bool {
        self != CovenantKind::Beleidsplan
    }
}

/// How far a covenant has come (`status:` in `covenant:`): written in
/// English, shown to readers in the site's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
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
    /// The parties declared they intend to agree (`intention`).
    Intention,
    /// Running as a pilot for a limited time (`pilot`).
    Pilot,
    /// Replaced by a later agreement (`replaced`), as an agreement in
    /// `earlier:` usually is.
    Replaced,
}

impl CovenantStatus {
    /// Every status, so the theme's translations are checked for a label of
    /// each.
    pub const ALL: [CovenantStatus; 7] = [
        CovenantStatus::Preparing,
        CovenantStatus::Signed,
        CovenantStatus::Evaluated,
        CovenantStatus::Ended,
        CovenantStatus::Intention,
        CovenantStatus::Pilot,
        CovenantStatus::Replaced,
    ];

    /// Key of the label pages show, in the theme's translations.
    pub fn key(self) -> &'static str {
        match self {
            CovenantStatus::Preparing => "status_preparing",
            CovenantStatus::Signed => "status_signed",
            CovenantStatus::Evaluated => "status_evaluated",
            CovenantStatus::Ended => "status_ended",
            CovenantStatus::Intention => "status_intention",
            CovenantStatus::Pilot => "status_pilot",
            CovenantStatus::Replaced => "status_replaced",
        }
    }

    /// The stable value in open data, the same in every language.
    pub fn machine(self) -> &'static str {
        match self {
            CovenantStatus::Preparing => "in voorbereiding",
            CovenantStatus::Signed => "ondertekend",
            CovenantStatus::Evaluated => "ondertekend en geëvalueerd",
            CovenantStatus::Ended => "beëindigd",
            CovenantStatus::Intention => "intentie uitgesproken",
            CovenantStatus::Pilot => "pilot",
            CovenantStatus::Replaced => "vervangen",
        }
    }
}

/// An organisation taking part in a region (`partners:` of a playbook).
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerRef {
    /// The partner's id: a file in `partners/` (`woonservice`).
    pub id: String,
    /// What the partner does in this region
    /// (`regionale uitvoeringsorganisatie`).
    #[serde(default)]
    pub role: Option<String>,
    /// What kind of organisation it is in this region, where that differs
    /// from its own page (a national organisation that is a care provider
    /// here); the playbook groups it under this kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<PartnerKind>,
}

/// A principle or a working agreement, tagged with a theme.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// The id of the theme it belongs to (a file in `themes/`).
    pub theme: String,
    /// The text, inline Markdown allowed.
    #[serde(deserialize_with = "filled_text")]
    pub text: String,
    /// The id of the entry in the playbook's `sources:` that gives this
    /// (`p31`); pages put a numbered marker to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One entry of a playbook's process: a step the region took.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize, schemars::JsonSchema)]
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
    #[serde(deserialize_with = "filled_text")]
    pub text: String,
    /// The id of the entry in the playbook's `sources:` that gives this
    /// (`p31`); pages put a numbered marker to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A lesson learned, of a region or a programme.
#[derive(Debug, Clone, Deserialize, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// The id of the theme it belongs to (a file in `themes/`).
    pub theme: String,
    /// The lesson in the editor's own words, inline Markdown allowed.
    #[serde(deserialize_with = "filled_text")]
    pub text: String,
    /// The person the source attributes the lesson to, only when the source
    /// names them.
    #[serde(default)]
    pub quote_by: Option<String>,
    /// The id of the entry in the playbook's `sources:` that gives this
    /// (`p31`); pages put a numbered marker to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A source of the facts on a page: a region, a programme or a free page.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The name statements use to point at this source (`source: p31`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The title of the article or report.
    #[serde(deserialize_with = "filled_title")]
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
