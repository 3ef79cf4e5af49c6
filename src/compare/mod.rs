//! Comparing regions: the configurable columns of `/vergelijk/`, the value
//! of one field path for one region, and the regions most like a region.
//!
//! Field paths are checked once against [`FIELDS`] (plus `extra.*`), so a
//! typo in `site.yaml` is an error with a suggestion, not an empty column.

pub mod related;
pub mod route;

use crate::base::diagnostics::{Collector, did_you_mean};
use crate::base::model::{ColumnFormat, CompareColumn, Covenant, PartialDate, PartnerKind};
use crate::base::paths;
use crate::base::translations::Translations;
use crate::resolve::Site;

/// Every field path a column may name, with its natural format. Each
/// one's description for the open data page is the translation key
/// [`field_key`](crate::base::translations::field_key) of its path.
pub const FIELDS: [(&str, ColumnFormat); 33] = [
    ("title", ColumnFormat::Text),
    ("province", ColumnFormat::Text),
    ("municipalities", ColumnFormat::List),
    ("programme", ColumnFormat::Link),
    ("covenant.name", ColumnFormat::Text),
    ("covenant.kind", ColumnFormat::Text),
    ("covenant.status", ColumnFormat::Text),
    ("covenant.signed", ColumnFormat::Date),
    ("covenant.signatories", ColumnFormat::Number),
    ("covenant.term_years", ColumnFormat::Number),
    ("covenant.homes_per_year", ColumnFormat::Number),
    ("covenant.homes_share_percent", ColumnFormat::Number),
    ("covenant.offer_within_months", ColumnFormat::Number),
    ("covenant.target_groups", ColumnFormat::List),
    ("covenant.ends", ColumnFormat::Date),
    ("covenant.status_as_of", ColumnFormat::Date),
    ("derived.homes", ColumnFormat::Number),
    ("derived.term", ColumnFormat::Text),
    ("covenant.distribution_key", ColumnFormat::Text),
    ("covenant.document", ColumnFormat::Link),
    ("covenant.elements", ColumnFormat::List),
    ("partners.count", ColumnFormat::Number),
    ("partners.by_kind", ColumnFormat::Text),
    ("partners.gemeente", ColumnFormat::Number),
    ("partners.woningcorporatie", ColumnFormat::Number),
    ("partners.zorgaanbieder", ColumnFormat::Number),
    ("partners.welzijn", ColumnFormat::Number),
    ("partners.landelijk", ColumnFormat::Number),
    ("partners.overig", ColumnFormat::Number),
    ("derived.homes_per_10000", ColumnFormat::Number),
    ("derived.themes", ColumnFormat::List),
    ("derived.lessons", ColumnFormat::Number),
    ("derived.has_covenant", ColumnFormat::Yesno),
];

/// The translation keys the comparison asks for: a description per field
/// (on the open data page) and a heading per default column.
pub fn translation_keys() -> Vec<String> {
    use crate::base::translations::{column_key, field_key};
    FIELDS
        .iter()
        .map(|f| field_key(f.0))
        .chain(DEFAULT_COLUMNS.iter().map(|c| column_key(c)))
        .collect()
}

/// The columns of `/vergelijk/` when `site.yaml` names none; each one's
/// heading is the translation key
/// [`column_key`](crate::base::translations::column_key) of its path.
pub const DEFAULT_COLUMNS: [&str; 12] = [
    "covenant.kind",
    "covenant.status",
    "covenant.signed",
    "covenant.signatories",
    "derived.term",
    "derived.homes",
    "derived.homes_per_10000",
    "covenant.offer_within_months",
    "covenant.target_groups",
    "covenant.distribution_key",
    "partners.by_kind",
    "programme",
];

/// A checked column.
#[derive(Debug, Clone)]
pub struct Column {
    /// The field path (`covenant.homes_per_year`, `extra.inhabitants`).
    pub field: String,
    /// The column heading.
    pub label: String,
    /// How the column shows and sorts its values: as `site.yaml` asks, or
    /// the field's natural format.
    pub format: ColumnFormat,
}

/// The value of one field for one region.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value: shown as unknown, never as 0; empty in open data.
    Missing,
    /// A number, formatted in the site's language.
    Number(f64),
    /// A date as precise as it is known.
    Date(PartialDate),
    /// Free text as the editor wrote it.
    Text(String),
    /// A fixed value such as a covenant's kind: `text` in the site's
    /// language, `machine` the same in every language, for open data.
    Label {
        /// The label in the site's language.
        text: String,
        /// The stable form for open data.
        machine: &'static str,
    },
    /// Several texts, shown separated by commas.
    List(Vec<String>),
    /// Yes or no: `derived.has_covenant`, an `extra` field that is `true`
    /// or `false`, or `ja`/`nee` in a `yesno` column.
    Bool(bool),
    /// `url` is a site path (starting with `/`, before the base path) or an
    /// absolute URL.
    Link {
        /// Where the link goes.
        url: String,
        /// The link text.
        text: String,
    },
    /// A share of the homes that come free each year, in percent: another
    /// kind of figure than a number of homes, so it sorts among shares,
    /// after the numbers, and is never read as 0.
    Share(f64),
    /// Text that sorts by a number ("2 gemeenten, 1 woningcorporatie");
    /// `machine` is the Dutch form open data has always had.
    Counted {
        /// The text in the site's language.
        text: String,
        /// The number it sorts by.
        n: f64,
        /// The Dutch form for open data.
        machine: String,
    },
}

impl Value {
    /// The text a reader sees in the table, in the site's language.
    pub fn text(&self, t: &Translations) -> String {
        match self {
            Value::Missing => String::new(),
            Value::Number(n) => t.number(*n),
            Value::Date(d) => t.date(*d),
            Value::Text(s) => s.clone(),
            Value::Label { text, .. } => text.clone(),
            Value::List(l) => l.join(", "),
            Value::Bool(b) => t
                .text(if *b { "answer_yes" } else { "answer_no" })
                .to_string(),
            Value::Link { text, .. } => text.clone(),
            Value::Counted { text, .. } => text.clone(),
            Value::Share(p) => t.fill("homes_share_short", &[("percent", &t.number(*p))]),
        }
    }

    /// Machine form for CSV and JSON, the same in every language: numbers
    /// with a dot, ISO dates, fixed values in their stable form.
    pub fn machine(&self) -> String {
        match self {
            Value::Missing => String::new(),
            Value::Number(n) => machine_number(*n),
            Value::Date(d) => d.iso(),
            Value::Text(s) => s.clone(),
            Value::Label { machine, .. } => machine.to_string(),
            Value::List(l) => l.join(", "),
            Value::Link { url, .. } => url.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Counted { machine, .. } => machine.clone(),
            Value::Share(p) => format!("{}%", machine_number(*p)),
        }
    }

    /// What the sorting script compares: numbers as numbers, dates as ISO
    /// strings, text case-folded. Empty for missing values (sorted last).
    pub fn sort_key(&self, t: &Translations) -> String {
        match self {
            Value::Missing => String::new(),
            Value::Number(n) | Value::Counted { n, .. } => machine_number(*n),
            // `s` marks another kind of figure for the sorting script.
            Value::Share(p) => format!("s{}", machine_number(*p)),
            Value::Date(d) => d.iso(),
            Value::Bool(b) => if *b { "1" } else { "0" }.to_string(),
            other => crate::base::slug::slugify(&other.text(t)),
        }
    }

    /// `true` when the region has no value for the field.
    pub fn is_missing(&self) -> bool {
        matches!(self, Value::Missing)
    }
}

/// How a region's missing value reads in the comparison table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Absence {
    /// One of the agreement's own facts that the sources do not give:
    /// "onbekend".
    Unknown,
    /// A fact that does not apply (no programme, no partners, the signing
    /// date of a policy plan, the term of an agreement that does not
    /// exist): the cell stays empty, so "onbekend" keeps its meaning.
    NotApplicable,
    /// Said instead of a value: the stand of a region without agreements.
    Says(String),
}

/// Why region `ri` has no value for `field` (call only when it has none).
pub fn absence(site: &Site, t: &Translations, ri: usize, field: &str) -> Absence {
    let own_fact = field.starts_with("covenant.")
        || matches!(
            field,
            "derived.homes" | "derived.term" | "derived.homes_per_10000"
        );
    if !own_fact {
        return Absence::NotApplicable;
    }
    let region = &site.regions[ri];
    let standing = crate::resolve::Standing::of(region);
    if standing == crate::resolve::Standing::NoAgreement {
        return match field {
            "covenant.status" => Absence::Says(t.text(standing.key()).to_string()),
            _ => Absence::NotApplicable,
        };
    }
    let policy = standing == crate::resolve::Standing::Policy;
    if policy && matches!(field, "covenant.signed" | "covenant.signatories") {
        return Absence::NotApplicable;
    }
    Absence::Unknown
}

fn machine_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{:.2}", n)
    }
}

/// The columns from `site.yaml`, or the default set. Unknown field paths
/// are diagnostics on their line in `site.yaml`.
pub fn columns(site: &Site, t: &Translations, diags: &Collector) -> Vec<Column> {
    let Some(cfg) = &site.config.compare else {
        return DEFAULT_COLUMNS
            .iter()
            .map(|field| Column {
                field: field.to_string(),
                label: t
                    .text(&crate::base::translations::column_key(field))
                    .to_string(),
                format: natural(field).unwrap_or(ColumnFormat::Text),
            })
            .collect();
    };
    let mut out = Vec::new();
    for CompareColumn {
        field,
        label,
        format,
    } in &cfg.columns
    {
        match natural(field) {
            Some(nat) => out.push(Column { field: field.clone(), label: label.clone(), format: format.unwrap_or(nat) }),
            None => diags.push(
                site.config_doc
                    .error_at("compare", field, format!("onbekend veld `{field}` in een kolom van de vergelijking"))
                    .expected("een veldpad zoals covenant.homes_per_year, partners.gemeente of extra.<eigen veld>")
                    .maybe_suggest(did_you_mean(field, FIELDS.iter().map(|f| f.0))),
            ),
        }
    }
    out
}

/// The natural format of a field path, `None` when it does not exist.
fn natural(field: &str) -> Option<ColumnFormat> {
    if let Some(key) = field.strip_prefix("extra.") {
        return (!key.is_empty()).then_some(ColumnFormat::Text);
    }
    FIELDS.iter().find(|f| f.0 == field).map(|f| f.1)
}

/// Inhabitants from `extra.inhabitants`, where an editor recorded them.
pub fn inhabitants(site: &Site, region: usize) -> Option<f64> {
    let v = site.regions[region].meta().extra.get("inhabitants")?;
    v.as_f64().filter(|n| *n > 0.0)
}

/// The value of `field` for region `ri`, formatted as `format` asks.
pub fn value(site: &Site, t: &Translations, ri: usize, field: &str, format: ColumnFormat) -> Value {
    let r = &site.regions[ri];
    let m = r.meta();
    let c = m.covenant.as_ref();
    let text = |s: Option<&String>| {
        s.filter(|s| !s.trim().is_empty())
            .map_or(Value::Missing, |s| Value::Text(s.clone()))
    };
    let num = |n: Option<u32>| n.map_or(Value::Missing, |n| Value::Number(n as f64));
    let kind_count = |k: PartnerKind| {
        let n = m
            .partners
            .iter()
            .filter(|p| {
                site.partner_ix
                    .get(&p.id)
                    .is_some_and(|&i| p.kind.unwrap_or(site.partners[i].meta.kind) == k)
            })
            .count();
        Value::Number(n as f64)
    };
    let v = match field {
        "title" => Value::Text(m.title.clone()),
        "province" => text(m.province.as_ref()),
        "municipalities" if m.municipalities.is_empty() => Value::Missing,
        "municipalities" => Value::List(m.municipalities.clone()),
        "programme" => match m.programme.as_ref().and_then(|p| site.programme_ix.get(p)) {
            Some(&i) => Value::Link {
                url: format!("/{}", paths::programme(&site.programmes[i].id)),
                text: site.programmes[i].meta.title.clone(),
            },
            None => Value::Missing,
        },
        "covenant.name" => text(c.and_then(|c| c.name.as_ref())),
        "covenant.kind" => c
            .and_then(|c| c.kind)
            .map_or(Value::Missing, |k| Value::Label {
                text: t.text(k.key()).into(),
                machine: k.machine(),
            }),
        "covenant.status" => c
            .and_then(|c| c.status)
            .map_or(Value::Missing, |s| Value::Label {
                text: t.text(s.key()).into(),
                machine: s.machine(),
            }),
        "covenant.signed" => c.and_then(|c| c.signed).map_or(Value::Missing, Value::Date),
        "covenant.signatories" => num(c.and_then(|c| c.signatories)),
        "covenant.term_years" => c
            .and_then(|c| c.term_years)
            .map_or(Value::Missing, Value::Number),
        "covenant.homes_per_year" => num(c.and_then(|c| c.homes_per_year)),
        "covenant.homes_share_percent" => c
            .and_then(|c| c.homes_share_percent)
            .map_or(Value::Missing, Value::Share),
        "covenant.offer_within_months" => num(c.and_then(|c| c.offer_within_months)),
        "covenant.target_groups" => match c.map(|c| &c.target_groups) {
            Some(g) if !g.is_empty() => {
                Value::List(g.iter().map(|g| t.text(&g.key()).to_string()).collect())
            }
            _ => Value::Missing,
        },
        "covenant.ends" => c.and_then(|c| c.ends).map_or(Value::Missing, Value::Date),
        "covenant.status_as_of" => c
            .and_then(|c| c.status_as_of)
            .map_or(Value::Missing, Value::Date),
        // The homes as the agreement gives them: a number a year, or
        // else a share of the homes that come free.
        "derived.homes" => match c {
            Some(c) if c.homes_per_year.is_some() => num(c.homes_per_year),
            Some(c) => c.homes_share_percent.map_or(Value::Missing, Value::Share),
            None => Value::Missing,
        },
        "derived.term" => c.map_or(Value::Missing, |c| term(c, t)),
        "covenant.distribution_key" => text(c.and_then(|c| c.distribution_key.as_ref())),
        "covenant.document" => match &r.document {
            Some(crate::resolve::CovenantDocument::Attachment { name, .. }) => Value::Link {
                url: format!("/{}", paths::attachment(r.slug(), name)),
                text: name.clone(),
            },
            Some(crate::resolve::CovenantDocument::Url(u)) => Value::Link {
                url: u.clone(),
                text: t.text("compare_document").into(),
            },
            None => Value::Missing,
        },
        "covenant.elements" => {
            let l: Vec<String> = c
                .map(|c| {
                    c.elements
                        .iter()
                        .filter_map(|e| site.element_ix.get(e))
                        .map(|&i| site.elements[i].meta.title.clone())
                        .collect()
                })
                .unwrap_or_default();
            if l.is_empty() {
                Value::Missing
            } else {
                Value::List(l)
            }
        }
        "partners.count" => Value::Number(m.partners.len() as f64),
        "partners.by_kind" => by_kind(m.partners.len(), kind_count, t),
        "partners.gemeente" => kind_count(PartnerKind::Gemeente),
        "partners.woningcorporatie" => kind_count(PartnerKind::Woningcorporatie),
        "partners.zorgaanbieder" => kind_count(PartnerKind::Zorgaanbieder),
        "partners.welzijn" => kind_count(PartnerKind::Welzijn),
        "partners.landelijk" => kind_count(PartnerKind::Landelijk),
        "partners.overig" => kind_count(PartnerKind::Overig),
        "derived.homes_per_10000" => {
            match (c.and_then(|c| c.homes_per_year), inhabitants(site, ri)) {
                (Some(h), Some(inh)) => Value::Number(h as f64 / inh * 10_000.0),
                _ => Value::Missing,
            }
        }
        "derived.themes" => {
            let mut ids: Vec<&String> = m
                .principles
                .iter()
                .chain(&m.agreements)
                .map(|s| &s.theme)
                .chain(m.lessons.iter().map(|l| &l.theme))
                .collect();
            ids.sort();
            ids.dedup();
            let l: Vec<String> = ids
                .iter()
                .filter_map(|t| site.theme_ix.get(*t))
                .map(|&i| site.themes[i].meta.title.clone())
                .collect();
            if l.is_empty() {
                Value::Missing
            } else {
                Value::List(l)
            }
        }
        "derived.lessons" => Value::Number(m.lessons.len() as f64),
        "derived.has_covenant" => Value::Bool(c.is_some()),
        other => match other.strip_prefix("extra.").and_then(|k| m.extra.get(k)) {
            Some(v) => yaml_value(v, t),
            None => Value::Missing,
        },
    };
    coerce(v, format)
}

/// The term as the agreement gives it: in years, until a date, or both.
fn term(c: &Covenant, t: &Translations) -> Value {
    if c.term_years.is_none() && c.ends.is_none() {
        return Value::Missing;
    }
    let text = term_text(c, t);
    // Sorted by the years; a term known only by its end date
    // sorts after them.
    Value::Counted {
        machine: c
            .term_years
            .map(machine_number)
            .or_else(|| c.ends.map(|d| format!("tot {}", d.iso())))
            .unwrap_or_default(),
        n: c.term_years.unwrap_or(1e9),
        text,
    }
}

/// A covenant's term as readers read it, in the comparison and on the
/// covenant page alike: "5 jaar (tot 1 januari 2026)", either half alone,
/// or empty when the source gives neither.
pub fn term_text(c: &Covenant, t: &Translations) -> String {
    let years = c.term_years.map(|n| {
        let which = if n == 1.0 { "one" } else { "other" };
        t.fill(&format!("term_years_{which}"), &[("n", &t.number(n))])
    });
    let until = c
        .ends
        .map(|d| t.fill("term_until", &[("date", &t.date(d))]));
    match (years, until) {
        (Some(y), Some(u)) => format!("{y} ({u})"),
        (Some(y), None) => y,
        (None, Some(u)) => u,
        (None, None) => String::new(),
    }
}

/// The partners counted per kind ("2 woningcorporaties, 1 zorgaanbieder").
fn by_kind(total: usize, kind_count: impl Fn(PartnerKind) -> Value, t: &Translations) -> Value {
    let mut parts = Vec::new();
    let mut machine = Vec::new();
    for k in PartnerKind::ALL {
        if let Value::Number(n) = kind_count(k)
            && n > 0.0
        {
            parts.push(t.count(k.count_key(), n as u64));
            let label = if n == 1.0 {
                k.machine().to_lowercase()
            } else {
                k.plural().to_lowercase()
            };
            machine.push(format!("{n} {label}"));
        }
    }
    if parts.is_empty() {
        Value::Missing
    } else {
        Value::Counted {
            text: parts.join(", "),
            n: total as f64,
            machine: machine.join(", "),
        }
    }
}

fn yaml_value(v: &serde_yaml::Value, t: &Translations) -> Value {
    match v {
        serde_yaml::Value::Null => Value::Missing,
        serde_yaml::Value::Bool(b) => Value::Bool(*b),
        // `.inf` and `.nan` are YAML numbers but no value a table can show.
        serde_yaml::Value::Number(n) => n
            .as_f64()
            .filter(|f| f.is_finite())
            .map_or(Value::Missing, Value::Number),
        serde_yaml::Value::String(s) if s.trim().is_empty() => Value::Missing,
        serde_yaml::Value::String(s) => Value::Text(s.clone()),
        serde_yaml::Value::Sequence(items) => Value::List(
            items
                .iter()
                .map(|i| yaml_value(i, t).text(t))
                .filter(|t| !t.is_empty())
                .collect(),
        ),
        serde_yaml::Value::Mapping(_) | serde_yaml::Value::Tagged(_) => Value::Missing,
    }
}

/// Applies the configured format where the value allows it; a value that
/// does not fit the format is shown as it is rather than invented.
fn coerce(v: Value, format: ColumnFormat) -> Value {
    match (format, v) {
        (ColumnFormat::Number, Value::Text(t)) => {
            match t.trim().replace('.', "").replace(',', ".").parse::<f64>() {
                Ok(n) => Value::Number(n),
                Err(_) => Value::Text(t),
            }
        }
        (ColumnFormat::Date, Value::Text(t)) => {
            PartialDate::parse(&t).map_or(Value::Text(t), Value::Date)
        }
        (ColumnFormat::Date, Value::Number(n)) => {
            PartialDate::parse(&machine_number(n)).map_or(Value::Number(n), Value::Date)
        }
        (ColumnFormat::Yesno, Value::Text(t)) => match t.trim().to_lowercase().as_str() {
            "ja" | "yes" | "true" => Value::Bool(true),
            "nee" | "no" | "false" => Value::Bool(false),
            _ => Value::Text(t),
        },
        (ColumnFormat::Link, Value::Text(t)) if t.starts_with("http") || t.starts_with('/') => {
            Value::Link {
                url: t.clone(),
                text: t,
            }
        }
        (ColumnFormat::List, Value::Text(t)) => Value::List(vec![t]),
        (_, v) => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_is_never_zero() {
        let t = Translations::default();
        assert_eq!(Value::Missing.text(&t), "");
        assert_eq!(Value::Missing.sort_key(&t), "");
        assert_eq!(Value::Missing.machine(), "");
    }

    #[test]
    fn labels_keep_their_machine_form_in_every_language() {
        let v = Value::Label {
            text: "signed".into(),
            machine: "ondertekend",
        };
        assert_eq!(v.text(&Translations::default()), "signed");
        assert_eq!(v.machine(), "ondertekend");
    }
}
