//! The site as `serve` keeps it: every built file in memory, rebuilt after
//! an edit. An edit to one region's playbook re-renders only the pages that
//! show something of that region; anything else that could change the set
//! of pages (a new file, `site.yaml`, a renamed title) is a full render.
//! Either way the files are the same bytes a full `build` writes.
//!
//! Before that, [`Session::quick`] shows a saved playbook at once: it reads
//! just that file and renders just its two pages, so the browser reloads
//! within milliseconds even at 10,000 regions; the server holds back every
//! other page until the full rebuild has caught up.

use crate::base::diagnostics::{Collector, Report};
use crate::base::files::absolute;
use crate::base::output::OutFile;
use crate::render::{self, Page, PageKey, Theme};
use crate::resolve::Site;
use crate::{BuildOptions, Timings};
use crate::{check, finish};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Built files by their path in the site (`regio/x/index.html`). Shared
/// with the server, so publishing a rebuild copies no page.
pub type Files = HashMap<String, Arc<OutFile>>;

/// What a rebuild did, for the terminal and the browser.
#[derive(Debug, Clone)]
pub struct Rebuild {
    /// `true` when every page was rendered, not just the ones an edit
    /// touched.
    pub full: bool,
    /// Only theme files changed: the browser may swap the stylesheet.
    pub css_only: bool,
    /// How many pages were rendered.
    pub rendered: usize,
    /// Rendered pages per kind, e.g. `regio 3`.
    pub summary: String,
    /// How long the rebuild took.
    pub took: Duration,
    /// The pages were built, but links are wrong (a link to a draft, to a
    /// page that does not exist): the preview shows the site with these
    /// errors over it, where `build` would refuse. Rendered as the terminal
    /// shows them.
    pub links: Option<String>,
}

/// The site as `serve` keeps it between edits.
pub struct Session {
    opts: BuildOptions,
    /// Every built file, by its path in the site.
    pub files: Files,
    site: Option<Site>,
    /// The theme of the last good build, for [`Session::quick`].
    theme: Option<Theme>,
    related: Vec<Vec<usize>>,
}

impl Session {
    /// A session that has built nothing yet.
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts: BuildOptions {
                fingerprint: false,
                ..opts
            },
            files: HashMap::new(),
            site: None,
            theme: None,
            related: Vec::new(),
        }
    }

    /// The build options every rebuild runs with.
    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// Builds everything anew.
    pub fn full(&mut self) -> Result<Rebuild, Report> {
        self.rebuild(None)
    }

    /// Rebuilds after `changed` (absolute or relative paths of files that
    /// were written, created or removed).
    pub fn apply(&mut self, changed: &[PathBuf]) -> Result<Rebuild, Report> {
        self.rebuild(Some(changed))
    }

    fn rebuild(&mut self, changed: Option<&[PathBuf]>) -> Result<Rebuild, Report> {
        let started = Instant::now();
        let diags = Collector::default();
        let mut timings = Timings::default();
        let Some((site, theme)) = crate::prepare(
            &self.opts,
            &diags,
            &mut timings,
            &mut crate::load::Cache::none(),
        ) else {
            return Err(diags.into_report());
        };
        let related = crate::compare::related::related(&site);
        let plan = match (changed, &self.site) {
            (Some(changed), Some(old)) => self.plan(changed, old, &site, &theme, &related),
            _ => Plan::Full,
        };
        let only = match &plan {
            Plan::Full => None,
            Plan::Only(keys) => Some(keys),
        };
        let written = check::links::written(&site);
        let anchored = written.anchored_pages();
        let memory = crate::base::output::Memory::default();
        let mut output = render::render_only(&site, &theme, &diags, only, &memory, &anchored);
        let mut files: Files = match plan {
            Plan::Full => HashMap::new(),
            Plan::Only(_) => self.files.clone(),
        };
        let rendered: usize = output.page_times.iter().map(|p| p.1).sum();
        let summary = output
            .page_times
            .iter()
            .map(|(kind, n, _)| format!("{kind} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        files.retain(|path, _| !finish::is_finished_file(path));
        for f in memory.into_files() {
            files.insert(f.path.clone(), Arc::new(f));
        }
        let mut listing: Vec<crate::base::output::Listed> = files
            .values()
            .map(|f| crate::base::output::Listed {
                path: f.path.clone(),
                page: f.page,
                html: None,
            })
            .collect();
        let finished = crate::base::output::Memory::default();
        let region_text = std::mem::take(&mut output.region_text);
        finish::finish(&site, &theme.ui, &mut listing, &finished, region_text);
        for f in finished.into_files() {
            files.insert(f.path.clone(), Arc::new(f));
        }
        // As in a build: no link check against pages that did not render.
        let rendered_well = !diags.has_errors();
        if output.failed == 0 {
            check::links::check(
                &site,
                &written,
                files.values().map(|f| (f.path.as_str(), f.bytes())),
                &diags,
            );
        }
        let links = if rendered_well && diags.has_errors() {
            Some(diags.into_report().render())
        } else if diags.has_errors() {
            // What the quick path showed may rest on this broken edit: the
            // next rebuild starts from scratch.
            self.site = None;
            self.theme = None;
            return Err(diags.into_report());
        } else {
            None
        };
        let css_only =
            changed.is_some_and(|c| !c.is_empty() && c.iter().all(|p| is_static(p, &self.opts)));
        self.files = files;
        self.site = Some(site);
        self.theme = Some(theme);
        self.related = related;
        Ok(Rebuild {
            full: only.is_none(),
            css_only,
            rendered,
            summary,
            took: started.elapsed(),
            links,
        })
    }

    /// Shows saved playbooks at once, when nothing but their own pages can
    /// look different before the full rebuild: only existing
    /// `regions/<slug>/index.md` files changed, and none of what other pages
    /// take from a region (title, covenant, partners, themes, programme,
    /// addresses, attachments) did. Returns the rebuild and the files that
    /// are now up to date; `None` when the full rebuild must go first.
    pub fn quick(&mut self, changed: &[PathBuf]) -> Option<(Rebuild, HashSet<String>)> {
        let started = Instant::now();
        let content = absolute(&self.opts.content);
        let mut slugs = Vec::new();
        for path in changed {
            let rel = absolute(path).strip_prefix(&content).ok()?.to_path_buf();
            let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
            let ["regions", slug, "index.md"] = parts.as_slice() else {
                return None;
            };
            slugs.push(slug.to_string());
        }
        let (site, theme) = (self.site.as_mut()?, self.theme.as_ref()?);
        let diags = Collector::default();
        let mut updated = Vec::new();
        for slug in &slugs {
            let &ri = site.region_ix.get(slug)?;
            let new = crate::load::region(&content, slug, &diags)?;
            let old = &site.regions[ri].src;
            if !same_for_others(&old.doc.meta, &new.doc.meta, site, self.opts.drafts)
                || old.attachments != new.attachments
            {
                return None;
            }
            updated.push((ri, new));
        }
        if diags.has_errors() || updated.is_empty() {
            return None;
        }
        let mut jobs = Vec::new();
        for (ri, new) in updated {
            site.regions[ri].src = new;
            jobs.push(Page::Region(ri));
            if site.regions[ri].meta().covenant.is_some() {
                jobs.push(Page::Covenant(ri));
            }
        }
        let pages = render::render_pages(site, theme, &diags, &jobs, self.related.clone());
        if diags.has_errors() {
            return None;
        }
        let mut ready = HashSet::new();
        for f in pages {
            ready.insert(f.path.clone());
            self.files.insert(f.path.clone(), Arc::new(f));
        }
        Some((
            Rebuild {
                full: false,
                css_only: false,
                rendered: ready.len(),
                summary: format!("regio {}", ready.len()),
                took: started.elapsed(),
                links: None,
            },
            ready,
        ))
    }

    /// Which pages an edit can have changed.
    fn plan(
        &self,
        changed: &[PathBuf],
        old: &Site,
        new: &Site,
        theme: &Theme,
        related: &[Vec<usize>],
    ) -> Plan {
        let content = absolute(&self.opts.content);
        let themes = absolute(&self.opts.themes);
        let mut keys: HashSet<PageKey> = HashSet::new();
        let jobs = render::page_list::all(new);
        for path in changed {
            let path = absolute(path);
            if let Ok(rel) = path.strip_prefix(&themes) {
                let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
                match parts.as_slice() {
                    [_, "static", ..] => {}
                    [_, "templates", name] => {
                        // A page template re-renders its pages; a shared one
                        // (base, includes) may show up anywhere, and so may
                        // a component, which every template can call.
                        let users: Vec<PageKey> = jobs
                            .iter()
                            .filter(|j| j.template() == Some(*name))
                            .filter_map(Page::key)
                            .collect();
                        if users.is_empty()
                            || theme.sources.iter().any(|(n, t)| {
                                t.contains(&format!("\"{name}\""))
                                    || (n == name && t.contains("{% component"))
                            })
                        {
                            return Plan::Full;
                        }
                        keys.extend(users);
                    }
                    _ => return Plan::Full,
                }
                continue;
            }
            let Ok(rel) = path.strip_prefix(&content) else {
                return Plan::Full;
            };
            let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
            let ["regions", slug, "index.md"] = parts.as_slice() else {
                return Plan::Full;
            };
            match region_keys(old, new, slug, related, &self.related) {
                Some(k) => keys.extend(k),
                None => return Plan::Full,
            }
        }
        Plan::Only(keys)
    }
}

enum Plan {
    Full,
    Only(HashSet<PageKey>),
}

fn is_static(p: &Path, opts: &BuildOptions) -> bool {
    absolute(p)
        .strip_prefix(absolute(&opts.themes))
        .is_ok_and(|rel| rel.iter().nth(1).is_some_and(|c| c == "static"))
}

/// The pages that show something of region `slug`, when only its playbook
/// changed and nothing that decides which pages exist or in what order.
fn region_keys(
    old: &Site,
    new: &Site,
    slug: &str,
    related: &[Vec<usize>],
    old_related: &[Vec<usize>],
) -> Option<Vec<PageKey>> {
    // Same regions, partners, themes, steps, elements and programmes, in
    // the same order; otherwise indexes and lists shift everywhere.
    let same_ids = |a: Vec<&String>, b: Vec<&String>| a == b;
    if !same_ids(
        old.regions.iter().map(|r| &r.src.doc.id).collect(),
        new.regions.iter().map(|r| &r.src.doc.id).collect(),
    ) || old.partners.len() != new.partners.len()
        || old.themes.len() != new.themes.len()
        || old.steps.len() != new.steps.len()
        || old.elements.len() != new.elements.len()
        || old.programmes.len() != new.programmes.len()
        || old.pages.len() != new.pages.len()
    {
        return None;
    }
    let &ri = new.region_ix.get(slug)?;
    let (o, n) = (old.regions[ri].meta(), new.regions[ri].meta());
    if o.title != n.title || o.covenant.is_some() != n.covenant.is_some() || o.aliases != n.aliases
    {
        return None;
    }
    let mut keys: Vec<PageKey> = vec![
        PageKey::Region(ri),
        PageKey::Covenant(ri),
        PageKey::Home,
        PageKey::Compare,
        PageKey::Themes,
        PageKey::Lessons,
        PageKey::Partners,
        PageKey::Route,
        PageKey::Checklist,
        PageKey::DataPage,
        PageKey::DataJson,
        PageKey::DataCsv,
    ];
    keys.extend((0..new.steps.len()).map(PageKey::Step));
    for m in [o, n] {
        for t in m
            .principles
            .iter()
            .chain(&m.agreements)
            .map(|s| &s.theme)
            .chain(m.lessons.iter().map(|l| &l.theme))
        {
            if let Some(&ti) = new.theme_ix.get(t) {
                keys.push(PageKey::Theme(ti));
                keys.push(PageKey::CompareTheme(ti));
            }
        }
        for p in &m.partners {
            if let Some(&pi) = new.partner_ix.get(&p.id) {
                keys.push(PageKey::Partner(pi));
            }
        }
        if let Some(&pi) = m.programme.as_ref().and_then(|p| new.programme_ix.get(p)) {
            keys.push(PageKey::Programme(pi));
        }
    }
    // Other regions whose "vergelijkbare regio's" changed.
    for (i, (a, b)) in old_related.iter().zip(related).enumerate() {
        if a != b {
            keys.push(PageKey::Region(i));
        }
    }
    Some(keys)
}

/// Whether a region's own pages, rendered in the site as it was with only
/// this region's front matter replaced, are what a full build makes of the
/// new front matter: nothing that orders the regions (title), decides its
/// related regions (themes, partners, covenant), is resolved against other
/// files (programme, partners, covenant document, steps) or adds pages
/// (aliases, draft) changed. Texts, statements, lessons, process entries
/// and sources may change freely: the other pages showing them are held
/// back until the full rebuild has made them anew.
fn same_for_others(
    old: &crate::base::model::RegionMeta,
    new: &crate::base::model::RegionMeta,
    site: &Site,
    drafts: bool,
) -> bool {
    let themes = |m: &crate::base::model::RegionMeta| -> Vec<String> {
        let mut t: Vec<String> = m
            .principles
            .iter()
            .chain(&m.agreements)
            .map(|s| s.theme.clone())
            .chain(m.lessons.iter().map(|l| l.theme.clone()))
            .collect();
        t.sort();
        t.dedup();
        t
    };
    let partners = |m: &crate::base::model::RegionMeta| -> Vec<String> {
        // The kind a partner has in the region counts in the comparison.
        let mut p: Vec<String> = m
            .partners
            .iter()
            .map(|p| format!("{}:{:?}", p.id, p.kind))
            .collect();
        p.sort();
        p.dedup();
        p
    };
    old.title == new.title
        && old.programme == new.programme
        && old.covenant == new.covenant
        && old.earlier == new.earlier
        && partners(old) == partners(new)
        && themes(old) == themes(new)
        && new
            .process
            .iter()
            .all(|p| site.step_ix.contains_key(&p.step))
        && old.aliases == new.aliases
        && (old.draft == new.draft || drafts)
}
