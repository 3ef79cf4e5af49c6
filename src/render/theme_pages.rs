//! The themes (`/themas/`, `/themas/<id>/`) with everything said on
//! them, and every lesson learned (`/lessen/`).

use super::pages::*;
use super::views::*;
use crate::base::diagnostics::Diagnostic;
use crate::base::output::OutFile;
use crate::base::paths;
use crate::resolve::{ItemRef, Region};

impl<'a> Renderer<'a> {
    pub(super) fn said(
        &self,
        refs: &[ItemRef],
        pick: impl Fn(&'a Region, usize) -> (&'a str, String),
        prefix: &str,
    ) -> Vec<SaidView> {
        refs.iter()
            .map(|ir| {
                let r = &self.site.regions[ir.region];
                let (text, quote_by) = pick(r, ir.item);
                let url = self.link(&paths::region(r.slug()));
                SaidView {
                    region: Link {
                        title: r.meta().title.clone(),
                        url: url.clone(),
                    },
                    url: format!("{url}#{prefix}-{}", ir.item + 1),
                    html: self.inline(text),
                    quote_by,
                }
            })
            .collect()
    }

    pub(super) fn programme_lessons(&self, refs: &[ItemRef]) -> Vec<SaidView> {
        refs.iter()
            .map(|ir| {
                let p = &self.site.programmes[ir.region];
                let l = &p.meta.lessons[ir.item];
                let url = self.link(&paths::programme(&p.id));
                SaidView {
                    region: Link {
                        title: p.meta.title.clone(),
                        url: url.clone(),
                    },
                    url: format!("{url}#les-{}", ir.item + 1),
                    html: self.inline(&l.text),
                    quote_by: l.quote_by.clone().unwrap_or_default(),
                }
            })
            .collect()
    }

    /// Every lesson on theme `i`, from regions and programmes.
    pub(super) fn theme_lessons(&self, i: usize) -> Vec<SaidView> {
        let e = &self.site.theme_entries[i];
        let mut lessons = self.said(
            &e.lessons,
            |r, k| {
                (
                    r.meta().lessons[k].text.as_str(),
                    r.meta().lessons[k].quote_by.clone().unwrap_or_default(),
                )
            },
            "les",
        );
        lessons.extend(self.programme_lessons(&e.programme_lessons));
        lessons
    }

    /// Principles, agreements or lessons as the items of a list, through
    /// `rows/said.html`.
    pub(super) fn said_html(&self, items: &[SaidView]) -> Result<String, Diagnostic> {
        self.rows_of("said", items)
    }

    /// A theme with everything said on it (`full`), or only its counts, for
    /// the overview: at 10,000 regions the items are most of the work.
    pub(super) fn theme_view(&self, i: usize, full: bool) -> Result<ThemeView, Diagnostic> {
        let s = self.site;
        let d = &s.themes[i];
        let e = &s.theme_entries[i];
        let item_count =
            e.principles.len() + e.agreements.len() + e.lessons.len() + e.programme_lessons.len();
        let (principles, agreements, lessons) = if full {
            (
                self.said_html(&self.said(
                    &e.principles,
                    |r, k| (r.meta().principles[k].text.as_str(), String::new()),
                    "principe",
                ))?,
                self.said_html(&self.said(
                    &e.agreements,
                    |r, k| (r.meta().agreements[k].text.as_str(), String::new()),
                    "afspraak",
                ))?,
                self.said_html(&self.theme_lessons(i))?,
            )
        } else {
            Default::default()
        };
        let mut regions: Vec<usize> = e
            .principles
            .iter()
            .chain(&e.agreements)
            .chain(&e.lessons)
            .map(|r| r.region)
            .collect();
        regions.sort_unstable();
        regions.dedup();
        Ok(ThemeView {
            id: d.id.clone(),
            title: d.meta.title.clone(),
            url: self.link(&paths::theme(&d.id)),
            definition: d.meta.definition.clone(),
            body_html: if full {
                self.md(d.body()).html
            } else {
                String::new()
            },
            item_count,
            principles_html: principles,
            agreements_html: agreements,
            lessons_html: lessons,
            region_count: regions.len(),
        })
    }

    pub(super) fn themes(&self) -> Result<OutFile, Diagnostic> {
        let themes: Vec<ThemeView> = (0..self.site.themes.len())
            .map(|i| self.theme_view(i, false))
            .collect::<Result<_, _>>()?;
        let page = self.page_view(
            self.t().text("themes_title"),
            self.t().text("themes_description"),
            paths::THEMES,
            "themas",
            vec![],
        );
        self.emit(
            "themes.html",
            paths::THEMES,
            page,
            ctx([("themes", template_value(&themes))]),
        )
    }

    pub(super) fn theme(&self, i: usize) -> Result<OutFile, Diagnostic> {
        let view = self.theme_view(i, true)?;
        let path = paths::theme(&view.id);
        let crumbs = vec![Link {
            title: self.t().text("nav_themes").into(),
            url: self.link(paths::THEMES),
        }];
        let mut page = self.page_view(&view.title, &view.definition, &path, "themas", crumbs);
        page.updated = self.updated(&self.site.themes[i].file, None);
        self.emit(
            "theme.html",
            &path,
            page,
            ctx([("theme", template_value(&view))]),
        )
    }

    pub(super) fn lessons(&self) -> Result<OutFile, Diagnostic> {
        let mut groups: Vec<LessonGroup> = Vec::new();
        for i in 0..self.site.themes.len() {
            let lessons = self.theme_lessons(i);
            if lessons.is_empty() {
                continue;
            }
            let d = &self.site.themes[i];
            groups.push(LessonGroup {
                theme: Link {
                    title: d.meta.title.clone(),
                    url: self.link(&paths::theme(&d.id)),
                },
                id: d.id.clone(),
                lessons_html: self.said_html(&lessons)?,
                count: lessons.len(),
            });
        }
        let page = self.page_view(
            self.t().text("lessons_title"),
            self.t().text("lessons_description"),
            paths::LESSONS,
            "lessen",
            vec![],
        );
        self.emit(
            "lessons.html",
            paths::LESSONS,
            page,
            ctx([("groups", template_value(&groups))]),
        )
    }
}
