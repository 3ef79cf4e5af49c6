//! Which pages the site has, and the view each one's template receives.

use super::Theme;
use super::markdown::{self, Rendered};
use super::views::*;
use crate::base::diagnostics::Diagnostic;
use crate::base::model::{Lesson, PartialDate, PartnerKind, Source, Statement};
use crate::base::output::{Body, OutFile};
use crate::base::paths;
use crate::base::translations::Translations;
use crate::load::Doc;
use crate::resolve::{Document, ItemRef, Region, Site, Standing};
use tera::Context;

pub enum Job {
    Home,
    Region(usize),
    Covenant(usize),
    Partners,
    Partner(usize),
    Themes,
    Theme(usize),
    Lessons,
    Programme(usize),
    Page(usize),
    NotFound,
    Compare,
    CompareTheme(usize),
    Route,
    Step(usize),
    Checklist,
    DataPage,
    DataJson,
    DataCsv,
    Search,
    Alias(Alias),
}

/// A redirect page from an old address to the current one.
pub struct Alias {
    /// The old site path, normalised ([`crate::resolve::alias::normalise`]).
    pub from: String,
    /// The old address as the editor wrote it in `aliases:`.
    pub written: String,
    /// The current site path (`regio/nieuw/`).
    pub to: String,
    /// Where the alias is written, for a collision diagnostic.
    pub file: std::path::PathBuf,
    pub span: std::ops::Range<usize>,
}

/// Which page a job makes, stable across rebuilds of the same content.
pub type JobKey = (&'static str, usize);

impl Job {
    /// `None` for redirects, which are always written.
    pub fn key(&self) -> Option<JobKey> {
        Some(match self {
            Job::Home => ("home", 0),
            Job::Region(i) => ("region", *i),
            Job::Covenant(i) => ("covenant", *i),
            Job::Partners => ("partners", 0),
            Job::Partner(i) => ("partner", *i),
            Job::Themes => ("themes", 0),
            Job::Theme(i) => ("theme", *i),
            Job::Lessons => ("lessons", 0),
            Job::Programme(i) => ("programme", *i),
            Job::Page(i) => ("page", *i),
            Job::NotFound => ("404", 0),
            Job::Compare => ("compare", 0),
            Job::CompareTheme(i) => ("compare-theme", *i),
            Job::Route => ("route", 0),
            Job::Step(i) => ("step", *i),
            Job::Checklist => ("checklist", 0),
            Job::DataPage => ("data-page", 0),
            Job::DataJson => ("data-json", 0),
            Job::DataCsv => ("data-csv", 0),
            Job::Search => ("search", 0),
            Job::Alias(_) => return None,
        })
    }

    /// The template this job renders with, if any.
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            Job::Home => "index.html",
            Job::Region(_) => "region.html",
            Job::Covenant(_) => "covenant.html",
            Job::Partners => "partners.html",
            Job::Partner(_) => "partner.html",
            Job::Themes => "themes.html",
            Job::Theme(_) => "theme.html",
            Job::Lessons => "lessons.html",
            Job::Programme(_) => "programme.html",
            Job::Page(_) => "page.html",
            Job::NotFound => "404.html",
            Job::Compare => "compare.html",
            Job::CompareTheme(_) => "compare_theme.html",
            Job::Route => "route.html",
            Job::Step(_) => "step.html",
            Job::Checklist => "checklist.html",
            Job::DataPage => "data.html",
            Job::Search => "search.html",
            Job::DataJson | Job::DataCsv | Job::Alias(_) => return None,
        })
    }

    /// A name for the kind of page, for `--timings`.
    pub fn kind(&self) -> &'static str {
        match self {
            Job::Home => "home",
            Job::Region(_) => "regio",
            Job::Covenant(_) => "convenant",
            Job::Partners | Job::Partner(_) => "partners",
            Job::Themes | Job::Theme(_) => "thema's",
            Job::Lessons => "lessen",
            Job::Programme(_) => "programma",
            Job::Page(_) => "vrije pagina",
            Job::NotFound => "404",
            Job::Compare => "vergelijk",
            Job::CompareTheme(_) => "vergelijk per thema",
            Job::Route | Job::Step(_) | Job::Checklist => "aanpak",
            Job::DataPage | Job::DataJson | Job::DataCsv => "open data",
            Job::Search => "zoeken",
            Job::Alias(_) => "doorverwijzing",
        }
    }
}

pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::Partners,
        Job::Themes,
        Job::Lessons,
        Job::NotFound,
        Job::Compare,
        Job::DataPage,
        Job::DataJson,
        Job::DataCsv,
        Job::Route,
        Job::Checklist,
        Job::Search,
    ];
    // The pages with a row or item per region come first, the small ones
    // after: when the render ends on many small jobs, both cores stay busy
    // to the end instead of one waiting for the other's last long page.
    jobs.extend((0..site.steps.len()).map(Job::Step));
    jobs.extend((0..site.themes.len()).map(Job::CompareTheme));
    jobs.extend((0..site.themes.len()).map(Job::Theme));
    for (i, r) in site.regions.iter().enumerate() {
        jobs.push(Job::Region(i));
        // The covenant page exists once there are agreements to link to.
        if r.meta().covenant.is_some() {
            jobs.push(Job::Covenant(i));
        }
    }
    jobs.extend((0..site.partners.len()).map(Job::Partner));
    jobs.extend((0..site.programmes.len()).map(Job::Programme));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    fn alias<M>(jobs: &mut Vec<Job>, doc: &Doc<M>, aliases: &[String], target: String) {
        for a in aliases {
            // One that cannot be normalised was reported by resolve.
            let Ok(from) = crate::resolve::alias::normalise(a) else {
                continue;
            };
            let span = crate::load::yaml::locate(&doc.text, &doc.yaml, "aliases", a);
            jobs.push(Job::Alias(Alias {
                from,
                written: a.clone(),
                to: target.clone(),
                file: doc.file.clone(),
                span,
            }));
        }
    }
    for r in &site.regions {
        alias(
            &mut jobs,
            &r.src.doc,
            &r.meta().aliases,
            paths::region(r.slug()),
        );
        // Partners link to the covenant page: an old region address keeps
        // that link working too.
        if r.meta().covenant.is_some() {
            for a in &r.meta().aliases {
                let Ok(from) = crate::resolve::alias::normalise(a) else {
                    continue;
                };
                if from.ends_with('/') && from != "/" {
                    jobs.push(Job::Alias(Alias {
                        from: format!("{from}convenant/"),
                        written: format!("{a}convenant/"),
                        to: paths::covenant(r.slug()),
                        file: r.src.doc.file.clone(),
                        span: crate::load::yaml::locate(
                            &r.src.doc.text,
                            &r.src.doc.yaml,
                            "aliases",
                            a,
                        ),
                    }));
                }
            }
        }
    }
    for d in &site.partners {
        alias(&mut jobs, d, &d.meta.aliases, paths::partner(&d.id));
    }
    for d in &site.themes {
        alias(&mut jobs, d, &d.meta.aliases, paths::theme(&d.id));
    }
    for d in &site.programmes {
        alias(&mut jobs, d, &d.meta.aliases, paths::programme(&d.id));
    }
    for d in &site.pages {
        alias(&mut jobs, d, &d.meta.aliases, paths::page(&d.id));
    }
    jobs
}

/// What every page job shares, computed once per render.
pub struct Shared {
    pub columns: Vec<crate::compare::Column>,
    /// Per region: related regions, best first.
    pub related: Vec<Vec<usize>>,
    /// What every template gets: `site` and the translations as `t`.
    /// Serialised once; each page adds its own values to a copy, which
    /// shares the values instead of copying them (see [`Renderer::emit`]).
    pub base: Context,
    /// Rendered inline Markdown by the address of its text in the site
    /// (see [`Renderer::inline`]).
    pub inline:
        [std::sync::Mutex<std::collections::HashMap<(usize, usize), String>>; INLINE_SHARDS],
    /// Per region, the body text its page render leaves for the search
    /// index.
    pub region_text: Vec<std::sync::OnceLock<crate::render::RegionText>>,
    /// Per region, the values of `columns`, made the first time a page
    /// asks: the comparison table, the JSON and the CSV all show them.
    pub column_values: Vec<std::sync::OnceLock<Vec<crate::compare::Value>>>,
    /// The theme's `parts/*.html` by page section, each rendered the first
    /// time a page of that section asks (see [`Renderer::parts`]).
    parts: std::sync::Mutex<std::collections::HashMap<String, Parts>>,
}

/// The rendered parts of one section: `parts.<name>` in every page's
/// template, or the error of the part that failed.
type Parts = std::sync::Arc<Result<tera::Value, Diagnostic>>;

impl Shared {
    pub fn new(
        site: &Site,
        t: &Translations,
        diags: &crate::base::diagnostics::Collector,
    ) -> Shared {
        Shared::with_related(site, t, diags, crate::compare::related::related(site))
    }

    /// With the related regions already known (`serve` keeps them between
    /// edits that do not change them).
    pub fn with_related(
        site: &Site,
        t: &Translations,
        diags: &crate::base::diagnostics::Collector,
        related: Vec<Vec<usize>>,
    ) -> Shared {
        let mut base = Context::new();
        base.insert("site", &site_view(site, t));
        base.insert("t", &t.to_json());
        Shared {
            columns: crate::compare::columns(site, t, diags),
            related,
            base,
            inline: Default::default(),
            region_text: (0..site.regions.len())
                .map(|_| Default::default())
                .collect(),
            column_values: (0..site.regions.len())
                .map(|_| Default::default())
                .collect(),
            parts: Default::default(),
        }
    }
}

impl<'a> Renderer<'a> {
    /// Inline Markdown of a text in the site (a principle, a lesson, a
    /// process step). The same text shows on its region's page, its theme's
    /// pages and the lessons page, so each is rendered once per build; the
    /// `'a` lifetime keeps texts that are not the site's own out of the cache,
    /// whose key is the text's address.
    pub(super) fn inline(&self, text: &'a str) -> String {
        // Address and length: a text and its own prefix share an address.
        let key = (text.as_ptr() as usize, text.len());
        let shard = &self.shared.inline[(key.0 >> 4) % INLINE_SHARDS];
        if let Some(html) = shard.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return html.clone();
        }
        let html = markdown::inline_with(text, &self.site.base.path, self.site.config.allow_html);
        shard
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, html.clone());
        html
    }
}

const INLINE_SHARDS: usize = 16;

/// Room for a page before it is rendered: a region page needs about 12 KB.
const PAGE_BYTES: usize = 16 * 1024;

/// Rows per template call in [`Renderer::rows_html`].
const ROWS_PER_CALL: usize = 400;

/// Renders one page to its file.
pub fn render_job(
    site: &Site,
    theme: &Theme,
    shared: &Shared,
    job: &Job,
) -> Result<OutFile, Diagnostic> {
    let r = Renderer {
        site,
        theme,
        shared,
    };
    match job {
        Job::Compare => r.compare(),
        Job::CompareTheme(i) => r.compare_theme(*i),
        Job::DataPage => r.data_page(),
        Job::Route => r.route(),
        Job::Step(i) => r.step(*i),
        Job::Checklist => r.checklist(),
        Job::Search => r.search(),
        Job::DataJson => r.data_json(),
        Job::DataCsv => r.data_csv(),
        Job::Home => r.home(),
        Job::Region(i) => r.region(*i),
        Job::Covenant(i) => r.covenant(&site.regions[*i]),
        Job::Partners => r.partners(),
        Job::Partner(i) => r.partner(*i),
        Job::Themes => r.themes(),
        Job::Theme(i) => r.theme(*i),
        Job::Lessons => r.lessons(),
        Job::Programme(i) => r.programme(*i),
        Job::Page(i) => r.page(&site.pages[*i]),
        Job::NotFound => r.not_found(),
        Job::Alias(a) => Ok(r.alias(&a.from, &a.to)),
    }
}

pub(super) struct Renderer<'a> {
    pub(super) site: &'a Site,
    pub(super) theme: &'a Theme,
    pub(super) shared: &'a Shared,
}

impl<'a> Renderer<'a> {
    /// The words of the interface.
    pub(super) fn t(&self) -> &Translations {
        &self.theme.ui
    }

    pub(super) fn date_view(&self, d: PartialDate) -> DateView {
        DateView {
            iso: d.iso(),
            text: self.t().date(d),
        }
    }

    pub(super) fn link(&self, path: &str) -> String {
        self.site.base.link(path)
    }

    pub(super) fn md(&self, text: &str) -> Rendered {
        markdown::render_with(text, &self.site.base.path, &[], self.site.config.allow_html)
    }

    pub(super) fn page_view(
        &self,
        title: &str,
        description: &str,
        path: &str,
        section: &str,
        crumbs: Vec<Link>,
    ) -> PageView {
        let mut breadcrumbs = vec![Link {
            title: self.t().text("crumb_home").into(),
            url: self.link(""),
        }];
        breadcrumbs.extend(crumbs);
        PageView {
            title: title.to_string(),
            description: if description.is_empty() {
                self.site.config.description.clone().unwrap_or_default()
            } else {
                truncate(description, 200)
            },
            canonical: self.site.base.absolute(path),
            section: section.to_string(),
            breadcrumbs,
            draft: false,
            og_type: "website".into(),
            jsonld: String::new(),
        }
    }

    /// The rows of a long table through the theme's `rows/<name>.html`,
    /// [`ROWS_PER_CALL`] at a time, each call seeing its rows as `rows`.
    /// A table of ten thousand rows as one template value was the largest
    /// part of a big build's peak memory; a few hundred at a time are not.
    pub(super) fn rows_html<T: serde::Serialize>(
        &self,
        name: &str,
        count: usize,
        make: impl Fn(std::ops::Range<usize>) -> Vec<T>,
    ) -> Result<String, Diagnostic> {
        let template = format!("rows/{name}.html");
        let mut ctx = self.shared.base.clone();
        let mut out = Vec::new();
        for start in (0..count).step_by(ROWS_PER_CALL) {
            let rows = template_value(&make(start..(start + ROWS_PER_CALL).min(count)));
            ctx.insert_value(
                "rows",
                rows.map_err(|e| self.theme.render_error(&template, &e))?,
            );
            self.theme
                .tera
                .render_to(&template, &ctx, &mut out)
                .map_err(|e| self.theme.render_error(&template, &e))?;
        }
        Ok(String::from_utf8(out).unwrap_or_default())
    }

    /// [`Self::rows_html`] for rows that are already made: they are
    /// serialised by reference, not copied.
    pub(super) fn rows_of<T: serde::Serialize>(
        &self,
        name: &str,
        rows: &[T],
    ) -> Result<String, Diagnostic> {
        self.rows_html(name, rows.len(), |r| rows[r].iter().collect::<Vec<&T>>())
    }

    /// The theme's parts for pages of `section`: every `parts/<name>.html`
    /// rendered with `site`, `t` and `section`, as `<name>` -> HTML.
    /// Header, menu and footer are the same on every page of a section, and
    /// were an eighth of all template work when each page rendered them anew
    /// (the idea of Hugo's `partialCached`).
    fn parts(&self, section: &str) -> Parts {
        let cache = || self.shared.parts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(done) = cache().get(section) {
            return done.clone();
        }
        let mut ctx = self.shared.base.clone();
        ctx.insert("section", section);
        let rendered = self
            .theme
            .parts()
            .map(|(name, template)| {
                let html = self.theme.tera.render(template, &ctx).map_err(|e| {
                    let d = self.theme.render_error(template, &e);
                    if d.message.contains("`page") {
                        d.expected("in een deel alleen `site`, `t` en `section`")
                            .suggest("zet wat per pagina verschilt in base.html, niet in parts/")
                    } else {
                        d
                    }
                })?;
                Ok((name.to_string(), html))
            })
            .collect::<Result<std::collections::BTreeMap<String, String>, Diagnostic>>()
            .and_then(|m| template_value(&m).map_err(|e| self.theme.render_error("parts", &e)));
        // Two pages of a new section may both get here; either's result
        // is the same, and the first one stays.
        cache()
            .entry(section.to_string())
            .or_insert_with(|| std::sync::Arc::new(rendered))
            .clone()
    }

    pub(super) fn emit(
        &self,
        template: &str,
        path: &str,
        page: PageView,
        ctx: Context,
    ) -> Result<OutFile, Diagnostic> {
        let parts = self.parts(&page.section);
        let parts = parts.as_ref().as_ref().map_err(Clone::clone)?;
        // Tera's values are shared, not copied: the clone of `site` and
        // `t` costs a few reference counts.
        let mut all = self.shared.base.clone();
        all.extend(ctx);
        let page = template_value(&page).map_err(|e| self.theme.render_error(template, &e))?;
        all.insert_value("page", page);
        all.insert_value("parts", parts.clone());
        // Straight into bytes: the page is written as bytes, and turning
        // it into a `String` first would check every byte of it once more.
        let mut html = Vec::with_capacity(PAGE_BYTES);
        self.theme
            .tera
            .render_to(template, &all, &mut html)
            .map_err(|e| self.theme.render_error(template, &e))?;
        Ok(OutFile {
            path: paths::index_file(path),
            body: Body::Bytes(html),
            page: true,
        })
    }

    /// A covenant as a schema.org CreativeWork: who made it, where, when.
    fn covenant_ld(&self, r: &Region, title: &str, url: &str) -> serde_json::Value {
        let s = self.site;
        let c = r.meta().covenant.as_ref();
        let partners: Vec<serde_json::Value> = r
            .meta()
            .partners
            .iter()
            .filter_map(|p| s.partner_ix.get(&p.id))
            .map(|&i| serde_json::json!({"@type": "Organization", "name": s.partners[i].meta.title, "url": s.base.absolute(&paths::partner(&s.partners[i].id))}))
            .collect();
        serde_json::json!({
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "additionalType": c.and_then(|c| c.kind).map(|k| self.t().text(k.key())),
            "name": title,
            "url": url,
            "inLanguage": s.config.language,
            "dateCreated": c.and_then(|c| c.signed).map(|d| d.iso()),
            "spatialCoverage": {"@type": "Place", "name": r.meta().title},
            "contributor": partners,
            "publisher": {"@type": "Organization", "name": s.config.title, "url": s.base.absolute},
        })
    }

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

    pub(super) fn region_row(&self, r: &Region) -> RegionRow {
        let c = r.meta().covenant.as_ref();
        let standing = Standing::of(r);
        RegionRow {
            title: r.meta().title.clone(),
            url: self.link(&paths::region(r.slug())),
            province: r.meta().province.clone().unwrap_or_default(),
            kind: c
                .and_then(|c| c.kind)
                .map(|k| self.t().text(k.key()).to_string())
                .unwrap_or_default(),
            status: self.t().text(standing.key()).to_string(),
            standing_class: standing.class().to_string(),
            year: c
                .and_then(|c| c.signed)
                .map(|d| d.year.to_string())
                .unwrap_or_default(),
        }
    }

    pub(super) fn covenant_view(&self, r: &Region) -> Option<CovenantView> {
        let c = r.meta().covenant.as_ref()?;
        let standing = Standing::of(r);
        let document = r.document.as_ref().map(|d| match d {
            Document::Attachment { name, bytes, .. } => DocumentView {
                url: self.link(&paths::attachment(r.slug(), name)),
                name: name.clone(),
                external: false,
                details: format!(
                    "{}, {}",
                    extension_label(self.t(), name),
                    size_label(self.t(), *bytes)
                ),
            },
            Document::Url(u) => DocumentView {
                url: u.clone(),
                name: u.clone(),
                external: true,
                details: self.t().text("document_external").into(),
            },
        });
        let path = paths::covenant(r.slug());
        Some(CovenantView {
            name: c.name.clone().unwrap_or_default(),
            kind: c
                .kind
                .map(|k| self.t().text(k.key()).to_string())
                .unwrap_or_default(),
            status: c
                .status
                .map(|s| self.t().text(s.key()).to_string())
                .unwrap_or_default(),
            standing_class: standing.class().to_string(),
            signed: c.signed.map(|d| self.date_view(d)),
            signatories: c.signatories,
            term_years: c.term_years,
            homes_per_year: c.homes_per_year,
            distribution_key: c.distribution_key.clone().unwrap_or_default(),
            document,
            elements: c
                .elements
                .iter()
                .filter_map(|e| self.site.element_ix.get(e).map(|&i| &self.site.elements[i]))
                .map(|e| Link {
                    title: e.meta.title.clone(),
                    url: String::new(),
                })
                .collect(),
            url: self.link(&path),
            permalink: self.site.base.absolute(&path),
        })
    }

    pub(super) fn theme_link(&self, id: &str) -> Link {
        match self.site.theme_ix.get(id) {
            Some(&i) => Link {
                title: self.site.themes[i].meta.title.clone(),
                url: self.link(&paths::theme(id)),
            },
            None => Link {
                title: id.to_string(),
                url: String::new(),
            },
        }
    }

    pub(super) fn statements(&self, list: &'a [Statement], prefix: &str) -> Vec<ItemView> {
        list.iter()
            .enumerate()
            .map(|(i, s)| ItemView {
                anchor: format!("{prefix}-{}", i + 1),
                html: self.inline(&s.text),
                theme: self.theme_link(&s.theme),
                quote_by: String::new(),
            })
            .collect()
    }

    pub(super) fn lesson_views(&self, list: &'a [Lesson]) -> Vec<ItemView> {
        list.iter()
            .enumerate()
            .map(|(i, l)| ItemView {
                anchor: paths::lesson_anchor(i + 1),
                html: self.inline(&l.text),
                theme: self.theme_link(&l.theme),
                quote_by: l.quote_by.clone().unwrap_or_default(),
            })
            .collect()
    }

    pub(super) fn sources(&self, list: &[Source]) -> Vec<SourceView> {
        list.iter()
            .map(|s| SourceView {
                title: s.title.clone(),
                url: s.url.clone().unwrap_or_default(),
                date: s.date.map(|d| self.t().date(d)).unwrap_or_default(),
                publisher: s.publisher.clone().unwrap_or_default(),
            })
            .collect()
    }

    /// A region as its templates see it: for its playbook (`body` is its
    /// rendered text), or, without a body, for its covenant page, which
    /// shows the covenant, the parties and the sources; the lists only the
    /// playbook shows stay empty there (making them was a third of the
    /// covenant page's work).
    pub(super) fn region_view(&self, r: &'a Region, body: Option<Rendered>) -> RegionView {
        let s = self.site;
        let m = r.meta();
        let playbook = body.is_some();
        let body = body.unwrap_or_default();
        let mut groups: Vec<PartnerGroup> = Vec::new();
        for kind in PartnerKind::ALL {
            let partners: Vec<PartnerInRegion> = m
                .partners
                .iter()
                .filter_map(|p| {
                    let &i = s.partner_ix.get(&p.id)?;
                    let d = &s.partners[i];
                    (d.meta.kind == kind).then(|| PartnerInRegion {
                        title: d.meta.title.clone(),
                        url: self.link(&paths::partner(&d.id)),
                        role: p.role.clone().unwrap_or_default(),
                    })
                })
                .collect();
            if !partners.is_empty() {
                groups.push(PartnerGroup {
                    kind: self.t().text(kind.plural_key()).to_string(),
                    partners,
                });
            }
        }
        let process: Vec<ProcessView> = crate::compare::route::process_order(&m.process)
            .into_iter()
            .filter(|_| playbook)
            .map(|i| {
                let p = &m.process[i];
                let step = s
                    .step_ix
                    .get(&p.step)
                    .map(|&k| s.steps[k].meta.title.clone())
                    .unwrap_or_else(|| p.step.clone());
                let step_url = if s.step_ix.contains_key(&p.step) {
                    self.link(&paths::step(&p.step))
                } else {
                    String::new()
                };
                ProcessView {
                    anchor: paths::step_anchor(i + 1),
                    date: p.date.map(|d| self.date_view(d)),
                    step,
                    step_url,
                    html: self.inline(&p.text),
                }
            })
            .collect();
        let standing = Standing::of(r);
        RegionView {
            slug: r.slug().to_string(),
            title: m.title.clone(),
            url: self.link(&paths::region(r.slug())),
            province: m.province.clone().unwrap_or_default(),
            municipalities: m.municipalities.clone(),
            programme: m
                .programme
                .as_ref()
                .and_then(|p| s.programme_ix.get(p))
                .map(|&i| Link {
                    title: s.programmes[i].meta.title.clone(),
                    url: self.link(&paths::programme(&s.programmes[i].id)),
                }),
            standing: self.t().text(standing.key()).to_string(),
            standing_class: standing.class().to_string(),
            covenant: self.covenant_view(r),
            partner_groups: groups,
            principles: if playbook {
                self.statements(&m.principles, "principe")
            } else {
                Vec::new()
            },
            agreements: if playbook {
                self.statements(&m.agreements, "afspraak")
            } else {
                Vec::new()
            },
            process,
            lessons: if playbook {
                self.lesson_views(&m.lessons)
            } else {
                Vec::new()
            },
            sources: self.sources(&m.sources),
            body_html: body.html,
            related: if playbook {
                self.related_views(r)
            } else {
                Vec::new()
            },
            toc: body
                .headings
                .iter()
                .filter(|h| h.level == 2)
                .map(|h| HeadingView {
                    id: h.id.clone(),
                    title: h.title.clone(),
                })
                .collect(),
        }
    }

    pub(super) fn region(&self, i: usize) -> Result<OutFile, Diagnostic> {
        let s = self.site;
        let r = &s.regions[i];
        let mut body = markdown::render_with(
            r.src.doc.body(),
            &s.base.path,
            &paths::REGION_ANCHORS,
            s.config.allow_html,
        );
        let summary = body.summary.clone();
        let sections = std::mem::take(&mut body.sections);
        if let Some(slot) = self.shared.region_text.get(i) {
            let _ = slot.set(crate::render::RegionText {
                summary: summary.clone(),
                sections,
            });
        }
        let view = self.region_view(r, Some(body));
        let path = paths::region(r.slug());
        let mut page = self.page_view(&r.meta().title, &summary, &path, "home", vec![]);
        page.draft = r.meta().draft;
        self.emit(
            "region.html",
            &path,
            page,
            ctx([("region", template_value(&view))]),
        )
    }

    pub(super) fn covenant(&self, r: &'a Region) -> Result<OutFile, Diagnostic> {
        let view = self.region_view(r, None);
        let path = paths::covenant(r.slug());
        let name = r.meta().covenant.as_ref().and_then(|c| c.name.clone());
        let t = self.t();
        let region = r.meta().title.as_str();
        let title = match &name {
            Some(n) => t.fill("covenant_title", &[("name", n), ("region", region)]),
            None => t.fill("covenant_title_unnamed", &[("region", region)]),
        };
        let desc = t.fill("covenant_description", &[("region", region)]);
        let crumbs = vec![Link {
            title: r.meta().title.clone(),
            url: view.url.clone(),
        }];
        let mut page = self.page_view(&title, &desc, &path, "home", crumbs);
        page.og_type = "article".into();
        page.jsonld = jsonld(&self.covenant_ld(r, &title, &page.canonical));
        self.emit(
            "covenant.html",
            &path,
            page,
            ctx([("region", template_value(&view))]),
        )
    }

    /// A partner with its body and regions (`full`), or for the overview,
    /// which shows only how many regions it works in.
    pub(super) fn partner_view(&self, i: usize, full: bool) -> PartnerView {
        let s = self.site;
        let d = &s.partners[i];
        PartnerView {
            id: d.id.clone(),
            title: d.meta.title.clone(),
            url: self.link(&paths::partner(&d.id)),
            kind: self.t().text(d.meta.kind.key()).to_string(),
            website: d.meta.website.clone().unwrap_or_default(),
            body_html: if full {
                self.md(d.body()).html
            } else {
                String::new()
            },
            region_count: s.partner_regions[i].len(),
            regions: s.partner_regions[i]
                .iter()
                .take(if full { usize::MAX } else { 0 })
                .map(|(ri, role)| {
                    let r = &s.regions[*ri];
                    PartnerInRegion {
                        title: r.meta().title.clone(),
                        url: self.link(&paths::region(r.slug())),
                        role: role.clone().unwrap_or_default(),
                    }
                })
                .collect(),
        }
    }

    pub(super) fn partners(&self) -> Result<OutFile, Diagnostic> {
        let groups: Vec<PartnerKindGroup> = PartnerKind::ALL
            .iter()
            .map(|k| PartnerKindGroup {
                kind: self.t().text(k.plural_key()).to_string(),
                partners: (0..self.site.partners.len())
                    .filter(|&i| self.site.partners[i].meta.kind == *k)
                    .map(|i| self.partner_view(i, false))
                    .collect(),
            })
            .filter(|g| !g.partners.is_empty())
            .collect();
        let page = self.page_view(
            self.t().text("partners_title"),
            self.t().text("partners_description"),
            paths::PARTNERS,
            "partners",
            vec![],
        );
        self.emit(
            "partners.html",
            paths::PARTNERS,
            page,
            ctx([("groups", template_value(&groups))]),
        )
    }

    pub(super) fn partner(&self, i: usize) -> Result<OutFile, Diagnostic> {
        let view = self.partner_view(i, true);
        let path = paths::partner(&view.id);
        let desc = markdown::summary(self.site.partners[i].body());
        let crumbs = vec![Link {
            title: self.t().text("nav_partners").into(),
            url: self.link(paths::PARTNERS),
        }];
        let page = self.page_view(&view.title, &desc, &path, "partners", crumbs);
        self.emit(
            "partner.html",
            &path,
            page,
            ctx([("partner", template_value(&view))]),
        )
    }

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
        let page = self.page_view(&view.title, &view.definition, &path, "themas", crumbs);
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
            lessons: self.lesson_views(&m.lessons),
            sources: self.sources(&m.sources),
            body_html: self.md(d.body()).html,
        };
        let page = self.page_view(
            &m.title,
            m.summary.as_deref().unwrap_or(""),
            &path,
            &programme_section(&d.id),
            vec![],
        );
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
            toc: body
                .headings
                .iter()
                .filter(|h| h.level == 2)
                .map(|h| HeadingView {
                    id: h.id.clone(),
                    title: h.title.clone(),
                })
                .collect(),
            sources: self.sources(&d.meta.sources),
        };
        let desc = d.meta.description.clone().unwrap_or(body.summary);
        let mut page = self.page_view(&d.meta.title, &desc, &path, &d.id, vec![]);
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

/// Each programme is its own section, so its menu link alone is marked
/// as the current page on its page.
fn programme_section(id: &str) -> String {
    format!("programma/{id}")
}

fn nav_item(title: &str, url: String, section: &str) -> NavItem {
    NavItem {
        title: title.to_string(),
        url,
        section: section.to_string(),
    }
}

pub(super) fn truncate(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", &cut[..at])
}

fn extension_label(t: &crate::base::translations::Translations, name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_uppercase())
        .unwrap_or_else(|| t.text("document_file").into())
}

/// File size as a reader sees it: "312 kB", "1,4 MB" in Dutch.
fn size_label(t: &crate::base::translations::Translations, bytes: u64) -> String {
    let (key, n) = if bytes < 1000 {
        ("size_bytes", bytes as f64)
    } else if bytes < 1_000_000 {
        ("size_kb", bytes.div_ceil(1000) as f64)
    } else {
        // One decimal, as before; `number` rounds to one.
        ("size_mb", bytes as f64 / 1_000_000.0)
    };
    t.fill(key, &[("n", &t.number(n))])
}

/// JSON-LD, safe inside `<script type="application/ld+json">`.
pub(super) fn jsonld(v: &serde_json::Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// A page's own template variables, from named views. The values are moved in, not
/// serialized again: a large page's view is big enough that a second copy
/// shows in the build's peak memory.
pub(super) fn ctx(
    pairs: impl IntoIterator<Item = (&'static str, tera::TeraResult<tera::Value>)>,
) -> Context {
    let mut ctx = Context::new();
    for (k, v) in pairs {
        if let Ok(v) = v {
            ctx.insert_value(k, v);
        }
    }
    ctx
}

/// A view as a template value. Tera's own `insert` panics when a value
/// cannot be serialised; this says so as an error instead.
pub(super) fn template_value<T: serde::Serialize + ?Sized>(v: &T) -> tera::TeraResult<tera::Value> {
    tera::Value::try_from_serializable(v)
}

/// The `site` view every page shares, built once per render.
pub fn site_view(s: &Site, t: &Translations) -> SiteView {
    let c = &s.config;
    let mut nav = vec![
        nav_item(t.text("nav_regions"), s.base.link(""), "home"),
        nav_item(t.text("nav_route"), s.base.link(paths::ROUTE), "aanpak"),
        nav_item(
            t.text("nav_compare"),
            s.base.link(paths::COMPARE),
            "vergelijk",
        ),
        nav_item(t.text("nav_themes"), s.base.link(paths::THEMES), "themas"),
        nav_item(t.text("nav_lessons"), s.base.link(paths::LESSONS), "lessen"),
        nav_item(
            t.text("nav_partners"),
            s.base.link(paths::PARTNERS),
            "partners",
        ),
    ];
    for p in &s.programmes {
        nav.push(nav_item(
            &p.meta.title,
            s.base.link(&paths::programme(&p.id)),
            &programme_section(&p.id),
        ));
    }
    for m in &c.menu {
        let url = if m.url.starts_with('/') {
            s.base.link(&m.url)
        } else {
            m.url.clone()
        };
        let section = m.url.trim_matches('/').to_string();
        nav.push(NavItem {
            title: m.title.clone(),
            url,
            section,
        });
    }
    SiteView {
        title: c.title.clone(),
        description: c.description.clone().unwrap_or_default(),
        base_url: s.base.absolute.clone(),
        base_path: s.base.path.clone(),
        language: c.language.clone(),
        stylesheet: s.base.link(paths::STYLESHEET),
        nav,
        pages: s
            .pages
            .iter()
            .map(|p| Link {
                title: p.meta.title.clone(),
                url: s.base.link(&format!("{}/", p.id)),
            })
            .collect(),
        footer_html: c
            .footer
            .as_deref()
            .map(|f| markdown::inline_with(f, &s.base.path, c.allow_html))
            .unwrap_or_default(),
        image: c
            .image
            .as_deref()
            .map(|i| {
                if i.starts_with('/') {
                    s.base.absolute(i)
                } else {
                    i.to_string()
                }
            })
            .unwrap_or_default(),
        feed: s.base.link(paths::FEED),
        search_url: s.base.link(paths::SEARCH),
        search_script: s.base.link(paths::SEARCH_SCRIPT),
        search_index: s.base.link(crate::base::paths::SEARCH_DATA),
    }
}
