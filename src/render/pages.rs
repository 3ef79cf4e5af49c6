//! The machinery every page shares: the [`Renderer`] that turns a page's
//! view into HTML through the theme's templates, what all pages of one
//! render share ([`Common`]), and the view of the site itself. Each kind
//! of page has its own file (`*_pages.rs`); which pages there are is
//! [`super::page_list`].

use super::Theme;
use super::markdown::{self, Rendered};
use super::page_list::Page;
use super::views::*;
use crate::base::diagnostics::Diagnostic;
use crate::base::model::PartialDate;
use crate::base::output::{Body, OutFile};
use crate::base::paths;
use crate::base::translations::Translations;
use crate::resolve::Site;
use tera::Context;

/// What every page job shares, computed once per render.
pub struct Common {
    /// The checked columns of the comparison table, shared by
    /// `/vergelijk/`, `/data/` and the open data files.
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

impl Common {
    /// Computes what all pages share, the related regions of every region
    /// included.
    pub fn new(site: &Site, theme: &Theme, diags: &crate::base::diagnostics::Collector) -> Common {
        Common::with_related(site, theme, diags, crate::compare::related::related(site))
    }

    /// With the related regions already known (`serve` keeps them between
    /// edits that do not change them).
    pub fn with_related(
        site: &Site,
        theme: &Theme,
        diags: &crate::base::diagnostics::Collector,
        related: Vec<Vec<usize>>,
    ) -> Common {
        let t: &Translations = &theme.ui;
        let mut base = Context::new();
        base.insert("site", &site_view(site, t, &theme.assets));
        base.insert("t", &t.to_json());
        Common {
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
        let shard = &self.common.inline[(key.0 >> 4) % INLINE_SHARDS];
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
pub fn render_page(
    site: &Site,
    theme: &Theme,
    common: &Common,
    page: &Page,
) -> Result<OutFile, Diagnostic> {
    let r = Renderer {
        site,
        theme,
        common,
    };
    match page {
        Page::Compare => r.compare(),
        Page::CompareTheme(i) => r.compare_theme(*i),
        Page::DataPage => r.data_page(),
        Page::Route => r.route(),
        Page::Step(i) => r.step(*i),
        Page::Checklist => r.checklist(),
        Page::Search => r.search(),
        Page::DataJson => r.data_json(),
        Page::DataCsv => r.data_csv(),
        Page::Home => r.home(),
        Page::Region(i) => r.region(*i),
        Page::Covenant(i) => r.covenant(&site.regions[*i]),
        Page::Earlier(i, k) => r.earlier(&site.regions[*i], *k),
        Page::Partners => r.partners(),
        Page::Partner(i) => r.partner(*i),
        Page::Themes => r.themes(),
        Page::Theme(i) => r.theme(*i),
        Page::Lessons => r.lessons(),
        Page::Programme(i) => r.programme(*i),
        Page::Free(i) => r.page(&site.pages[*i]),
        Page::NotFound => r.not_found(),
        Page::Alias(a) => Ok(r.alias(&a.from, &a.to)),
    }
}

pub(super) struct Renderer<'a> {
    pub(super) site: &'a Site,
    pub(super) theme: &'a Theme,
    pub(super) common: &'a Common,
}

impl<'a> Renderer<'a> {
    /// The words of the interface.
    pub(super) fn t(&self) -> &Translations {
        &self.theme.ui
    }

    pub(super) fn date_view(&self, d: PartialDate) -> DateView {
        DateView {
            iso: d.html(),
            text: self.t().date(d),
        }
    }

    /// When a page made from one content file was last brought up to
    /// date: its own `updated` field, else the file's last change in git.
    pub(super) fn updated(
        &self,
        file: &std::path::Path,
        own: Option<PartialDate>,
    ) -> Option<DateView> {
        own.or_else(|| self.site.history.get(file).copied())
            .map(|d| self.date_view(d))
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
            updated: self.site.latest.map(|d| self.date_view(d)),
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
        let mut ctx = self.common.base.clone();
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
        let cache = || self.common.parts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(done) = cache().get(section) {
            return done.clone();
        }
        let mut ctx = self.common.base.clone();
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
        let mut all = self.common.base.clone();
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

/// Each programme is its own section, so its menu link alone is marked
/// as the current page on its page.
pub(super) fn programme_section(id: &str) -> String {
    format!("programma/{id}")
}

pub(super) fn nav_item(title: &str, url: String, section: &str) -> NavItem {
    NavItem {
        title: title.to_string(),
        url,
        section: section.to_string(),
    }
}

/// The `site` view every page shares, built once per render.
pub fn site_view(
    s: &Site,
    t: &Translations,
    assets: &std::collections::BTreeMap<String, String>,
) -> SiteView {
    let asset = |name: &str| {
        let published = assets.get(name).map_or(name, String::as_str);
        s.base.link(&format!("{}{published}", paths::STATIC))
    };
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
        stylesheet: asset(paths::STYLESHEET),
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
        publisher: c.publisher.clone().unwrap_or_default(),
        contact_url: c
            .contact
            .as_deref()
            .map(crate::base::urls::contact_link)
            .unwrap_or_default(),
        contact: c.contact.clone().unwrap_or_default(),
        security_url: c
            .security_contact
            .as_deref()
            .map(crate::base::urls::contact_link)
            .unwrap_or_default(),
        security_contact: c.security_contact.clone().unwrap_or_default(),
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
        search_script: asset(paths::SEARCH_SCRIPT),
        assets: assets
            .keys()
            .map(|name| (name.clone(), asset(name)))
            .collect(),
        search_index: s.base.link(crate::base::paths::SEARCH_DATA),
    }
}

/// The table of contents of a rendered body: its second-level headings.
pub(super) fn toc(headings: &[markdown::Heading]) -> Vec<HeadingView> {
    headings
        .iter()
        .filter(|h| h.level == 2)
        .map(|h| HeadingView {
            id: h.id.clone(),
            title: h.title.clone(),
        })
        .collect()
}

/// The line under a chart that shows only the first [`charts::MAX_ROWS`]
/// of `total` rows (`key` says which ones), or nothing when all fit.
pub(super) fn chart_note(t: &Translations, key: &str, total: usize) -> String {
    if total <= super::charts::MAX_ROWS {
        return String::new();
    }
    t.fill(
        key,
        &[
            ("n", &t.number(super::charts::MAX_ROWS as f64)),
            ("total", &t.number(total as f64)),
        ],
    )
}
