//! Which pages the site has: one [`Page`] per page, in a stable order, and
//! the redirects of old addresses.

use crate::base::paths;
use crate::load::Doc;
use crate::resolve::Site;

/// One file the render makes: a page of the site, or the redirect from an
/// old address.
pub enum Page {
    /// `/`: the key figures, the table of regions and the programmes.
    Home,
    /// `/regio/<slug>/`: a region's playbook, by its place in
    /// [`Site::regions`](crate::resolve::Site::regions).
    Region(usize),
    /// `/regio/<slug>/convenant/`: a region's covenant page; only regions
    /// with a `covenant:` have one.
    Covenant(usize),
    /// `/regio/<slug>/convenant/<id>/`: region `.0`'s agreement `.1` of
    /// `earlier:`.
    Earlier(usize, usize),
    /// `/partners/`: every organisation, by kind.
    Partners,
    /// `/partners/<id>/`: an organisation, by its place in
    /// [`Site::partners`](crate::resolve::Site::partners).
    Partner(usize),
    /// `/themas/`: every theme with its counts.
    Themes,
    /// `/themas/<id>/`: a theme with everything said on it, by its place in
    /// [`Site::themes`](crate::resolve::Site::themes).
    Theme(usize),
    /// `/lessen/`: every lesson, by theme.
    Lessons,
    /// `/programma/<id>/`: a national programme, by its place in
    /// [`Site::programmes`](crate::resolve::Site::programmes).
    Programme(usize),
    /// A free page of `pages/`.
    Free(usize),
    /// `/404.html`: the page for an unknown address.
    NotFound,
    /// `/vergelijk/`: the comparison table and its charts.
    Compare,
    /// `/vergelijk/<thema>/`: one theme across all regions, by the theme's
    /// place in [`Site::themes`](crate::resolve::Site::themes).
    CompareTheme(usize),
    /// `/aanpak/`: the route, every step in order.
    Route,
    /// `/aanpak/<stap>/`: one step with every region side by side, by its
    /// place in [`Site::steps`](crate::resolve::Site::steps).
    Step(usize),
    /// `/aanpak/convenant/`: the covenant checklist, elements by regions.
    Checklist,
    /// `/data/`: the page that documents the open data.
    DataPage,
    /// `/data/regions.json`, made without a template.
    DataJson,
    /// `/data/regions.csv`, made without a template.
    DataCsv,
    /// `/zoeken/`: the search page.
    Search,
    /// A redirect from an old address.
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
    /// Where in `file` the alias is written.
    pub span: std::ops::Range<usize>,
}

/// Which page a [`Page`] is, stable across rebuilds of the same content:
/// `serve` names the pages an edit touches by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKey {
    /// `/`.
    Home,
    /// `/regio/<slug>/`, by the region's place in the site.
    Region(usize),
    /// `/regio/<slug>/convenant/`, by the region's place in the site.
    Covenant(usize),
    /// An earlier agreement's page.
    Earlier(usize, usize),
    /// `/partners/`.
    Partners,
    /// `/partners/<id>/`, by the partner's place in the site.
    Partner(usize),
    /// `/themas/`.
    Themes,
    /// `/themas/<id>/`, by the theme's place in the site.
    Theme(usize),
    /// `/lessen/`.
    Lessons,
    /// `/programma/<id>/`, by the programme's place in the site.
    Programme(usize),
    /// `/<slug>/`, by the free page's place in the site.
    Free(usize),
    /// `/404.html`.
    NotFound,
    /// `/vergelijk/`.
    Compare,
    /// `/vergelijk/<thema>/`, by the theme's place in the site.
    CompareTheme(usize),
    /// `/aanpak/`.
    Route,
    /// `/aanpak/<stap>/`, by the step's place in the site.
    Step(usize),
    /// `/aanpak/convenant/`.
    Checklist,
    /// `/data/`.
    DataPage,
    /// `/data/regions.json`.
    DataJson,
    /// `/data/regions.csv`.
    DataCsv,
    /// `/zoeken/`.
    Search,
}

impl Page {
    /// `None` for redirects, which are always written.
    pub fn key(&self) -> Option<PageKey> {
        Some(match *self {
            Page::Home => PageKey::Home,
            Page::Region(i) => PageKey::Region(i),
            Page::Covenant(i) => PageKey::Covenant(i),
            Page::Earlier(i, k) => PageKey::Earlier(i, k),
            Page::Partners => PageKey::Partners,
            Page::Partner(i) => PageKey::Partner(i),
            Page::Themes => PageKey::Themes,
            Page::Theme(i) => PageKey::Theme(i),
            Page::Lessons => PageKey::Lessons,
            Page::Programme(i) => PageKey::Programme(i),
            Page::Free(i) => PageKey::Free(i),
            Page::NotFound => PageKey::NotFound,
            Page::Compare => PageKey::Compare,
            Page::CompareTheme(i) => PageKey::CompareTheme(i),
            Page::Route => PageKey::Route,
            Page::Step(i) => PageKey::Step(i),
            Page::Checklist => PageKey::Checklist,
            Page::DataPage => PageKey::DataPage,
            Page::DataJson => PageKey::DataJson,
            Page::DataCsv => PageKey::DataCsv,
            Page::Search => PageKey::Search,
            Page::Alias(_) => return None,
        })
    }

    /// The template this page renders with, if any.
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            Page::Home => "index.html",
            Page::Region(_) => "region.html",
            Page::Covenant(_) | Page::Earlier(..) => "covenant.html",
            Page::Partners => "partners.html",
            Page::Partner(_) => "partner.html",
            Page::Themes => "themes.html",
            Page::Theme(_) => "theme.html",
            Page::Lessons => "lessons.html",
            Page::Programme(_) => "programme.html",
            Page::Free(_) => "page.html",
            Page::NotFound => "404.html",
            Page::Compare => "compare.html",
            Page::CompareTheme(_) => "compare_theme.html",
            Page::Route => "route.html",
            Page::Step(_) => "step.html",
            Page::Checklist => "checklist.html",
            Page::DataPage => "data.html",
            Page::Search => "search.html",
            Page::DataJson | Page::DataCsv | Page::Alias(_) => return None,
        })
    }

    /// A name for the kind of page, for `--timings`.
    pub fn kind(&self) -> &'static str {
        match self {
            Page::Home => "home",
            Page::Region(_) => "regio",
            Page::Covenant(_) | Page::Earlier(..) => "convenant",
            Page::Partners | Page::Partner(_) => "partners",
            Page::Themes | Page::Theme(_) => "thema's",
            Page::Lessons => "lessen",
            Page::Programme(_) => "programma",
            Page::Free(_) => "vrije pagina",
            Page::NotFound => "404",
            Page::Compare => "vergelijk",
            Page::CompareTheme(_) => "vergelijk per thema",
            Page::Route | Page::Step(_) | Page::Checklist => "aanpak",
            Page::DataPage | Page::DataJson | Page::DataCsv => "open data",
            Page::Search => "zoeken",
            Page::Alias(_) => "doorverwijzing",
        }
    }
}

/// Every page of the site and every redirect, in a stable order.
pub fn all(site: &Site) -> Vec<Page> {
    let mut jobs = vec![
        Page::Home,
        Page::Partners,
        Page::Themes,
        Page::Lessons,
        Page::NotFound,
        Page::Compare,
        Page::DataPage,
        Page::DataJson,
        Page::DataCsv,
        Page::Route,
        Page::Checklist,
        Page::Search,
    ];
    // The pages with a row or item per region come first, the small ones
    // after: when the render ends on many small jobs, both cores stay busy
    // to the end instead of one waiting for the other's last long page.
    jobs.extend((0..site.steps.len()).map(Page::Step));
    jobs.extend((0..site.themes.len()).map(Page::CompareTheme));
    jobs.extend((0..site.themes.len()).map(Page::Theme));
    for (i, r) in site.regions.iter().enumerate() {
        jobs.push(Page::Region(i));
        // The covenant page exists once there are agreements to link to.
        if r.meta().covenant.is_some() {
            jobs.push(Page::Covenant(i));
        }
        // Each earlier agreement with an id has its own page (one without
        // is reported when the site resolves).
        for (k, c) in r.meta().earlier.iter().enumerate() {
            if c.id.is_some() {
                jobs.push(Page::Earlier(i, k));
            }
        }
    }
    jobs.extend((0..site.partners.len()).map(Page::Partner));
    jobs.extend((0..site.programmes.len()).map(Page::Programme));
    jobs.extend((0..site.pages.len()).map(Page::Free));
    fn alias<M>(jobs: &mut Vec<Page>, doc: &Doc<M>, aliases: &[String], target: String) {
        for a in aliases {
            // One that cannot be normalised was reported by resolve.
            let Ok(from) = crate::resolve::alias::normalise(a) else {
                continue;
            };
            let span = crate::load::yaml::locate(&doc.text, &doc.yaml, "aliases", a);
            jobs.push(Page::Alias(Alias {
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
                    jobs.push(Page::Alias(Alias {
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
