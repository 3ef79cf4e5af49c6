//! The open data: `/data/regions.json`, `/data/regions.csv` and the page
//! that documents them (`/data/`). Machine values only, the same in every
//! language.

use super::compare_pages::format_name;
use super::pages::{Renderer, ctx, template_value};
use super::views::*;
use crate::base::diagnostics::Diagnostic;
use crate::base::model::ColumnFormat;
use crate::base::output::{Body, OutFile};
use crate::base::paths;
use crate::compare::{FIELDS, Value};
use crate::resolve::{CovenantDocument, Standing};

/// Version of the open data schema; raise it when a field changes meaning
/// or disappears (adding a field does not change the version).
/// Version 2 added the facts of Model v2 (shares, end dates, offer norms,
/// target groups, unconfirmed facts, sources of statements, a partner's
/// kind in the region); every field of version 1 keeps its name and
/// meaning.
pub const DATA_VERSION: u32 = 2;

// One row per region, typed and borrowing from the site: building a JSON
// value per region first showed in a build's time (benches/PERFORMANCE.md).
// Their fields are in alphabetical order, the order the published file has
// always had.
#[derive(serde::Serialize)]
struct Row<'a> {
    agreements: Vec<Said<'a>>,
    compare: std::collections::BTreeMap<String, Option<String>>,
    covenant: Option<CovenantRow<'a>>,
    /// The agreements before the one in force (`earlier:`), oldest first.
    earlier: Vec<CovenantRow<'a>>,
    lessons: Vec<LessonRow<'a>>,
    municipalities: &'a [String],
    partners: Vec<PartnerRow<'a>>,
    principles: Vec<Said<'a>>,
    process: Vec<StepRow<'a>>,
    programme: &'a Option<String>,
    province: &'a Option<String>,
    slug: &'a str,
    /// As a JSON value: its keys in alphabetical order, like the rest.
    sources: serde_json::Value,
    standing: &'static str,
    title: &'a str,
    url: String,
}
#[derive(serde::Serialize)]
struct CovenantRow<'a> {
    distribution_key: &'a Option<String>,
    document: Option<String>,
    elements: &'a [String],
    ends: Option<String>,
    homes_per_year: Option<u32>,
    homes_share_percent: Option<f64>,
    kind: Option<crate::base::model::CovenantKind>,
    name: &'a Option<String>,
    offer_within_months: Option<u32>,
    signatories: Option<u32>,
    signed: Option<String>,
    source: &'a Option<String>,
    status: Option<crate::base::model::CovenantStatus>,
    status_as_of: Option<String>,
    target_groups: &'a [crate::base::model::TargetGroup],
    #[serde(serialize_with = "whole_or_decimal")]
    term_years: Option<f64>,
    unconfirmed: &'a [crate::base::model::CovenantField],
    url: String,
}
#[derive(serde::Serialize)]
struct Said<'a> {
    source: &'a Option<String>,
    text: &'a str,
    theme: &'a str,
}
#[derive(serde::Serialize)]
struct LessonRow<'a> {
    quote_by: &'a Option<String>,
    source: &'a Option<String>,
    text: &'a str,
    theme: &'a str,
}
#[derive(serde::Serialize)]
struct StepRow<'a> {
    date: Option<String>,
    source: &'a Option<String>,
    step: &'a str,
    text: &'a str,
}
#[derive(serde::Serialize)]
struct PartnerRow<'a> {
    id: &'a str,
    kind: crate::base::model::PartnerKind,
    role: &'a Option<String>,
    title: &'a str,
    url: String,
}

impl<'a> Renderer<'a> {
    pub(super) fn data_page(&self) -> Result<OutFile, Diagnostic> {
        let doc = |f: &str, fmt: ColumnFormat, d: &str| FieldDoc {
            field: f.into(),
            format: format_name(fmt).into(),
            description: d.into(),
        };
        let view = DataPageView {
            version: DATA_VERSION,
            json_url: self.link(paths::DATA_JSON),
            csv_url: self.link(paths::DATA_CSV),
            columns: self
                .common
                .columns
                .iter()
                .map(|c| {
                    let key = if FIELDS.iter().any(|f| f.0 == c.field) {
                        crate::base::translations::field_key(&c.field)
                    } else {
                        "data_field_extra".to_string()
                    };
                    let d = self.t().text(&key);
                    let text = self.t().fill(
                        "data_column_description",
                        &[("label", &c.label), ("description", d)],
                    );
                    doc(&c.field, c.format, &text)
                })
                .collect(),
            fields: FIELDS
                .iter()
                .map(|(f, fmt)| {
                    doc(
                        f,
                        *fmt,
                        self.t().text(&crate::base::translations::field_key(f)),
                    )
                })
                .collect(),
        };
        let crumbs = vec![Link {
            title: self.t().text("compare_title").into(),
            url: self.link(paths::COMPARE),
        }];
        let page = self.page_view(
            self.t().text("data_title"),
            self.t().text("data_description"),
            paths::DATA,
            "vergelijk",
            crumbs,
        );
        self.emit(
            "data.html",
            paths::DATA,
            page,
            ctx([("data", template_value(&view))]),
        )
    }

    /// The comparison columns of region `ri`, in machine form, keyed by
    /// field path: the same values in the JSON and the CSV.
    fn compare_values(&self, ri: usize) -> Vec<(String, Option<String>)> {
        self.common
            .columns
            .iter()
            .zip(self.column_values(ri))
            .map(|(c, v)| {
                let machine = match v {
                    Value::Missing => None,
                    Value::Link { url, .. } if url.starts_with('/') => {
                        Some(self.site.base.absolute(url))
                    }
                    other => Some(other.machine()),
                };
                (c.field.clone(), machine)
            })
            .collect()
    }

    pub(super) fn data_json(&self) -> Result<OutFile, Diagnostic> {
        use serde_json::{Value as J, json};
        let s = self.site;
        let abs = |p: &str| s.base.absolute(p);
        let region = |i: usize| self.data_row(i);
        // One region's JSON at a time: the whole tree as values would take
        // several times the file itself (benches/PERFORMANCE.md).
        let regions = Lazy {
            len: s.regions.len(),
            item: region,
        };
        let themes: Vec<J> = s.themes.iter().map(|t| json!({"id": t.id, "title": t.meta.title, "definition": t.meta.definition, "url": abs(&paths::theme(&t.id))})).collect();
        #[derive(serde::Serialize)]
        struct DataFile<'a, R: serde::Serialize> {
            schema: &'a str,
            version: u32,
            documentation: String,
            site: J,
            columns: Vec<J>,
            themes: Vec<J>,
            regions: R,
        }
        let doc = DataFile {
            schema: "draaiboek-regions",
            version: DATA_VERSION,
            documentation: abs(paths::DATA),
            site: json!({"title": s.config.title, "url": s.base.absolute}),
            columns: self.common.columns.iter().map(|c| json!({"field": c.field, "label": c.label, "format": format_name(c.format)})).collect::<Vec<_>>(),
            themes,
            regions,
        };
        let body = serde_json::to_vec(&doc).unwrap_or_default();
        Ok(OutFile {
            path: paths::DATA_JSON.into(),
            body: Body::Bytes(body),
            page: false,
        })
    }

    pub(super) fn data_csv(&self) -> Result<OutFile, Diagnostic> {
        // A byte order mark: Excel reads a CSV without one in the
        // system's code page, which garbles every accent.
        let mut out = String::from('\u{FEFF}');
        let mut header = vec!["slug".to_string(), "title".to_string(), "url".to_string()];
        header.extend(self.common.columns.iter().map(|c| c.field.clone()));
        csv_row(&mut out, &header);
        for (i, r) in self.site.regions.iter().enumerate() {
            let mut row = vec![
                r.slug().to_string(),
                r.meta().title.clone(),
                self.site.base.absolute(&paths::region(r.slug())),
            ];
            row.extend(
                self.compare_values(i)
                    .into_iter()
                    .map(|(_, v)| v.unwrap_or_default()),
            );
            csv_row(&mut out, &row);
        }
        Ok(OutFile {
            path: paths::DATA_CSV.into(),
            body: Body::Bytes(out.into_bytes()),
            page: false,
        })
    }
    /// One region of `/data/regions.json`, borrowing from the site.
    fn data_row(&self, i: usize) -> Row<'a> {
        use serde_json::Value as J;
        let s = self.site;
        let abs = |p: &str| s.base.absolute(p);
        let r = &s.regions[i];
        let m = r.meta();
        let said = |l: &'a [crate::base::model::Statement]| -> Vec<Said<'a>> {
            l.iter()
                .map(|x| Said {
                    source: &x.source,
                    text: &x.text,
                    theme: &x.theme,
                })
                .collect()
        };
        let agreement = |c: &'a crate::base::model::Covenant,
                         document: Option<&CovenantDocument>,
                         path: String| CovenantRow {
            distribution_key: &c.distribution_key,
            document: match document {
                Some(CovenantDocument::Attachment { name, .. }) => {
                    Some(abs(&paths::attachment(r.slug(), name)))
                }
                Some(CovenantDocument::Url(u)) => Some(u.clone()),
                None => None,
            },
            elements: &c.elements,
            ends: c.ends.map(|d| d.iso()),
            homes_per_year: c.homes_per_year,
            homes_share_percent: c.homes_share_percent,
            kind: c.kind,
            name: &c.name,
            offer_within_months: c.offer_within_months,
            signatories: c.signatories,
            signed: c.signed.map(|d| d.iso()),
            source: &c.source,
            status: c.status,
            status_as_of: c.status_as_of.map(|d| d.iso()),
            target_groups: &c.target_groups,
            term_years: c.term_years,
            unconfirmed: &c.unconfirmed,
            url: abs(&path),
        };
        Row {
            agreements: said(&m.agreements),
            compare: self.compare_values(i).into_iter().collect(),
            covenant: m
                .covenant
                .as_ref()
                .map(|c| agreement(c, r.document.as_ref(), paths::covenant(r.slug()))),
            earlier: m
                .earlier
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let id = c.id.as_deref().unwrap_or_default();
                    agreement(
                        c,
                        r.earlier_documents.get(k).and_then(Option::as_ref),
                        paths::earlier(r.slug(), id),
                    )
                })
                .collect(),
            lessons: m
                .lessons
                .iter()
                .map(|l| LessonRow {
                    quote_by: &l.quote_by,
                    source: &l.source,
                    text: &l.text,
                    theme: &l.theme,
                })
                .collect(),
            municipalities: &m.municipalities,
            partners: m
                .partners
                .iter()
                .filter_map(|p| {
                    let d = &s.partners[*s.partner_ix.get(&p.id)?];
                    Some(PartnerRow {
                        id: &d.id,
                        kind: p.kind.unwrap_or(d.meta.kind),
                        role: &p.role,
                        title: &d.meta.title,
                        url: abs(&paths::partner(&d.id)),
                    })
                })
                .collect(),
            principles: said(&m.principles),
            process: m
                .process
                .iter()
                .map(|p| StepRow {
                    date: p.date.map(|d| d.iso()),
                    source: &p.source,
                    step: &p.step,
                    text: &p.text,
                })
                .collect(),
            programme: &m.programme,
            province: &m.province,
            slug: r.slug(),
            sources: serde_json::to_value(&m.sources).unwrap_or(J::Null),
            standing: Standing::of(r).machine(),
            title: &m.title,
            url: abs(&paths::region(r.slug())),
        }
    }
}

/// One RFC 4180 record: fields quoted when they hold a comma, quote or line
/// break, quotes doubled, CRLF at the end. A text that a spreadsheet would
/// take for a formula (it starts with `=`, `+`, `-`, `@`, a tab, a
/// carriage return or a NUL) gets a `'` in front, so opening the file runs nothing;
/// numbers such as `-3` stay as they are.
fn csv_row(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let defused;
        let number = f.parse::<f64>().is_ok_and(f64::is_finite);
        let f = if f.starts_with(['=', '+', '-', '@', '\t', '\r', '\0']) && !number {
            defused = format!("'{f}");
            &defused
        } else {
            f
        };
        if f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str("\r\n");
}

/// A JSON array whose elements are made one at a time while it is written.
struct Lazy<F> {
    len: usize,
    item: F,
}

impl<T: serde::Serialize, F: Fn(usize) -> T> serde::Serialize for Lazy<F> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = ser.serialize_seq(Some(self.len))?;
        for i in 0..self.len {
            seq.serialize_element(&(self.item)(i))?;
        }
        seq.end()
    }
}

/// A number as open data has always written it: a whole number without
/// decimals (`10`, as when it could only be whole), others as they are
/// (`2.5`).
fn whole_or_decimal<S: serde::Serializer>(v: &Option<f64>, ser: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(n) if n.fract() == 0.0 && n.abs() < 1e15 => ser.serialize_some(&(*n as i64)),
        Some(n) => ser.serialize_some(n),
        None => ser.serialize_none(),
    }
}
