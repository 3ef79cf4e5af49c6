//! Stage 1, **load**: walk `content/`, split every file into front matter
//! and body, and parse the front matter into the typed model.
//!
//! Nothing here knows about other files: references between files are the
//! resolve stage's business. Every problem becomes a diagnostic; a file that
//! fails to parse is left out so later stages can still report theirs.

pub mod cache;
pub mod frontmatter;
pub mod yaml;

pub use cache::Cache;

use crate::base::diagnostics::{Collector, Diagnostic, did_you_mean};
use crate::base::model::{
    OrderedMeta, PageMeta, PartnerMeta, ProgrammeMeta, RegionMeta, SiteConfig, StepMeta, ThemeMeta,
};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use walkdir::WalkDir;

/// One content file: its id (slug), where it came from, its parsed front
/// matter and its Markdown body.
#[derive(Debug, Clone)]
pub struct Doc<M> {
    pub id: String,
    /// Path relative to the content root, used in diagnostics.
    pub file: PathBuf,
    pub meta: M,
    /// The whole normalised text; `yaml` and `body` index into it.
    pub text: Arc<str>,
    pub yaml: Range<usize>,
    pub body: Range<usize>,
}

impl<M> Doc<M> {
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
    pub doc: Doc<RegionMeta>,
    /// File names (not paths) of attachments in the region folder.
    pub attachments: Vec<String>,
    pub dir: PathBuf,
}

/// Everything in the content tree, parsed but not yet cross-checked.
#[derive(Debug, Clone)]
pub struct Content {
    pub root: PathBuf,
    pub config: Doc<SiteConfig>,
    pub regions: Vec<RegionDoc>,
    pub partners: Vec<Doc<PartnerMeta>>,
    pub themes: Vec<Doc<ThemeMeta>>,
    pub steps: Vec<Doc<StepMeta>>,
    pub elements: Vec<Doc<OrderedMeta>>,
    pub programmes: Vec<Doc<ProgrammeMeta>>,
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
enum Kind {
    Region,
    Partner,
    Theme,
    Step,
    Element,
    Programme,
    Page,
}

impl Kind {
    fn folder(self) -> &'static str {
        match self {
            Kind::Region => "regions",
            Kind::Partner => "partners",
            Kind::Theme => "themes",
            Kind::Step => "steps",
            Kind::Element => "elements",
            Kind::Programme => "programmes",
            Kind::Page => "pages",
        }
    }
}

enum Found {
    Doc(Kind, String, PathBuf),
    Attachment(String, String),
}

/// Reads the content tree at `root`. Returns `None` only when `site.yaml`
/// itself is unusable; all other problems are pushed to `diags`. Front
/// matter the previous build parsed comes from `cache`.
pub fn load(root: &Path, diags: &Collector, cache: &Cache) -> Option<Content> {
    let config = load_config(root, diags)?;
    let mut found = Vec::new();
    let mut unreadable = HashSet::new();
    for entry in walk(root) {
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

/// An entry of the content folder (path and type), or one that could not
/// be read (path and why).
type Walked = Result<(PathBuf, std::fs::FileType), (PathBuf, String)>;

/// Every entry below `root`, in the order of a [`WalkDir`] sorted by name.
/// The folders two levels down (each region's own) are walked on
/// [`crate::base::io_threads`]: one after the other, 10,000 of them took most of
/// a second with a cold disk cache, nearly all of it waiting. The level
/// above them is listed without opening them, which `WalkDir` would do
/// for every folder it passes, even beyond `max_depth`.
fn walk(root: &Path) -> Vec<Walked> {
    let failed = |e: walkdir::Error| {
        let path = e.path().map(Path::to_path_buf).unwrap_or_default();
        (path, e.to_string())
    };
    let mut all: Vec<Walked> = Vec::new();
    // Each folder two levels down, after which entry of `all` it goes.
    let mut folders: Vec<(usize, PathBuf)> = Vec::new();
    for e in WalkDir::new(root).sort_by_file_name().max_depth(1) {
        let e = match e {
            Ok(e) => e,
            Err(e) => {
                all.push(Err(failed(e)));
                continue;
            }
        };
        let (path, kind) = (e.path().to_path_buf(), e.file_type());
        all.push(Ok((path.clone(), kind)));
        if e.depth() != 1 || !kind.is_dir() {
            continue;
        }
        match listed(&path) {
            Ok(children) => {
                for (child, kind) in children {
                    all.push(Ok((child.clone(), kind)));
                    if kind.is_dir() {
                        folders.push((all.len(), child));
                    }
                }
            }
            Err(e) => all.push(Err((path, e.to_string()))),
        }
    }
    let below =
        crate::base::io_threads::map(folders.iter().map(|(_, d)| d.clone()).collect(), |d| {
            WalkDir::new(d)
                .sort_by_file_name()
                .min_depth(1)
                .into_iter()
                .map(|e| {
                    e.map(|e| (e.path().to_path_buf(), e.file_type()))
                        .map_err(failed)
                })
                .collect::<Vec<_>>()
        });
    let mut below = folders
        .iter()
        .map(|(after, _)| *after)
        .zip(below)
        .peekable();
    let mut out = Vec::with_capacity(all.len());
    for (i, e) in all.into_iter().enumerate() {
        out.push(e);
        while let Some((_, subtree)) = below.next_if(|(after, _)| *after == i + 1) {
            out.extend(subtree);
        }
    }
    out
}

/// The entries of one folder, sorted by name, without opening the folders
/// among them.
fn listed(dir: &Path) -> std::io::Result<Vec<(PathBuf, std::fs::FileType)>> {
    let mut children = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        children.push((e.file_name(), e.path(), e.file_type()?));
    }
    children.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(children.into_iter().map(|(_, p, k)| (p, k)).collect())
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
            Some(Found::Doc(Kind::Region, _, _)) | None => {}
            Some(Found::Doc(..)) => return None,
        }
    }
    if diags.has_errors() {
        return None;
    }
    let rel = Path::new("regions").join(slug).join("index.md");
    match parse_doc(root, Kind::Region, slug, &rel, &HashSet::new(), diags)? {
        Parsed::Region(doc) => Some(RegionDoc {
            doc: *doc,
            attachments,
            dir,
        }),
        _ => None,
    }
}

enum Parsed {
    Region(Box<Doc<RegionMeta>>),
    Partner(Doc<PartnerMeta>),
    Theme(Doc<ThemeMeta>),
    Step(Doc<StepMeta>),
    Element(Doc<OrderedMeta>),
    Programme(Doc<ProgrammeMeta>),
    Page(Doc<PageMeta>),
}

fn load_config(root: &Path, diags: &Collector) -> Option<Doc<SiteConfig>> {
    let rel = PathBuf::from("site.yaml");
    let raw = match read_limited(&root.join(&rel)) {
        Ok(Ok(b)) => match String::from_utf8(b) {
            Ok(t) => t,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                diags
                    .sources
                    .insert(&rel, String::from_utf8_lossy(e.as_bytes()).as_ref());
                diags.push(
                    Diagnostic::new(rel, at..at + 1, "site.yaml is geen geldige UTF-8-tekst")
                        .suggest("sla het bestand op als UTF-8 (in de meeste editors: Opslaan als > Codering)"),
                );
                return None;
            }
        },
        Ok(Err(len)) => {
            diags.push(too_large(&rel, len));
            return None;
        }
        Err(e) => {
            diags.push(
                Diagnostic::new(rel, 0..0, format!("site.yaml kan niet gelezen worden: {e}"))
                    .expected(format!("een bestand site.yaml in {}", root.display()))
                    .suggest(
                        "geef met --content de map met site.yaml op, of maak een nieuwe site aan",
                    ),
            );
            return None;
        }
    };
    let text: Arc<str> = frontmatter::normalise(&raw).into();
    diags.sources.insert(&rel, text.clone());
    let range = 0..text.len();
    match yaml::parse::<SiteConfig>(&rel, &text, range.clone(), "site.yaml") {
        Ok(meta) => Some(Doc {
            id: "site".into(),
            file: rel,
            meta,
            text,
            yaml: range,
            body: 0..0,
        }),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Editors' swap files, OS litter and the hidden folders of tools (`.git`)
/// are not content, at any depth.
fn not_content(rel: &Path) -> bool {
    rel.iter().any(|p| {
        let p = p.to_string_lossy();
        p.starts_with('.') || p.ends_with('~')
    })
}

/// A FIFO, socket or device where a content file or attachment could be:
/// reading it would wait for ever, so it is named instead.
fn special_file(rel: &Path, kind: std::fs::FileType) -> Diagnostic {
    use std::os::unix::fs::FileTypeExt;
    let what = if kind.is_fifo() {
        "een named pipe (FIFO)"
    } else if kind.is_socket() {
        "een socket"
    } else {
        "een apparaat"
    };
    Diagnostic::new(
        rel,
        0..0,
        format!(
            "`{}` is {}: {what}, dat niet gelezen kan worden",
            rel.display(),
            crate::base::files::NOT_REGULAR
        ),
    )
    .expected("een gewoon bestand met tekst of een document")
    .suggest("verwijder het uit de inhoudsmap, of vervang het door het bestand zelf")
}

fn classify(rel: &Path, diags: &Collector) -> Option<Found> {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    let name = *parts.last()?;
    // Editors' swap files, OS litter and our URL manifest are not content.
    if name.starts_with('.') || name.ends_with('~') || name == "site.yaml" {
        return None;
    }
    let is_md = name.ends_with(".md");
    let stem = name.strip_suffix(".md").unwrap_or(name);
    match parts.as_slice() {
        ["regions", slug, "index.md"] => {
            Some(Found::Doc(Kind::Region, slug.to_string(), rel.into()))
        }
        ["regions", slug, file] if !is_md => {
            if let Some(why) = refused_attachment(file) {
                diags.push(
                    Diagnostic::new(rel, 0..0, format!("`{file}` kan geen bijlage zijn: {why}"))
                        .expected("een document met een extensie, zoals `pact-2020.pdf`, `afspraken.docx` of `kaart.png`")
                        .suggest("lever het document als PDF aan, of zet de tekst in index.md"),
                );
                return None;
            }
            if !valid_attachment(file) {
                diags.push(
                    Diagnostic::new(rel, 0..0, format!("`{file}` is geen geldige naam voor een bijlage"))
                        .expected("kleine letters zonder accenten, cijfers, streepjes en een extensie, zoals `pact-2020.pdf`")
                        .suggest(format!("hernoem het bestand naar `{}`", attachment_slug(file))),
                );
                return None;
            }
            Some(Found::Attachment(slug.to_string(), file.to_string()))
        }
        ["regions", _, _] => {
            diags.push(
                Diagnostic::new(rel, 0..0, "een regiomap bevat één playbook: index.md")
                    .expected("regions/<slug>/index.md plus bijlagen zoals pact.pdf")
                    .suggest(
                        "voeg de tekst toe aan index.md of maak er een vrije pagina van in pages/",
                    ),
            );
            None
        }
        [dir, _] if is_md => {
            let kind = match *dir {
                "partners" => Kind::Partner,
                "themes" => Kind::Theme,
                "steps" => Kind::Step,
                "elements" => Kind::Element,
                "programmes" => Kind::Programme,
                "pages" => Kind::Page,
                "regions" => {
                    diags.push(
                        Diagnostic::new(rel, 0..0, "een regio heeft een eigen map")
                            .expected(format!("regions/{stem}/index.md"))
                            .suggest(format!(
                                "verplaats het bestand naar regions/{stem}/index.md"
                            )),
                    );
                    return None;
                }
                other => {
                    diags.push(
                        Diagnostic::new(rel, 0..0, format!("onbekende map `{other}`"))
                            .expected(format!("een van {}", COLLECTIONS.join(", ")))
                            .maybe_suggest(did_you_mean(other, COLLECTIONS)),
                    );
                    return None;
                }
            };
            Some(Found::Doc(kind, stem.to_string(), rel.into()))
        }
        _ if is_md => {
            diags.push(
                Diagnostic::new(
                    rel,
                    0..0,
                    "dit Markdown-bestand staat niet in een inhoudsmap",
                )
                .expected(format!("een van de mappen {}", COLLECTIONS.join(", ")))
                .suggest("vrije pagina's horen in pages/"),
            );
            None
        }
        // Images and other files outside region folders are not published.
        _ => None,
    }
}

/// The largest content file draaiboek reads. A playbook is a few pages of
/// text; a file this size is a mistake (a pasted export, a PDF saved as
/// `.md`), and refusing it keeps a build's memory bounded.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Reads at most [`MAX_FILE_BYTES`] (plus one byte, to know it is more),
/// so a huge file is refused without being held in memory.
fn read_limited(path: &Path) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read;
    let file = crate::base::files::open(path)?;
    let len = file.metadata()?.len();
    if len > MAX_FILE_BYTES {
        return Ok(Err(len));
    }
    let mut raw = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut raw)?;
    // The file may have grown between the size check and the read.
    if raw.len() as u64 > MAX_FILE_BYTES {
        return Ok(Err(raw.len() as u64));
    }
    Ok(Ok(raw))
}

fn too_large(rel: &Path, bytes: u64) -> Diagnostic {
    let mb = |b: u64| format!("{:.1}", b as f64 / (1024.0 * 1024.0)).replace('.', ",");
    Diagnostic::new(
        rel,
        0..0,
        format!(
            "het bestand is {} MB; draaiboek leest inhoudsbestanden tot {} MB",
            mb(bytes),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
    .expected(format!(
        "een tekstbestand van hoogstens {} MB",
        MAX_FILE_BYTES / (1024 * 1024)
    ))
    .suggest("verdeel de tekst over meerdere pagina's, of zet een groot document als bijlage (pdf) in de regiomap")
}

fn parse_doc(
    root: &Path,
    kind: Kind,
    id: &str,
    rel: &Path,
    ids: &HashSet<(&'static str, String)>,
    diags: &Collector,
) -> Option<Parsed> {
    parse_read(
        kind,
        id,
        rel,
        read_limited(&root.join(rel)),
        ids,
        diags,
        &Cache::none(),
    )
}

/// [`parse_doc`] of a file already read.
fn parse_read(
    kind: Kind,
    id: &str,
    rel: &Path,
    read: std::io::Result<Result<Vec<u8>, u64>>,
    ids: &HashSet<(&'static str, String)>,
    diags: &Collector,
    cache: &Cache,
) -> Option<Parsed> {
    let raw = match read {
        Ok(Ok(b)) => b,
        Ok(Err(len)) => {
            diags.push(too_large(rel, len));
            return None;
        }
        Err(e) => {
            diags.push(Diagnostic::new(
                rel,
                0..0,
                format!("kan niet gelezen worden: {e}"),
            ));
            return None;
        }
    };
    parse_bytes(kind, id, rel, raw, ids, diags, cache)
}

/// One region's `index.md` from its bytes, as [`load`] would read it from
/// `regions/<slug>/index.md`: for the fuzz target and the property tests,
/// which feed content without a disk. Problems go to `diags`.
pub fn region_from_bytes(slug: &str, raw: Vec<u8>, diags: &Collector) -> Option<RegionDoc> {
    let rel = PathBuf::from("regions").join(slug).join("index.md");
    if raw.len() as u64 > MAX_FILE_BYTES {
        diags.push(too_large(&rel, raw.len() as u64));
        return None;
    }
    match parse_bytes(
        Kind::Region,
        slug,
        &rel,
        raw,
        &HashSet::new(),
        diags,
        &Cache::none(),
    )? {
        Parsed::Region(doc) => Some(RegionDoc {
            doc: *doc,
            attachments: Vec::new(),
            dir: PathBuf::from("regions").join(slug),
        }),
        _ => None,
    }
}

/// `ids` are the names of all content files, so a name that slugs to one
/// already taken (`Zeeland` next to `zeeland`) gets a suggestion that
/// does not collide.
fn parse_bytes(
    kind: Kind,
    id: &str,
    rel: &Path,
    raw: Vec<u8>,
    ids: &HashSet<(&'static str, String)>,
    diags: &Collector,
    cache: &Cache,
) -> Option<Parsed> {
    let raw = match String::from_utf8(raw) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            diags.sources.insert(rel, text);
            diags.push(
                Diagnostic::new(rel, at..at + 1, "het bestand is geen geldige UTF-8-tekst")
                    .suggest("sla het bestand op als UTF-8 (in de meeste editors: Opslaan als > Codering)"),
            );
            return None;
        }
    };
    let text: Arc<str> = frontmatter::normalise(&raw).into();
    diags.sources.insert(rel, text.clone());
    if !valid_slug(id) {
        diags.push(invalid_name(kind, id, rel, ids));
        return None;
    }
    let split = match frontmatter::split(&text) {
        Ok(s) => s,
        Err((span, msg)) => {
            diags.push(
                Diagnostic::new(rel, span, msg).expected("---\ntitle: ...\n---\nTekst in Markdown"),
            );
            return None;
        }
    };
    fn doc<M: DeserializeOwned + serde::Serialize + PartialEq>(
        rel: &Path,
        id: &str,
        text: &Arc<str>,
        split: &frontmatter::Split,
        what: &str,
        diags: &Collector,
        cache: &Cache,
    ) -> Option<Doc<M>> {
        let parsed = cache.parse(&text[split.yaml.clone()], || {
            yaml::parse::<M>(rel, text, split.yaml.clone(), what)
        });
        match parsed {
            Ok(meta) => Some(Doc {
                id: id.to_string(),
                file: rel.to_path_buf(),
                meta,
                text: text.clone(),
                yaml: split.yaml.clone(),
                body: split.body.clone(),
            }),
            Err(d) => {
                diags.push(d);
                None
            }
        }
    }
    let what = "de front matter";
    Some(match kind {
        Kind::Region => Parsed::Region(Box::new(doc(rel, id, &text, &split, what, diags, cache)?)),
        Kind::Partner => Parsed::Partner(doc(rel, id, &text, &split, what, diags, cache)?),
        Kind::Theme => Parsed::Theme(doc(rel, id, &text, &split, what, diags, cache)?),
        Kind::Step => Parsed::Step(doc(rel, id, &text, &split, what, diags, cache)?),
        Kind::Element => Parsed::Element(doc(rel, id, &text, &split, what, diags, cache)?),
        Kind::Programme => Parsed::Programme(doc(rel, id, &text, &split, what, diags, cache)?),
        Kind::Page => Parsed::Page(doc(rel, id, &text, &split, what, diags, cache)?),
    })
}

/// The file or folder name `id` cannot be an address: say which name it
/// should have, and whether that one is taken.
fn invalid_name(
    kind: Kind,
    id: &str,
    rel: &Path,
    ids: &HashSet<(&'static str, String)>,
) -> Diagnostic {
    let slug = crate::base::slug::slugify(id);
    let what = if kind == Kind::Region {
        "de map"
    } else {
        "het bestand"
    };
    // An invisible character shows as nothing in the message either.
    let hidden = id
        .chars()
        .find(|&c| crate::base::model::text::invisible(c))
        .map(|c| {
            format!(
                " (er staat het onzichtbare teken {} in)",
                crate::base::model::text::code_point(c)
            )
        })
        .unwrap_or_default();
    let d = Diagnostic::new(
        rel,
        0..0,
        format!(
            "`{}` is geen geldige naam voor een adres{hidden}",
            id.escape_debug()
        ),
    )
    .expected("kleine letters zonder accenten, cijfers en streepjes, zoals `zuid-kennemerland`");
    if ids.contains(&(kind.folder(), slug.clone())) {
        // Two names that differ only in case or accents would write the
        // same address; renaming to the slug would silently merge them.
        let other = match kind {
            Kind::Region => format!("regions/{slug}/"),
            k => format!("{}/{slug}.md", k.folder()),
        };
        d.suggest(format!(
            "`{slug}` is al in gebruik door {other}: geef {what} een andere naam, of voeg de twee samen"
        ))
    } else {
        d.suggest(format!("hernoem {what} naar `{slug}`"))
    }
}

/// An attachment is published under its own name, so it keeps to the
/// alphabet of slugs plus the dot of its extension: a space or an accent
/// would have to be percent-encoded in every link to it.
fn valid_attachment(name: &str) -> bool {
    name.split('.').all(valid_slug)
}

/// Why a file in a region folder cannot be published beside its pages, if
/// it cannot. The folder is `/regio/<slug>/`: a file there is served as
/// what its extension says, so an `index.html` would replace the playbook
/// and any page, image or script a browser runs (HTML, SVG, XML with a
/// style sheet, JavaScript) would bring raw markup onto the site, whatever
/// `allow_html` says. A name without an extension could take the place of
/// a folder the site writes there (`convenant/`).
fn refused_attachment(name: &str) -> Option<&'static str> {
    const ACTIVE: [&str; 13] = [
        "html", "htm", "xhtml", "xht", "shtml", "svg", "svgz", "xml", "xsl", "xslt", "js", "mjs",
        "wasm",
    ];
    let Some((_, ext)) = name.rsplit_once('.') else {
        return Some(
            "een bijlage heeft een extensie, en zonder kan de naam botsen met een map van de site",
        );
    };
    let ext = ext.to_ascii_lowercase();
    if name.to_ascii_lowercase().starts_with("index.") {
        return Some("`index` is de naam van de pagina van de regio zelf");
    }
    ACTIVE.contains(&ext.as_str()).then_some(
        "een browser voert zo'n bestand uit als pagina of script, en dat mag niet op de site",
    )
}

/// `Pact Getekend.PDF` -> `pact-getekend.pdf`.
fn attachment_slug(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!(
            "{}.{}",
            crate::base::slug::slugify(stem),
            crate::base::slug::slugify(ext)
        ),
        _ => crate::base::slug::slugify(name),
    }
}

/// A symbolic link in the content is read as the file it points to, but
/// only when that is a file inside the content folder: a link out would
/// publish a file from elsewhere on the machine, a link to a folder is not
/// followed (it could loop), and a loop or a dangling link is an error
/// rather than a silent gap in the site.
fn symlink_allowed(root: &Path, link: &Path, diags: &Collector) -> bool {
    let rel = link.strip_prefix(root).unwrap_or(link).to_path_buf();
    let refuse = |msg: String, help: &str| {
        diags.push(Diagnostic::new(rel.clone(), 0..0, msg).suggest(help.to_string()));
        false
    };
    let target = match link.canonicalize() {
        Ok(t) => t,
        Err(e) => {
            let why = if e.raw_os_error() == Some(40) {
                "verwijst in een kring naar zichzelf".to_string()
            } else {
                format!("wijst naar iets dat niet bestaat ({e})")
            };
            return refuse(
                format!("de link `{}` {why}", rel.display()),
                "verwijder de link of laat hem naar een bestaand bestand in content/ wijzen",
            );
        }
    };
    if let Ok(m) = std::fs::metadata(&target)
        && crate::base::files::is_special(m.file_type())
    {
        diags.push(special_file(&rel, m.file_type()));
        return false;
    }
    let inside = root.canonicalize().is_ok_and(|r| target.starts_with(r));
    if !inside {
        return refuse(
            format!(
                "de link `{}` wijst buiten de inhoudsmap, naar {}",
                rel.display(),
                target.display()
            ),
            "kopieer het bestand naar content/ in plaats van ernaar te linken",
        );
    }
    if target.is_dir() {
        return refuse(
            format!(
                "de link `{}` wijst naar een map; die wordt niet gevolgd",
                rel.display()
            ),
            "verplaats of kopieer de map naar content/",
        );
    }
    true
}

/// Slugs become URLs partners link to, so they are kept to a safe alphabet.
pub fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk on disk threads gives what one sorted `WalkDir` gives, in
    /// the same order: files at every depth, nested attachment folders,
    /// empty folders and links that are not followed.
    #[test]
    fn walk_is_a_sorted_walkdir() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for f in [
            "site.yaml",
            "regions/b-regio/index.md",
            "regions/b-regio/bijlagen/sub/plan.pdf",
            "regions/b-regio/convenant.pdf",
            "regions/a-regio/index.md",
            "regions/losse-file.md",
            "partners/woonhuis.md",
            "pages/over.md",
            "z.txt",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("folder");
            std::fs::write(&p, "x").expect("file");
        }
        std::fs::create_dir_all(root.join("regions/c-leeg")).expect("empty folder");
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("pages"), root.join("regions/d-link")).expect("link");
        let expected: Vec<(PathBuf, bool)> = WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .map(|e| {
                let e = e.expect("entry");
                (e.path().to_path_buf(), e.file_type().is_dir())
            })
            .collect();
        let walked: Vec<(PathBuf, bool)> = walk(root)
            .into_iter()
            .map(|e| {
                let (p, k) = e.expect("entry");
                (p, k.is_dir())
            })
            .collect();
        assert_eq!(walked, expected);
        assert!(walked.len() > 15, "{walked:?}");
    }
}
