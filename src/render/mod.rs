//! Stage 3, **render**: Markdown to HTML and every page through the
//! theme's Tera templates, in parallel. The result is an in-memory list of
//! files; writing them is the write stage's job, so `check` can render
//! everything without touching the disk.

pub mod links;
pub mod markdown;
mod pages;
pub mod slug;
mod templates;
pub mod views;

use crate::diagnostics::Collector;
use crate::resolve::Site;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub use templates::Theme;

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
}

/// Everything a build writes.
#[derive(Debug, Default)]
pub struct Output {
    pub files: Vec<OutFile>,
}

impl Output {
    /// HTML pages, not counting redirects.
    pub fn page_count(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.path.ends_with(".html") && matches!(f.content, Content::Bytes(_)))
            .count()
    }
}

/// Renders the whole site. Template problems are pushed to `diags`.
pub fn render(site: &Site, theme: &Theme, diags: &Collector) -> Output {
    let jobs = pages::jobs(site);
    let shared = pages::site_view(site);
    let mut files: Vec<OutFile> = jobs
        .par_iter()
        .filter_map(|job| match pages::render_job(site, theme, &shared, job) {
            Ok(f) => Some(f),
            Err(d) => {
                diags.push(d);
                None
            }
        })
        .collect();
    for (name, source) in &theme.static_files {
        files.push(OutFile {
            path: format!("static/{name}"),
            content: Content::Copy(source.clone()),
        });
    }
    for r in &site.regions {
        for a in &r.src.attachments {
            files.push(OutFile {
                path: format!("regio/{}/{}", r.slug(), a),
                content: Content::Copy(r.src.dir.join(a)),
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Output { files }
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
