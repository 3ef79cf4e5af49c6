//! Which pages the site has: one [`Job`] per page, in a stable order, and
//! the redirects of old addresses.

use crate::base::paths;
use crate::load::Doc;
use crate::resolve::Site;

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
