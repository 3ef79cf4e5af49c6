//! The route for a region that starts now: `/aanpak/` (every step, in
//! order, with how each region did it), `/aanpak/<stap>/` (one step, all
//! regions side by side) and `/aanpak/convenant/` (the covenant checklist).

use super::markdown;
use super::pages::{Renderer, ctx, template_value};
use super::views::*;
use crate::base::diagnostics::Diagnostic;
use crate::base::output::OutFile;
use crate::base::paths;
use crate::compare::route::{self, Visit};
use crate::resolve::Standing;

impl<'a> Renderer<'a> {
    fn step_view(
        &self,
        si: usize,
        visits: &[Visit],
        with_missing: bool,
    ) -> Result<RouteStepView, Diagnostic> {
        let s = self.site;
        let d = &s.steps[si];
        let m = &d.meta;
        let theme = m.theme.as_ref().and_then(|t| s.theme_ix.get(t)).copied();
        let lessons = theme.map(|ti| self.theme_lessons(ti)).unwrap_or_default();
        let visit_views: Vec<VisitView> = visits
            .iter()
            .map(|v| {
                let r = &s.regions[v.region];
                let p = &r.meta().process[v.entry];
                let url = self.link(&paths::region(r.slug()));
                VisitView {
                    region: Link {
                        title: r.meta().title.clone(),
                        url: url.clone(),
                    },
                    url: format!("{url}#{}", paths::step_anchor(v.entry + 1)),
                    date: p.date.map(|d| self.date_view(d)),
                    html: self.inline(&p.text),
                    duration: v
                        .months
                        .map(|m| route::duration_text(self.t(), m))
                        .unwrap_or_default(),
                }
            })
            .collect();
        let missing = if with_missing {
            let mut has = vec![false; s.regions.len()];
            for v in visits {
                has[v.region] = true;
            }
            s.regions
                .iter()
                .zip(has)
                .filter(|(_, h)| !h)
                .map(|(r, _)| Link {
                    title: r.meta().title.clone(),
                    url: self.link(&paths::region(r.slug())),
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(RouteStepView {
            number: si + 1,
            id: d.id.clone(),
            title: m.title.clone(),
            url: self.link(&paths::step(&d.id)),
            purpose: m
                .purpose
                .as_deref()
                .map(markdown::summary)
                .unwrap_or_default(),
            purpose_html: m
                .purpose
                .as_deref()
                .map(|p| self.inline(p))
                .unwrap_or_default(),
            outputs_html: m.outputs.iter().map(|o| self.inline(o)).collect(),
            body_html: self.md(d.body()).html,
            theme: theme.map(|ti| Link {
                title: s.themes[ti].meta.title.clone(),
                url: self.link(&paths::theme(&s.themes[ti].id)),
            }),
            visits_html: self.rows_of("visits", &visit_views)?,
            visit_count: visit_views.len(),
            duration_range: route::range_text(self.t(), visits).unwrap_or_default(),
            lessons_html: self.said_html(&lessons)?,
            lesson_count: lessons.len(),
            missing,
        })
    }

    pub(super) fn route(&self) -> Result<OutFile, Diagnostic> {
        let visits = route::visits(self.site);
        let view = RouteView {
            steps: (0..self.site.steps.len())
                .map(|i| self.step_view(i, &visits[i], false))
                .collect::<Result<_, _>>()?,
            chart: self.process_chart()?,
            checklist_url: self.link(paths::CHECKLIST),
        };
        let page = self.page_view(
            self.t().text("route_title"),
            self.t().text("route_description"),
            paths::ROUTE,
            "aanpak",
            vec![],
        );
        self.emit(
            "route.html",
            paths::ROUTE,
            page,
            ctx([("route", template_value(&view))]),
        )
    }

    pub(super) fn step(&self, si: usize) -> Result<OutFile, Diagnostic> {
        let visits = route::visits(self.site);
        let view = self.step_view(si, &visits[si], true)?;
        let path = paths::step(&view.id);
        let crumbs = vec![Link {
            title: self.t().text("nav_route").into(),
            url: self.link(paths::ROUTE),
        }];
        let title = self.t().fill(
            "step_title",
            &[
                ("n", &self.t().number(view.number as f64)),
                ("title", &view.title),
            ],
        );
        let page = self.page_view(&title, &view.purpose, &path, "aanpak", crumbs);
        self.emit(
            "step.html",
            &path,
            page,
            ctx([("step", template_value(&view))]),
        )
    }

    pub(super) fn checklist(&self) -> Result<OutFile, Diagnostic> {
        let s = self.site;
        // One row per agreement, earlier ones included: a region that
        // replaced its pact by a new agreement shows both, each with what
        // it regulated. A policy plan is no agreement between parties, and
        // a `covenant:` without kind or status says none exists.
        let mut agreements = Vec::new();
        for (ri, r) in s.regions.iter().enumerate() {
            let m = r.meta();
            let earlier = m.earlier.iter().filter_map(|c| {
                let url = paths::earlier(r.slug(), c.id.as_deref()?);
                Some((ri, c, url, true))
            });
            let current = m
                .covenant
                .iter()
                .map(|c| (ri, c, paths::covenant(r.slug()), false));
            agreements.extend(earlier.chain(current).filter(|(_, c, _, _)| {
                !matches!(
                    Standing::of_agreement(Some(c)),
                    Standing::NoAgreement | Standing::Policy
                )
            }));
        }
        let mut yes = vec![0; s.elements.len()];
        let mut no = vec![0; s.elements.len()];
        let rows: Vec<ChecklistRow> = agreements
            .iter()
            .map(|&(ri, c, ref url, earlier)| {
                let r = &s.regions[ri];
                let cells = s
                    .elements
                    .iter()
                    .enumerate()
                    .map(|(ei, e)| {
                        if c.elements.contains(&e.id) {
                            yes[ei] += 1;
                            "ja".to_string()
                        } else if c.lacks.contains(&e.id) {
                            no[ei] += 1;
                            "nee".to_string()
                        } else {
                            "onbekend".to_string()
                        }
                    })
                    .collect();
                ChecklistRow {
                    region: Link {
                        title: r.meta().title.clone(),
                        url: self.link(&paths::region(r.slug())),
                    },
                    covenant_url: self.link(url),
                    agreement: self.agreement_title(c),
                    earlier,
                    cells,
                }
            })
            .collect();
        let elements: Vec<ElementView> = s
            .elements
            .iter()
            .enumerate()
            .map(|(i, e)| ElementView {
                id: e.id.clone(),
                title: e.meta.title.clone(),
                body_html: self.md(e.body()).html,
                yes: yes[i],
                no: no[i],
                covered: yes[i] + no[i] > 0,
            })
            .collect();
        let view = ChecklistView {
            uncovered: elements
                .iter()
                .filter(|e| !e.covered)
                .map(|e| e.title.clone())
                .collect(),
            elements,
            rows,
        };
        let crumbs = vec![Link {
            title: self.t().text("nav_route").into(),
            url: self.link(paths::ROUTE),
        }];
        let page = self.page_view(
            self.t().text("checklist_title"),
            self.t().text("checklist_description"),
            paths::CHECKLIST,
            "aanpak",
            crumbs,
        );
        self.emit(
            "checklist.html",
            paths::CHECKLIST,
            page,
            ctx([("checklist", template_value(&view))]),
        )
    }
}
