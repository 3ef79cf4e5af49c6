//! draaiboek: a static site generator for regional playbooks on outflow
//! from sheltered housing and shelters to an ordinary home.
//!
//! Data flows one way, one module per stage:
//! [`load`] (content tree to typed documents) -> [`resolve`] (one checked
//! [`resolve::Site`] graph) -> [`render`] (Markdown and Tera templates to an
//! in-memory [`render::Output`]) -> [`write`] (atomic swap into the output
//! directory). Problems are [`diagnostics::Diagnostic`] values collected
//! across all stages and reported together.

pub mod compare;
pub mod diagnostics;
pub mod load;
pub mod model;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod write;

use diagnostics::{Collector, Report};
use resolve::BaseUrl;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a build is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub content: PathBuf,
    /// Folder that holds `themes/<name>/`.
    pub themes: PathBuf,
    pub base_url: Option<BaseUrl>,
    pub drafts: bool,
    /// Accept the current addresses as the published ones instead of
    /// checking against `content/published-urls.txt`.
    pub update_urls: bool,
}

impl BuildOptions {
    /// Defaults for a content folder: themes next to it.
    pub fn for_content(content: impl Into<PathBuf>) -> Self {
        let content = content.into();
        let themes = default_themes_dir(&content);
        BuildOptions {
            content,
            themes,
            base_url: None,
            drafts: false,
            update_urls: false,
        }
    }
}

/// `themes/` in the folder that holds the content folder.
pub fn default_themes_dir(content: &Path) -> PathBuf {
    let abs = content
        .canonicalize()
        .unwrap_or_else(|_| content.to_path_buf());
    abs.parent()
        .map(|p| p.join("themes"))
        .unwrap_or_else(|| PathBuf::from("themes"))
}

/// Time spent per stage, for `--timings`.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub load: Duration,
    pub resolve: Duration,
    pub render: Duration,
    pub write: Duration,
}

/// A successful run up to the rendered files.
pub struct Built {
    /// Every address the site publishes (see `render::manifest`).
    pub urls: std::collections::BTreeSet<String>,
    pub site: resolve::Site,
    pub output: render::Output,
    pub timings: Timings,
}

/// Loads and resolves the content and loads the theme: everything before
/// rendering. `None` when there were errors (they are in `diags`).
pub fn prepare(
    opts: &BuildOptions,
    diags: &Collector,
    timings: &mut Timings,
) -> Option<(resolve::Site, render::Theme)> {
    let t = Instant::now();
    let content = load::load(&opts.content, diags);
    timings.load = t.elapsed();
    let content = content?;
    let t = Instant::now();
    let theme = render::templates_load(&opts.themes, &content, diags);
    let site = resolve::resolve(content, opts.base_url.as_ref(), opts.drafts, diags);
    timings.resolve = t.elapsed();
    let (site, theme) = (site?, theme?);
    // Rendering a site whose references are broken would only add noise.
    if diags.has_errors() {
        return None;
    }
    Some((site, theme))
}

/// Loads, resolves and renders. Every problem of every stage that could run
/// is in the `Err` report.
pub fn build(opts: &BuildOptions) -> Result<Built, Report> {
    let diags = Collector::default();
    let mut timings = Timings::default();
    let Some((site, theme)) = prepare(opts, &diags, &mut timings) else {
        return Err(diags.into_report());
    };
    let t = Instant::now();
    let mut output = render::render(&site, &theme, &diags);
    let mut files: std::collections::HashMap<String, render::OutFile> = output
        .files
        .drain(..)
        .map(|f| (f.path.clone(), f))
        .collect();
    let urls = render::feeds::finish(&site, &mut files);
    render::links::check(
        &site,
        files.values().map(|f| (f.path.as_str(), f.bytes())),
        &diags,
    );
    if !opts.update_urls {
        render::manifest::compare(&opts.content, &urls, &diags);
    }
    output.files = files.into_values().collect();
    output.files.sort_by(|a, b| a.path.cmp(&b.path));
    timings.render = t.elapsed();
    if diags.has_errors() {
        return Err(diags.into_report());
    }
    Ok(Built {
        urls,
        site,
        output,
        timings,
    })
}
