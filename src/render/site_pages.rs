//! The pages about the site as a whole: the home page, search, the
//! programmes, free pages, the 404 page and the redirects of old
//! addresses.

use super::pages::*;
use super::views::*;
use crate::base::diagnostics::Diagnostic;
use crate::base::output::{Body, OutFile};
use crate::base::paths;
use crate::load::Doc;
use crate::resolve::Standing;
use tera::Context;

impl<'a> Renderer<'a> {
    pub(super) fn home(&self) -> Result<OutFile, Diagnostic> {
        let s = self.site;
        let signed = s
            .regions
            .iter()
            .filter(|r| Standing::of(r) == Standing::Signed)
            .count();
        let known_homes: Vec<u32> = s
            .regions
            .iter()
            .filter_map(|r| r.meta().covenant.as_ref()?.homes_per_year)
            .collect();
        let t = self.t();
        let figure = |n: usize, key: &str| Figure {
            value: t.number(n as f64),
            label: t.text(key).to_string(),
        };
        let mut figures = vec![
            figure(s.regions.len(), "figure_regions"),
            figure(signed, "figure_signed"),
            figure(s.partners.len(), "figure_partners"),
        ];
        // Regions whose agreement gives a share of the homes that come free
        // instead of a number: counted apart, never added up as homes.
        let shares =
            s.regions
                .iter()
                .filter(|r| {
                    r.meta().covenant.as_ref().is_some_and(|c| {
                        c.homes_per_year.is_none() && c.homes_share_percent.is_some()
                    })
                })
                .count();
        if shares > 0 {
            figures.push(Figure {
                value: t.number(shares as f64),
                label: t.text("figure_share_regions").to_string(),
            });
        }
        if !known_homes.is_empty() {
            let total: u64 = known_homes.iter().map(|&h| u64::from(h)).sum();
            figures.push(Figure {
                value: t.number(total as f64),
                label: t.fill(
                    "figure_homes",
                    &[(
                        "regions",
                        &t.count("region_count", known_homes.len() as u64),
                    )],
                ),
            });
        }
        let regions_html = self.rows_html("regions", s.regions.len(), |range| {
            s.regions[range]
                .iter()
                .map(|r| self.region_row(r))
                .collect()
        })?;
        let programmes: Vec<Link> = s
            .programmes
            .iter()
            .map(|p| Link {
                title: p.meta.title.clone(),
                url: self.link(&paths::programme(&p.id)),
            })
            .collect();
        let mut page = PageView {
            breadcrumbs: Vec::new(),
            ..self.page_view(&s.config.title, "", "", "home", Vec::new())
        };
        // The publisher and the site, for search engines.
        page.jsonld = jsonld(&serde_json::json!({
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "name": s.config.title, "url": s.base.absolute, "inLanguage": s.config.language, "description": s.config.description},
                {"@type": "Organization", "name": s.config.title, "url": s.base.absolute},
            ]
        }));
        self.emit(
            "index.html",
            "",
            page,
            ctx([
                ("figures", template_value(&figures)),
                ("regions_html", Ok(tera::Value::from(regions_html))),
                ("region_count", template_value(&s.regions.len())),
                ("programmes", template_value(&programmes)),
            ]),
        )
    }

    /// `/zoeken/`: the results come from `search.js`; without it the page
    /// points to the overviews.
    pub(super) fn search(&self) -> Result<OutFile, Diagnostic> {
        let page = self.page_view(
            self.t().text("search_title"),
            self.t().text("search_description"),
            paths::SEARCH,
            "zoeken",
            vec![],
        );
        let links = ctx([(
            "overviews",
            template_value(&[
                Link {
                    title: self.t().text("nav_themes").into(),
                    url: self.link(paths::THEMES),
                },
                Link {
                    title: self.t().text("nav_lessons").into(),
                    url: self.link(paths::LESSONS),
                },
            ]),
        )]);
        self.emit("search.html", paths::SEARCH, page, links)
    }

    pub(super) fn programme(&self, i: usize) -> Result<OutFile, Diagnostic> {
        let s = self.site;
        let d = &s.programmes[i];
        let m = &d.meta;
        let path = paths::programme(&d.id);
        let view = ProgrammeView {
            id: d.id.clone(),
            title: m.title.clone(),
            url: self.link(&path),
            summary: m.summary.clone().unwrap_or_default(),
            started: m.started.map(|d| self.date_view(d)),
            website: m.website.clone().unwrap_or_default(),
            phases: m
                .phases
                .iter()
                .map(|p| PhaseView {
                    title: p.title.clone(),
                    period: match (p.from, p.to) {
                        (Some(a), Some(b)) => self.t().fill(
                            "period_range",
                            &[("from", &self.t().date(a)), ("to", &self.t().date(b))],
                        ),
                        (Some(a), None) => {
                            self.t().fill("period_from", &[("date", &self.t().date(a))])
                        }
                        (None, Some(b)) => {
                            self.t().fill("period_to", &[("date", &self.t().date(b))])
                        }
                        (None, None) => String::new(),
                    },
                    html: p
                        .text
                        .as_deref()
                        .map(|t| self.md(t).html)
                        .unwrap_or_default(),
                })
                .collect(),
            regions: s.programme_regions[i]
                .iter()
                .map(|&ri| {
                    let r = &s.regions[ri];
                    let st = Standing::of(r);
                    ProgrammeRegion {
                        title: r.meta().title.clone(),
                        url: self.link(&paths::region(r.slug())),
                        standing: self.t().text(st.key()).to_string(),
                        standing_class: st.class().to_string(),
                        covenant: r
                            .meta()
                            .covenant
                            .as_ref()
                            .and_then(|c| c.name.clone())
                            .unwrap_or_default(),
                    }
                })
                .collect(),
            lessons: self.lesson_views(&m.lessons, &m.sources),
            sources: self.sources(&m.sources),
            body_html: self.md(d.body()).html,
        };
        let mut page = self.page_view(
            &m.title,
            m.summary.as_deref().unwrap_or(""),
            &path,
            &programme_section(&d.id),
            vec![],
        );
        page.updated = self.updated(&d.file, None);
        self.emit(
            "programme.html",
            &path,
            page,
            ctx([("programme", template_value(&view))]),
        )
    }

    pub(super) fn page(
        &self,
        d: &Doc<crate::base::model::PageMeta>,
    ) -> Result<OutFile, Diagnostic> {
        let body = self.md(d.body());
        let path = paths::page(&d.id);
        let view = FreePageView {
            title: d.meta.title.clone(),
            body_html: body.html,
            toc: toc(&body.headings),
            sources: self.sources(&d.meta.sources),
        };
        let desc = d.meta.description.clone().unwrap_or(body.summary);
        let mut page = self.page_view(&d.meta.title, &desc, &path, &d.id, vec![]);
        page.updated = self.updated(&d.file, None);
        page.draft = d.meta.draft;
        self.emit(
            "page.html",
            &path,
            page,
            ctx([("content", template_value(&view))]),
        )
    }

    pub(super) fn not_found(&self) -> Result<OutFile, Diagnostic> {
        let page = self.page_view(self.t().text("not_found_title"), "", "404.html", "", vec![]);
        let mut f = self.emit("404.html", "", page, Context::new())?;
        f.path = paths::NOT_FOUND.into();
        Ok(f)
    }

    pub(super) fn alias(&self, from: &str, to: &str) -> OutFile {
        let target = self.link(to);
        let canonical = self.site.base.absolute(to);
        let esc = crate::base::html::escape;
        let html = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{c}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n</head>\n<body>\n<p>{body} <a href=\"{t}\">{t}</a>.</p>\n</body>\n</html>\n",
            lang = esc(&self.site.config.language),
            title = esc(&self.t().fill("alias_title", &[("url", &target)])),
            body = esc(self.t().text("alias_body")),
            t = esc(&target),
            c = esc(&canonical),
        );
        OutFile {
            path: crate::resolve::alias::output_path(from),
            body: Body::Bytes(html.into_bytes()),
            page: false,
        }
    }
}
