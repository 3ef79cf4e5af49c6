//! draaiboek: a static site generator for regional playbooks on outflow
//! from sheltered housing and shelters to an ordinary home.
//!
//! Data flows one way, one module per stage:
//! [`load`] (content tree to typed documents) -> [`resolve`] (one checked
//! [`resolve::Site`] graph) -> [`render`] (Markdown and Tera templates,
//! each file streamed to a [`base::output::Sink`] as it is made) ->
//! [`finish`] (feed, sitemap, search index) -> [`check`] (links) ->
//! [`write`] (only changed files, moved into the output once the build
//! succeeded). What every stage shares lives in [`base`], below them all.
//! Problems are [`base::diagnostics::Diagnostic`] values collected across
//! all stages and reported together.

#![warn(missing_docs)]

pub mod base;
pub mod check;
pub mod cms;
pub mod compare;

pub mod finish;
pub mod load;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod theme;
pub mod write;

use base::diagnostics::{Collector, Report};
use resolve::BaseUrl;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a build is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The content folder, with `site.yaml`.
    pub content: PathBuf,
    /// Folder that holds `themes/<name>/`.
    pub themes: PathBuf,
    /// Overrides `base_url` of `site.yaml` (`--base-url`; `serve` sets its
    /// own address).
    pub base_url: Option<BaseUrl>,
    /// Also build drafts (`--drafts`): regions and pages with
    /// `draft: true`.
    pub drafts: bool,
    /// Accept the current addresses as the published ones instead of
    /// checking against `content/published-urls.txt`.
    pub update_urls: bool,
    /// Where the parsed front matter is kept for the next build (see
    /// `load::cache`); `None` parses every file.
    pub parse_cache: Option<PathBuf>,
    /// Theme stylesheets and scripts get their content's hash in their
    /// name (`style.<hash>.css`), so a web server may cache them for a
    /// year (docs/nginx.conf). `serve` turns it off, so that a changed
    /// stylesheet is swapped in without reloading the page.
    pub fingerprint: bool,
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
            parse_cache: None,
            fingerprint: true,
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
    /// Reading the content and parsing its front matter.
    pub load: Duration,
    /// Checking references and building the site graph, with the theme
    /// loaded alongside.
    pub resolve: Duration,
    /// Rendering every page, streamed to the sink as it is made.
    pub render: Duration,
    /// Feed, sitemap, search index and URL manifest.
    pub finish: Duration,
    /// Link check and the comparison with the published URLs.
    pub check: Duration,
    /// Moving the changed files into the output (set by the caller).
    pub write: Duration,
    /// What the process used by the end of each stage, where the system
    /// tells it (Linux).
    pub marks: Vec<Mark>,
    /// Processor time used before the first stage began.
    pub cpu_before: Duration,
}

/// The process at the end of one stage of a build.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    /// Which stage ended, as `--timings` names it (`laden`, `renderen`,
    /// ...).
    pub stage: &'static str,
    /// Resident memory and the peak so far, in KiB.
    pub resident_kib: u64,
    /// The peak resident memory so far, in KiB.
    pub peak_kib: u64,
    /// Processor time (user and system, all threads) since the start. The
    /// difference between two marks over the wall time between them says
    /// how many cores a stage kept busy.
    pub cpu: Duration,
}

impl Timings {
    /// Notes the process's memory and processor time at the end of `stage`.
    pub fn mark(&mut self, stage: &'static str) {
        if let (Some((resident_kib, peak_kib)), Some(cpu)) = (memory_kib(), cpu_time()) {
            self.marks.push(Mark {
                stage,
                resident_kib,
                peak_kib,
                cpu,
            });
        }
    }
}

/// User and system time of this process so far, from /proc/self/stat.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name may hold spaces and parentheses; the fields after
    // its closing parenthesis start at the third, so utime (14th) and
    // stime (15th) are the 12th and 13th after it.
    let mut fields = stat
        .get(stat.rfind(')')? + 1..)?
        .split_whitespace()
        .skip(11);
    let ticks: u64 = fields.next()?.parse::<u64>().ok()? + fields.next()?.parse::<u64>().ok()?;
    // SAFETY: sysconf only reads a constant of the system.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    (per_second > 0).then(|| Duration::from_secs_f64(ticks as f64 / per_second as f64))
}

/// (resident, peak resident) of this process in KiB, from /proc.
fn memory_kib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// A successful run up to the rendered files.
pub struct Built {
    /// Every address the site publishes (see `finish::manifest`).
    pub urls: std::collections::BTreeSet<String>,
    /// The resolved site.
    pub site: resolve::Site,
    /// What the render made: the list of files, the time per kind of page.
    pub output: render::Output,
    /// The files themselves, when built in memory by [`build`].
    pub files: Vec<base::output::OutFile>,
    /// Time and memory per stage, for `--timings`.
    pub timings: Timings,
    /// The front matter this build parsed, to save once its output is in
    /// place ([`load::Cache::save`]).
    pub parsed: load::Cache,
}

/// Every translation key the code asks for by name, from every stage: a
/// theme whose language file lacks one is told so when it loads, instead
/// of showing the key on a page.
pub fn translation_keys() -> Vec<String> {
    let mut keys = base::translations::base_keys();
    keys.extend(resolve::translation_keys());
    keys.extend(compare::translation_keys());
    keys.extend(search::translation_keys());
    keys
}

/// Loads and resolves the content and loads the theme: everything before
/// rendering. `None` when there were errors (they are in `diags`).
pub fn prepare(
    opts: &BuildOptions,
    diags: &Collector,
    timings: &mut Timings,
    cache: &mut load::Cache,
) -> Option<(resolve::Site, render::Theme)> {
    timings.cpu_before = cpu_time().unwrap_or_default();
    let t = Instant::now();
    let content = load::load(&opts.content, diags, cache);
    cache.loaded();
    timings.load = t.elapsed();
    timings.mark("laden");
    let content = content?;
    let t = Instant::now();
    // Parsing the templates is serial work inside Tera; it runs beside
    // the resolve step instead of before it.
    let config = content.config.clone();
    let (theme, site) = rayon::join(
        || {
            theme::load(
                &opts.themes,
                &config,
                &translation_keys(),
                opts.fingerprint,
                diags,
            )
        },
        || resolve::resolve(content, opts.base_url.as_ref(), opts.drafts, diags),
    );
    timings.resolve = t.elapsed();
    timings.mark("verwijzingen");
    let (site, theme) = (site?, theme?);
    // Rendering a site whose references are broken would only add noise.
    if diags.has_errors() {
        return None;
    }
    Some((site, theme))
}

/// Loads, resolves and renders into memory. Every problem of every stage
/// that could run is in the `Err` report.
pub fn build(opts: &BuildOptions) -> Result<Built, Report> {
    let memory = crate::base::output::Memory::default();
    let mut built = build_into(opts, &memory)?;
    built.files = memory.into_files();
    Ok(built)
}

/// Renders a resolved site into `sink`, then the files that describe it
/// (feed, sitemap, search index, URL manifest), then checks every link.
/// Problems go to `diags`. Returns what was made and the published
/// addresses. [`build_into`] and the fuzz target both go through here.
pub fn render_checked(
    site: &resolve::Site,
    theme: &render::Theme,
    diags: &Collector,
    sink: &dyn base::output::Sink,
    timings: &mut Timings,
) -> (render::Output, std::collections::BTreeSet<String>) {
    let t = Instant::now();
    let written = check::links::written(site);
    let anchored = written.anchored_pages();
    let mut output = render::render(site, theme, diags, sink, &anchored);
    timings.render = t.elapsed();
    timings.mark("renderen");
    let t = Instant::now();
    let region_text = std::mem::take(&mut output.region_text);
    let urls = finish::finish(site, &theme.ui, &mut output.listing, sink, region_text);
    timings.finish = t.elapsed();
    timings.mark("index en feeds");
    let t = Instant::now();
    // A page whose template failed is missing from the listing; checking
    // links against it would report every link to it as broken as well.
    if output.failed == 0 {
        check::links::check(
            site,
            &written,
            output
                .listing
                .iter()
                .map(|f| (f.path.as_str(), f.html.as_deref())),
            diags,
        );
    }
    // The pages' HTML was only kept for the link check.
    for f in &mut output.listing {
        f.html = None;
    }
    timings.check = t.elapsed();
    timings.mark("links");
    (output, urls)
}

/// Loads, resolves and renders, handing each file to `sink` as soon as it
/// is made, so no stage holds the whole site's pages. The sink's files are
/// only valid when this returns `Ok`.
pub fn build_into(opts: &BuildOptions, sink: &dyn base::output::Sink) -> Result<Built, Report> {
    let diags = Collector::default();
    let mut timings = Timings::default();
    let mut parsed = match &opts.parse_cache {
        Some(file) => load::Cache::open(file.clone()),
        None => load::Cache::none(),
    };
    let Some((site, theme)) = prepare(opts, &diags, &mut timings, &mut parsed) else {
        return Err(diags.into_report());
    };
    base::interrupt::stall_for_test("renderen");
    let (output, urls) = render_checked(&site, &theme, &diags, sink, &mut timings);
    // The CMS, when `site.yaml` publishes it: not a page of the site, so
    // outside the sitemap and the search index.
    if let Some(admin) = site.config.admin.as_ref().filter(|a| a.publish) {
        let dir = opts.themes.join(&site.config.theme).join("admin");
        for f in cms::published(&opts.content, &dir, admin) {
            sink.put(f);
        }
    }
    let t = Instant::now();
    if !opts.update_urls && output.failed == 0 {
        finish::manifest::compare(&opts.content, &urls, &diags);
    }
    timings.check += t.elapsed();
    if diags.has_errors() {
        return Err(diags.into_report());
    }
    Ok(Built {
        urls,
        site,
        output,
        files: Vec::new(),
        timings,
        parsed,
    })
}
