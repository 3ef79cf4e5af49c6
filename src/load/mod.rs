//! Stage 1, **load**: walk `content/`, split every file into front matter
//! and body, and parse the front matter into the typed model.
//!
//! Nothing here knows about other files: references between files are the
//! resolve stage's business. Every problem becomes a diagnostic; a file that
//! fails to parse is left out so later stages can still report theirs.

pub mod cache;
mod cut;
pub mod frontmatter;
pub mod history;
mod layout;
mod read;
mod syntax;
mod walk;
pub mod yaml;

pub use read::{MAX_FILE_BYTES, region_from_bytes};

pub use cache::Cache;
use read::{Parsed, load_config, parse_doc, parse_read, read_limited};
use walk::{classify, listed, not_content, special_file, symlink_allowed};

use crate::base::diagnostics::{Collector, Diagnostic};
use crate::base::model::{
    ElementMeta, PageMeta, PartnerMeta, ProgrammeMeta, RegionMeta, SiteConfig, StepMeta, ThemeMeta,
};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One content file: its id (slug), where it came from, its parsed front
/// matter and its Markdown body.
#[derive(Debug, Clone)]
pub struct Doc<M> {
    /// The file's slug: the region's folder name, or any other file's name
    /// without `.md` (`zachte-landing`); its address and the name other
    /// files refer to it by.
    pub id: String,
    /// Path relative to the content root, used in diagnostics.
    pub file: PathBuf,
    /// The front matter, parsed into the model.
    pub meta: M,
    /// The whole normalised text; `yaml` and `body` index into it.
    pub text: Arc<str>,
    /// Where the front matter is in `text`.
    pub yaml: Range<usize>,
    /// Where the Markdown body is in `text`.
    pub body: Range<usize>,
}

impl<M> Doc<M> {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body.clone()]
    }

    /// A diagnostic pointing at `value` under the top-level `key`.
    pub fn error_at(&self, key: &str, value: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(
            self.file.clone(),
            yaml::locate(&self.text, &self.yaml, key, value),
            message,
        )
    }
}

/// A region's playbook plus the files next to it (the signed covenant).
#[derive(Debug, Clone)]
pub struct RegionDoc {
    /// The playbook, `index.md`.
    pub doc: Doc<RegionMeta>,
    /// File names (not paths) of attachments in the region folder.
    pub attachments: Vec<String>,
    /// The region's folder, where its attachments are read from.
    pub dir: PathBuf,
}

/// Everything in the content tree, parsed but not yet cross-checked.
#[derive(Debug, Clone)]
pub struct Content {
    /// The content folder everything was read from.
    pub root: PathBuf,
    /// `site.yaml`.
    pub config: Doc<SiteConfig>,
    /// The playbooks, `regions/<slug>/index.md`.
    pub regions: Vec<RegionDoc>,
    /// The organisations, `partners/<id>.md`.
    pub partners: Vec<Doc<PartnerMeta>>,
    /// The themes, `themes/<id>.md`.
    pub themes: Vec<Doc<ThemeMeta>>,
    /// The steps of the route, `steps/<id>.md`.
    pub steps: Vec<Doc<StepMeta>>,
    /// The elements a covenant can contain, `elements/<id>.md`.
    pub elements: Vec<Doc<ElementMeta>>,
    /// The national programmes, `programmes/<id>.md`.
    pub programmes: Vec<Doc<ProgrammeMeta>>,
    /// The free pages, `pages/<slug>.md`.
    pub pages: Vec<Doc<PageMeta>>,
    /// (folder, id) of files that exist but could not be parsed. Their
    /// problem is already reported; references to them are not errors too.
    pub unparsed: HashSet<(&'static str, String)>,
    /// Collections whose folder could not be read: a reference into one
    /// is not reported, the folder itself is.
    pub unreadable: HashSet<&'static str>,
}

/// The folders that hold one kind of content each.
const COLLECTIONS: [&str; 7] = [
    "regions",
    "partners",
    "themes",
    "steps",
    "elements",
    "programmes",
    "pages",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Collection {
    Region,
    Partner,
    Theme,
    Step,
    Element,
    Programme,
    Page,
}

impl Collection {
    fn folder(self) -> &'static str {
        match self {
            Collection::Region => "regions",
            Collection::Partner => "partners",
            Collection::Theme => "themes",
            Collection::Step => "steps",
            Collection::Element => "elements",
            Collection::Programme => "programmes",
            Collection::Page => "pages",
        }
    }
}

enum Found {
    Doc(Collection, String, PathBuf),
    Attachment(String, String),
}

/// Reads the content tree at `root`. Returns `None` only when `site.yaml`
/// itself is unusable; all other problems are pushed to `diags`. Front
/// matter the previous build parsed comes from `cache`.
pub fn load(root: &Path, diags: &Collector, cache: &Cache) -> Option<Content> {
    let config = load_config(root, diags)?;
    let mut found = Vec::new();
    let mut unreadable = HashSet::new();
    for entry in walk::walk(root) {
        let (path, kind) = match entry {
            Ok(e) => e,
            Err((path, e)) => {
                let rel = path
                    .strip_prefix(root)
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                let folder = rel.to_str().and_then(|r| {
                    COLLECTIONS
                        .iter()
                        .find(|c| c.trim_end_matches('/') == r.trim_end_matches('/'))
                });
                match folder {
                    // Everything in it is unknown, so references to it
                    // are not reported one by one (see `Content::unreadable`).
                    Some(c) => {
                        unreadable.insert(*c);
                        diags.push(
                            Diagnostic::new(rel, 0..0, format!("de map `{c}` kan niet gelezen worden: {e}"))
                                .expected("een map die draaiboek mag openen en lezen")
                                .suggest("geef jezelf leesrechten op de map (bijvoorbeeld `chmod u+rx`), en verwijzingen naar bestanden erin werken weer"),
                        );
                    }
                    None => diags.push(Diagnostic::new(
                        rel,
                        0..0,
                        format!("kan niet gelezen worden: {e}"),
                    )),
                }
                continue;
            }
        };
        let rel = match path.strip_prefix(root) {
            Ok(r) => r.to_path_buf(),
            Err(_) => continue,
        };
        if crate::base::files::is_special(kind) {
            if !not_content(&rel) {
                diags.push(special_file(&rel, kind));
            }
            continue;
        }
        if kind.is_symlink() && !symlink_allowed(root, &path, diags) {
            continue;
        }
        if !kind.is_file() && !kind.is_symlink() {
            continue;
        }
        if let Some(f) = classify(&rel, diags) {
            found.push(f);
        }
    }

    // Walk order is sorted, so each region's list comes out sorted too.
    let mut attachments: HashMap<String, Vec<String>> = HashMap::new();
    let mut docs = Vec::new();
    for f in found {
        match f {
            Found::Doc(kind, id, rel) => docs.push((kind, id, rel)),
            Found::Attachment(slug, name) => attachments.entry(slug).or_default().push(name),
        }
    }

    let ids: HashSet<(&'static str, String)> = docs
        .iter()
        .map(|(kind, id, _)| (kind.folder(), id.clone()))
        .collect();
    // Read on threads of their own, so that a disk that has to be read
    // from gets many requests at once; then parsed on every core.
    let read = crate::base::io_threads::map(docs.iter().map(|(_, _, rel)| rel).collect(), |rel| {
        read_limited(&root.join(rel))
    });
    let results: Vec<Option<Parsed>> = docs
        .par_iter()
        .zip(read.into_par_iter())
        .map(|((kind, id, rel), raw)| parse_read(*kind, id, rel, raw, &ids, diags, cache))
        .collect();
    let unparsed = docs
        .iter()
        .zip(&results)
        .filter(|(_, r)| r.is_none())
        .map(|((kind, id, _), _)| (kind.folder(), id.clone()))
        .collect();
    let parsed = results.into_iter().flatten();

    let mut content = Content {
        root: root.to_path_buf(),
        config,
        regions: Vec::new(),
        partners: Vec::new(),
        themes: Vec::new(),
        steps: Vec::new(),
        elements: Vec::new(),
        programmes: Vec::new(),
        pages: Vec::new(),
        unparsed,
        unreadable,
    };
    for p in parsed {
        match p {
            Parsed::Region(doc) => {
                let slug = doc.id.clone();
                let files = attachments.remove(&slug).unwrap_or_default();
                content.regions.push(RegionDoc {
                    dir: root.join("regions").join(&slug),
                    doc: *doc,
                    attachments: files,
                });
            }
            Parsed::Partner(d) => content.partners.push(d),
            Parsed::Theme(d) => content.themes.push(d),
            Parsed::Step(d) => content.steps.push(d),
            Parsed::Element(d) => content.elements.push(d),
            Parsed::Programme(d) => content.programmes.push(d),
            Parsed::Page(d) => content.pages.push(d),
        }
    }
    Some(content)
}

/// One region's playbook and attachments, read anew: `serve` uses it when
/// a single playbook was saved, instead of loading the whole tree. The
/// attachments are found as [`load`] finds them. `None` when the file has
/// a problem (in `diags`) or the folder holds something [`load`] would
/// report.
pub fn region(root: &Path, slug: &str, diags: &Collector) -> Option<RegionDoc> {
    let dir = root.join("regions").join(slug);
    let mut attachments = Vec::new();
    for (path, kind) in listed(&dir).ok()? {
        let Ok(rel) = path.strip_prefix(root) else {
            return None;
        };
        if crate::base::files::is_special(kind) && !not_content(rel) {
            diags.push(special_file(rel, kind));
            return None;
        }
        if kind.is_symlink() && !symlink_allowed(root, &path, diags) {
            return None;
        }
        match classify(rel, diags) {
            Some(Found::Attachment(_, file)) => attachments.push(file),
            Some(Found::Doc(Collection::Region, _, _)) | None => {}
            Some(Found::Doc(..)) => return None,
        }
    }
    if diags.has_errors() {
        return None;
    }
    let rel = Path::new("regions").join(slug).join("index.md");
    match parse_doc(root, Collection::Region, slug, &rel, &HashSet::new(), diags)? {
        Parsed::Region(doc) => Some(RegionDoc {
            doc: *doc,
            attachments,
            dir,
        }),
        _ => None,
    }
}

/// Slugs become URLs partners link to, so they are kept to a safe alphabet.
pub fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
