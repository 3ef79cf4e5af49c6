//! The comparison pages (`/vergelijk/`, `/vergelijk/<thema>/`), the open
//! data files and their documentation page (`/data/`).

use super::charts::{self, Bar, Lane, Mark};
use super::pages::{Renderer, chart_note, ctx, template_value};
use super::views::*;
use crate::base::diagnostics::Diagnostic;
use crate::base::model::ColumnFormat;
use crate::base::output::OutFile;
use crate::base::paths;
use crate::compare::{self, Value};
use crate::resolve::{Region, Standing};

fn kind(f: ColumnFormat) -> &'static str {
    match f {
        ColumnFormat::Number => "number",
        ColumnFormat::Date => "date",
        _ => "text",
    }
}

pub(super) fn format_name(f: ColumnFormat) -> &'static str {
    match f {
        ColumnFormat::Number => "number",
        ColumnFormat::Date => "date",
        ColumnFormat::Text => "text",
        ColumnFormat::List => "list",
        ColumnFormat::Yesno => "yesno",
        ColumnFormat::Link => "link",
    }
}

impl<'a> Renderer<'a> {
    fn cell(&self, ri: usize, field: &str, v: &Value) -> CellView {
        if v.is_missing() {
            let (text, missing) = match compare::absence(self.site, self.t(), ri, field) {
                compare::Absence::Unknown => (String::new(), true),
                compare::Absence::NotApplicable => (String::new(), false),
                compare::Absence::Says(text) => (text, false),
            };
            return CellView {
                sort: crate::base::slug::slugify(&text),
                text,
                url: String::new(),
                missing,
            };
        }
        let url = match v {
            Value::Link { url, .. } if url.starts_with('/') => self.link(url),
            Value::Link { url, .. } => url.clone(),
            _ => String::new(),
        };
        CellView {
            text: v.text(self.t()),
            url,
            sort: v.sort_key(self.t()),
            missing: v.is_missing(),
        }
    }

    fn value(&self, ri: usize, field: &str, f: ColumnFormat) -> Value {
        compare::value(self.site, self.t(), ri, field, f)
    }

    /// The values of the comparison columns of region `ri`, in column
    /// order (see [`super::pages::Common::column_values`]).
    /// Per column of the table: whether at least two regions have a value
    /// in it (not unknown, not empty), which is what a comparison needs.
    fn comparable_columns(&self) -> Vec<bool> {
        let cols = &self.common.columns;
        let mut known = vec![0usize; cols.len()];
        for ri in 0..self.site.regions.len() {
            for (k, v) in known.iter_mut().zip(self.column_values(ri)) {
                if !v.is_missing() {
                    *k += 1;
                }
            }
            if known.iter().all(|&k| k >= 2) {
                break;
            }
        }
        known.into_iter().map(|k| k >= 2).collect()
    }

    pub(super) fn column_values(&self, ri: usize) -> &'a [Value] {
        self.common.column_values[ri].get_or_init(|| {
            self.common
                .columns
                .iter()
                .map(|c| self.value(ri, &c.field, c.format))
                .collect()
        })
    }

    pub(super) fn related_views(&self, r: &Region) -> Vec<RelatedView> {
        let Some(&ri) = self.site.region_ix.get(r.slug()) else {
            return Vec::new();
        };
        self.common.related[ri]
            .iter()
            .map(|&j| {
                let o = &self.site.regions[j];
                RelatedView {
                    title: o.meta().title.clone(),
                    url: self.link(&paths::region(o.slug())),
                    compare_url: format!(
                        "{}?regios={},{}",
                        self.link(paths::COMPARE),
                        r.slug(),
                        o.slug()
                    ),
                }
            })
            .collect()
    }

    fn theme_links(&self) -> Vec<Link> {
        self.site
            .themes
            .iter()
            .map(|t| Link {
                title: t.meta.title.clone(),
                url: self.link(&paths::compare_theme(&t.id)),
            })
            .collect()
    }

    fn charts(&self) -> Result<Vec<ChartView>, Diagnostic> {
        let s = self.site;
        let t = self.t();
        let n = s.regions.len();
        let mut out = Vec::new();
        let mut bar_chart = |id: &str, key: &str, field: &str| -> Result<(), Diagnostic> {
            let title = t.text(&format!("chart_{key}_title")).to_string();
            let label = t.text(&format!("chart_{key}_label")).to_string();
            let empty = t.text(&format!("chart_{key}_empty")).to_string();
            let mut items: Vec<(f64, usize)> = (0..n)
                .filter_map(|i| match self.value(i, field, ColumnFormat::Number) {
                    Value::Number(v) => Some((v, i)),
                    _ => None,
                })
                .collect();
            items.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let bars: Vec<Bar> = items
                .iter()
                .map(|&(v, i)| Bar {
                    label: s.regions[i].meta().title.clone(),
                    value: v,
                    value_text: t.number(v),
                })
                .collect();
            let desc = bars
                .iter()
                .map(|b| format!("{}: {}", b.label, b.value_text))
                .collect::<Vec<_>>()
                .join("; ");
            out.push(ChartView {
                id: id.to_string(),
                title: title.to_string(),
                // A chart compares: with fewer than two values there is
                // nothing to draw, and the table says the one there is.
                svg: if bars.len() < 2 {
                    String::new()
                } else {
                    charts::bars(id, &title, &desc, &bars)
                },
                legend: Vec::new(),
                note: chart_note(t, "chart_note_highest", bars.len()),
                value_label: label,
                rows_html: self.rows_html("chart", items.len(), |range| {
                    items[range]
                        .iter()
                        .map(|&(v, i)| ChartRow {
                            label: s.regions[i].meta().title.clone(),
                            url: self.link(&paths::region(s.regions[i].slug())),
                            value: t.number(v),
                        })
                        .collect()
                })?,
                count: items.len(),
                empty,
            });
            Ok(())
        };
        bar_chart("woningen", "homes", "covenant.homes_per_year")?;
        bar_chart("per-inwoners", "per_inhabitants", "derived.homes_per_10000")?;

        out.push(self.process_chart()?);
        Ok(out)
    }

    /// The route of every region with dates as a swimlane: one lane per
    /// region, its steps as marks on a shared time axis.
    pub(super) fn process_chart(&self) -> Result<ChartView, Diagnostic> {
        let s = self.site;
        let t = self.t();
        // The process timeline: one lane per region with dated steps.
        let mut lanes = Vec::new();
        let mut rows = Vec::new();
        for r in &s.regions {
            let mut marks: Vec<(i32, usize, String, String)> = r
                .meta()
                .process
                .iter()
                .filter_map(|p| {
                    let d = p.date?;
                    let &si = s.step_ix.get(&p.step)?;
                    let step = s.steps[si].meta.title.clone();
                    Some((d.month_index()?, si + 1, step, t.date(d)))
                })
                .collect();
            if marks.is_empty() {
                continue;
            }
            marks.sort();
            rows.push(ChartRow {
                label: r.meta().title.clone(),
                url: self.link(&paths::region(r.slug())),
                value: marks
                    .iter()
                    .map(|(_, _, step, date)| format!("{date}: {step}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            });
            lanes.push(Lane {
                label: r.meta().title.clone(),
                marks: marks
                    .into_iter()
                    .map(|(m, number, step, date)| Mark {
                        month: m,
                        number,
                        label: format!("{date}: {step}"),
                    })
                    .collect(),
            });
        }
        let desc = rows
            .iter()
            .map(|r| format!("{}: {}", r.label, r.value))
            .collect::<Vec<_>>()
            .join(". ");
        let title = t.text("chart_process_title");
        Ok(ChartView {
            id: "proces".into(),
            title: title.into(),
            svg: if lanes.len() < 2 {
                String::new()
            } else {
                charts::timeline("proces", title, &desc, &lanes)
            },
            legend: s
                .steps
                .iter()
                .enumerate()
                .map(|(i, st)| format!("{} {}", i + 1, st.meta.title))
                .collect(),
            note: chart_note(t, "chart_note_first", lanes.len()),
            value_label: t.text("chart_process_label").into(),
            rows_html: self.rows_of("chart", &rows)?,
            count: rows.len(),
            empty: t.text("chart_process_empty").into(),
        })
    }

    pub(super) fn compare(&self) -> Result<OutFile, Diagnostic> {
        let s = self.site;
        let cols = &self.common.columns;
        let shown = self.comparable_columns();
        let rows_html = self.rows_html("compare", s.regions.len(), |range| {
            range
                .map(|i| {
                    let r = &s.regions[i];
                    CompareRow {
                        index: i,
                        slug: r.slug().to_string(),
                        title: r.meta().title.clone(),
                        url: self.link(&paths::region(r.slug())),
                        cells: self
                            .column_values(i)
                            .iter()
                            .zip(cols)
                            .zip(&shown)
                            .filter(|(_, shown)| **shown)
                            .map(|((v, c), _)| self.cell(i, &c.field, v))
                            .collect(),
                    }
                })
                .collect()
        })?;
        let column_view = |c: &compare::Column| ColumnView {
            label: c.label.clone(),
            kind: kind(c.format).into(),
            field: c.field.clone(),
        };
        let view = CompareView {
            columns: cols
                .iter()
                .zip(&shown)
                .filter(|(_, s)| **s)
                .map(|(c, _)| column_view(c))
                .collect(),
            folded: cols
                .iter()
                .zip(&shown)
                .filter(|(_, s)| !**s)
                .map(|(c, _)| column_view(c))
                .collect(),
            rows_html,
            count: s.regions.len(),
            themes: self.theme_links(),
            charts: self.charts()?,
            json_url: self.link(paths::DATA_JSON),
            csv_url: self.link(paths::DATA_CSV),
            data_url: self.link(paths::DATA),
        };
        let page = self.page_view(
            self.t().text("compare_title"),
            self.t().text("compare_description"),
            paths::COMPARE,
            "vergelijk",
            vec![],
        );
        self.emit(
            "compare.html",
            paths::COMPARE,
            page,
            ctx([("compare", template_value(&view))]),
        )
    }

    pub(super) fn compare_theme(&self, ti: usize) -> Result<OutFile, Diagnostic> {
        let s = self.site;
        let t = &s.themes[ti];
        let e = &s.theme_entries[ti];
        let mut rows: Vec<Option<ThemeRegionRow>> = vec![None; s.regions.len()];
        let mut add = |refs: &[crate::resolve::ItemRef], which: usize| {
            for ir in refs {
                let r = &s.regions[ir.region];
                let m = r.meta();
                let url = self.link(&paths::region(r.slug()));
                let (text, quote_by, prefix) = match which {
                    0 => (&m.principles[ir.item].text, String::new(), "principe"),
                    1 => (&m.agreements[ir.item].text, String::new(), "afspraak"),
                    _ => (
                        &m.lessons[ir.item].text,
                        m.lessons[ir.item].quote_by.clone().unwrap_or_default(),
                        "les",
                    ),
                };
                let row = rows[ir.region].get_or_insert_with(|| {
                    let standing = Standing::of(r);
                    ThemeRegionRow {
                        region: Link {
                            title: m.title.clone(),
                            url: url.clone(),
                        },
                        standing: self.t().text(standing.key()).to_string(),
                        standing_class: standing.class().to_string(),
                        cells: Default::default(),
                    }
                });
                let said = SaidView {
                    region: row.region.clone(),
                    url: format!("{url}#{prefix}-{}", ir.item + 1),
                    html: self.inline(text),
                    quote_by,
                };
                row.cells[which].push(said);
            }
        };
        add(&e.principles, 0);
        add(&e.agreements, 1);
        add(&e.lessons, 2);
        let mut described = Vec::new();
        let mut undescribed = Vec::new();
        for (i, row) in rows.into_iter().enumerate() {
            match row {
                Some(r) => described.push(r),
                None => undescribed.push(Link {
                    title: s.regions[i].meta().title.clone(),
                    url: self.link(&paths::region(s.regions[i].slug())),
                }),
            }
        }
        let path = paths::compare_theme(&t.id);
        let view = ThemeCompareView {
            id: t.id.clone(),
            title: t.meta.title.clone(),
            definition: t.meta.definition.clone(),
            theme_url: self.link(&paths::theme(&t.id)),
            described_html: self.rows_of("compare_theme", &described)?,
            described_count: described.len(),
            undescribed_html: self.rows_of("undescribed", &undescribed)?,
            undescribed_count: undescribed.len(),
            themes: self.theme_links(),
        };
        let crumbs = vec![Link {
            title: self.t().text("compare_title").into(),
            url: self.link(paths::COMPARE),
        }];
        let title = self
            .t()
            .fill("compare_theme_title", &[("theme", &t.meta.title)]);
        let page = self.page_view(&title, &t.meta.definition, &path, "vergelijk", crumbs);
        self.emit(
            "compare_theme.html",
            &path,
            page,
            ctx([("compare", template_value(&view))]),
        )
    }
}
