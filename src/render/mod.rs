//! Stage 3, **render**: Markdown to HTML and every page through the
//! theme's Tera templates, in parallel. The result is an in-memory list of
//! files; writing them is the write stage's job, so `check` can render
//! everything without touching the disk.

pub mod charts;
mod compare_pages;
pub mod external;
pub mod feeds;
pub mod links;
pub mod manifest;
pub mod markdown;
pub mod pages;
mod route_pages;
pub mod slug;
mod templates;
pub mod views;

use crate::diagnostics::{Collector, Diagnostic};
use crate::resolve::Site;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use templates::{Theme, escape_html};

/// One file of the built site.
#[derive(Debug, Clone)]
pub enum Content {
    Bytes(Vec<u8>),
    /// Copied from this source file when written.
    Copy(PathBuf),
}

#[derive(Debug, Clone)]
pub struct OutFile {
    /// Path inside the output directory, with `/` separators.
    pub path: String,
    pub content: Content,
    /// A page of the site (not a redirect, asset or attachment).
    pub page: bool,
}

impl OutFile {
    /// The content when it is in memory (pages, redirects, data).
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.content {
            Content::Bytes(b) => Some(b),
            Content::Copy(_) => None,
        }
    }
}

/// Everything a build writes.
#[derive(Debug, Default)]
pub struct Output {
    pub files: Vec<OutFile>,
    /// CPU time spent per kind of page (summed over threads), for
    /// `--timings`: (kind, pages, time).
    pub page_times: Vec<(&'static str, usize, std::time::Duration)>,
}

impl Output {
    /// HTML pages, not counting redirects.
    pub fn page_count(&self) -> usize {
        self.files.iter().filter(|f| f.page).count()
    }
}

pub use pages::{Job, JobKey};

/// Renders the whole site. Template problems are pushed to `diags`.
pub fn render(site: &Site, theme: &Theme, diags: &Collector) -> Output {
    render_only(site, theme, diags, None)
}

/// Renders the pages in `only` (all when `None`), plus the cheap files
/// every build has: redirects, theme files and attachments. Serve uses it
/// to re-render just what an edit touched.
pub fn render_only(
    site: &Site,
    theme: &Theme,
    diags: &Collector,
    only: Option<&HashSet<JobKey>>,
) -> Output {
    let (aliases, jobs): (Vec<_>, Vec<_>) = pages::jobs(site)
        .into_iter()
        .filter(|j| only.is_none_or(|o| j.key().is_none_or(|k| o.contains(&k))))
        .partition(|j| matches!(j, pages::Job::Alias(_)));
    let shared = pages::Shared {
        site_view: pages::site_view(site),
        columns: crate::compare::columns(site, diags),
        related: crate::compare::related::related(site),
    };
    let timed: Vec<(&'static str, std::time::Duration, Option<OutFile>)> = jobs
        .par_iter()
        .map(|job| {
            let t = std::time::Instant::now();
            let f = match pages::render_job(site, theme, &shared, job) {
                Ok(f) => Some(f),
                Err(d) => {
                    diags.push(d);
                    None
                }
            };
            (job.kind(), t.elapsed(), f)
        })
        .collect();
    let mut page_times: Vec<(&'static str, usize, std::time::Duration)> = Vec::new();
    let mut files = Vec::with_capacity(timed.len());
    for (kind, took, f) in timed {
        match page_times.iter_mut().find(|p| p.0 == kind) {
            Some(p) => {
                p.1 += 1;
                p.2 += took;
            }
            None => page_times.push((kind, 1, took)),
        }
        files.extend(f);
    }
    for (name, source) in &theme.static_files {
        files.push(OutFile {
            path: format!("static/{name}"),
            content: Content::Copy(source.clone()),
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
            .filter(|a| a.ends_with('/'))
            .map(|a| a.trim_start_matches('/').to_string());
        for dir in std::iter::once(format!("regio/{}/", r.slug())).chain(old) {
            for a in &r.src.attachments {
                files.push(OutFile {
                    path: format!("{dir}{a}"),
                    content: Content::Copy(r.src.dir.join(a)),
                    page: false,
                });
            }
        }
    }
    // An old address may never take the place of a page or file that exists.
    let mut taken: HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
    for job in &aliases {
        let pages::Job::Alias(a) = job else { continue };
        let Ok(f) = pages::render_job(site, theme, &shared, job) else {
            continue;
        };
        if taken.insert(f.path.clone()) {
            files.push(f);
        } else {
            diags.push(
                Diagnostic::new(a.file.clone(), a.span.clone(), format!("het oude adres `{}` is al in gebruik", a.from))
                    .expected("een adres dat de site nu niet meer gebruikt")
                    .suggest("verwijder dit adres uit `aliases:`; de pagina die er nu staat blijft bereikbaar"),
            );
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Output { files, page_times }
}

/// Loads the theme that `site.yaml` names from `themes_dir`.
pub fn templates_load(
    themes_dir: &Path,
    content: &crate::load::Content,
    diags: &Collector,
) -> Option<Theme> {
    templates::load(
        themes_dir,
        &content.config.meta.theme,
        diags,
        &content.config,
    )
}
