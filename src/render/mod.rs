//! Stage 3, **render**: Markdown to HTML and every page through the
//! theme's Tera templates, in parallel. The result is an in-memory list of
//! files; writing them is the write stage's job, so `check` can render
//! everything without touching the disk.

pub mod charts;
mod citations;
mod compare_pages;
mod data_pages;
pub mod markdown;
pub mod page_list;
pub mod pages;
mod partner_pages;
mod region_pages;
mod route_pages;
mod site_pages;
mod theme_pages;

pub mod views;

use crate::base::diagnostics::{Collector, Diagnostic};
use crate::base::output::{Body, Listed, OutFile, Sink};
use crate::resolve::Site;
use rayon::prelude::*;
use std::collections::HashSet;

pub use crate::theme::Theme;

/// What the search index needs of a region's rendered body. The region's
/// page hands it over (see [`Output::region_text`]), so the body is
/// not rendered a second time for the index.
#[derive(Debug, Clone, Default)]
pub struct RegionText {
    /// Plain text of the first paragraph.
    pub summary: String,
    /// The plain text cut at each heading.
    pub sections: Vec<markdown::Section>,
}

impl RegionText {
    /// What the search index needs of a body rendered for it alone.
    pub fn of(body: markdown::Rendered) -> RegionText {
        RegionText {
            summary: body.summary,
            sections: body.sections,
        }
    }
}

/// What a render made: the list of files (their bytes went to the sink)
/// and where the time went.
#[derive(Debug, Default)]
pub struct Output {
    /// Every file of the render, sorted by path.
    pub listing: Vec<Listed>,
    /// CPU time spent per kind of page (summed over threads), for
    /// `--timings`: (kind, pages, time).
    pub page_times: Vec<(&'static str, usize, std::time::Duration)>,
    /// Per region, its body text from its page's render, for the search
    /// index (`None` for regions this render did not make).
    pub region_text: Vec<Option<crate::render::RegionText>>,
    /// Pages whose template failed (each failure is in the diagnostics).
    pub failed: usize,
}

impl Output {
    /// HTML pages, not counting redirects.
    pub fn page_count(&self) -> usize {
        self.listing.iter().filter(|f| f.page).count()
    }
}

pub use page_list::{Page, PageKey};

/// Passes `f` to the sink and lists it; keeps its HTML when a content
/// link points into it with an anchor.
fn emit(sink: &dyn Sink, anchored: &HashSet<String>, f: OutFile) -> Listed {
    let html = anchored
        .contains(f.path.as_str())
        .then(|| f.bytes().map(<[u8]>::to_vec))
        .flatten();
    let listed = Listed {
        path: f.path.clone(),
        page: f.page,
        html,
    };
    sink.put(f);
    listed
}

/// Renders the whole site into `sink`. Template problems are pushed to
/// `diags`. `anchored` names the output files whose HTML the link check
/// needs (see [`crate::check::links::Written::anchored_pages`]).
pub fn render(
    site: &Site,
    theme: &Theme,
    diags: &Collector,
    sink: &dyn Sink,
    anchored: &HashSet<String>,
) -> Output {
    render_only(site, theme, diags, None, sink, anchored)
}

/// Renders the pages in `only` (all when `None`), plus the cheap files
/// every build has: redirects, theme files and attachments. Serve uses it
/// to re-render just what an edit touched.
pub fn render_only(
    site: &Site,
    theme: &Theme,
    diags: &Collector,
    only: Option<&HashSet<PageKey>>,
    sink: &dyn Sink,
    anchored: &HashSet<String>,
) -> Output {
    let (aliases, jobs): (Vec<_>, Vec<_>) = page_list::all(site)
        .into_iter()
        .filter(|j| only.is_none_or(|o| j.key().is_none_or(|k| o.contains(&k))))
        .partition(|j| matches!(j, page_list::Page::Alias(_)));
    let common = pages::Common::new(site, theme, diags);
    let timed: Vec<(&'static str, std::time::Duration, Option<Listed>)> = jobs
        .par_iter()
        .map(|job| {
            let t = std::time::Instant::now();
            if crate::base::interrupt::requested() {
                return (job.kind(), t.elapsed(), None);
            }
            let f = match pages::render_page(site, theme, &common, job) {
                Ok(f) => Some(emit(sink, anchored, f)),
                Err(d) => {
                    diags.push(d);
                    None
                }
            };
            (job.kind(), t.elapsed(), f)
        })
        .collect();
    let mut page_times: Vec<(&'static str, usize, std::time::Duration)> = Vec::new();
    let mut listing = Vec::with_capacity(timed.len());
    let mut failed = 0;
    for (kind, took, f) in timed {
        failed += usize::from(f.is_none());
        match page_times.iter_mut().find(|p| p.0 == kind) {
            Some(p) => {
                p.1 += 1;
                p.2 += took;
            }
            None => page_times.push((kind, 1, took)),
        }
        listing.extend(f);
    }
    let mut copies = Vec::new();
    for (name, source) in &theme.static_files {
        copies.push(OutFile {
            path: format!("{}{name}", crate::base::paths::STATIC),
            body: Body::Copy(source.clone()),
            page: false,
        });
    }
    for r in &site.regions {
        // An attachment is published at the region's address and, so that
        // links to a renamed region's document keep working, at its old ones.
        let old = r
            .meta()
            .aliases
            .iter()
            .filter_map(|a| crate::resolve::alias::normalise(a).ok())
            .filter(|a| a.ends_with('/') && a != "/")
            .map(|a| a.trim_start_matches('/').to_string());
        for dir in std::iter::once(crate::base::paths::region(r.slug())).chain(old) {
            for a in &r.src.attachments {
                copies.push(OutFile {
                    path: format!("{dir}{a}"),
                    body: Body::Copy(r.src.dir.join(a)),
                    page: false,
                });
            }
        }
    }
    listing.extend(copies.into_iter().map(|f| emit(sink, anchored, f)));
    // An old address may never take the place of a page or file that
    // exists, also where only upper and lower case differ: on a disk that
    // does not tell them apart (macOS, Windows) it would overwrite it.
    let any = !aliases.is_empty();
    let exact: HashSet<String> = listing
        .iter()
        .filter(|_| any)
        .map(|f| f.path.clone())
        .collect();
    let mut taken: HashSet<String> = listing
        .iter()
        .filter(|_| any)
        .map(|f| f.path.to_lowercase())
        .collect();
    for job in &aliases {
        let page_list::Page::Alias(a) = job else {
            continue;
        };
        let Ok(f) = pages::render_page(site, theme, &common, job) else {
            continue;
        };
        if taken.insert(f.path.to_lowercase()) {
            listing.push(emit(sink, anchored, f));
            continue;
        }
        let mut message = format!("het oude adres `{}` is al in gebruik", a.written);
        if a.written != a.from {
            message.push_str(&format!(" (een browser leest het als `{}`)", a.from));
        }
        if !exact.contains(&f.path) {
            message.push_str(", want alleen hoofdletters en kleine letters verschillen en veel schijven en servers zien die als gelijk");
        }
        diags.push(
            Diagnostic::new(a.file.clone(), a.span.clone(), message)
                .expected("een adres dat de site nu niet meer gebruikt")
                .suggest("verwijder dit adres uit `aliases:`; de pagina die er nu staat blijft bereikbaar"),
        );
    }
    listing.sort_by(|a, b| a.path.cmp(&b.path));
    Output {
        listing,
        page_times,
        region_text: common
            .region_text
            .into_iter()
            .map(std::sync::OnceLock::into_inner)
            .collect(),
        failed,
    }
}

/// Renders just these pages, for `serve` to show an edit at once. Their
/// bytes are the ones a full render makes, given the same `related`.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    diags: &Collector,
    jobs: &[Page],
    related: Vec<Vec<usize>>,
) -> Vec<OutFile> {
    let common = pages::Common::with_related(site, theme, diags, related);
    jobs.iter()
        .filter_map(|job| match pages::render_page(site, theme, &common, job) {
            Ok(f) => Some(f),
            Err(d) => {
                diags.push(d);
                None
            }
        })
        .collect()
}
