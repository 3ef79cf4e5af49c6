//! Reading a content file and its front matter into a typed [`Doc`]:
//! size limits, UTF-8, the `---` block, the YAML (or the previous build's
//! parse of it), and names that can be an address.

use super::{Cache, Collection, Doc, RegionDoc, frontmatter, valid_slug, yaml};
use crate::base::diagnostics::{Collector, Diagnostic};
use crate::base::model::{
    ElementMeta, PageMeta, PartnerMeta, ProgrammeMeta, RegionMeta, SiteConfig, StepMeta, ThemeMeta,
};
use serde::de::DeserializeOwned;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(super) enum Parsed {
    Region(Box<Doc<RegionMeta>>),
    Partner(Doc<PartnerMeta>),
    Theme(Doc<ThemeMeta>),
    Step(Doc<StepMeta>),
    Element(Doc<ElementMeta>),
    Programme(Doc<ProgrammeMeta>),
    Page(Doc<PageMeta>),
}

pub(super) fn load_config(root: &Path, diags: &Collector) -> Option<Doc<SiteConfig>> {
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

/// The largest content file draaiboek reads. A playbook is a few pages of
/// text; a file this size is a mistake (a pasted export, a PDF saved as
/// `.md`), and refusing it keeps a build's memory bounded.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Reads at most [`MAX_FILE_BYTES`] (plus one byte, to know it is more),
/// so a huge file is refused without being held in memory.
pub(super) fn read_limited(path: &Path) -> std::io::Result<Result<Vec<u8>, u64>> {
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

pub(super) fn too_large(rel: &Path, bytes: u64) -> Diagnostic {
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

pub(super) fn parse_doc(
    root: &Path,
    kind: Collection,
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
pub(super) fn parse_read(
    kind: Collection,
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

/// One region's `index.md` from its bytes, as [`super::load`] would read it from
/// `regions/<slug>/index.md`: for the fuzz target and the property tests,
/// which feed content without a disk. Problems go to `diags`.
pub fn region_from_bytes(slug: &str, raw: Vec<u8>, diags: &Collector) -> Option<RegionDoc> {
    let rel = PathBuf::from("regions").join(slug).join("index.md");
    if raw.len() as u64 > MAX_FILE_BYTES {
        diags.push(too_large(&rel, raw.len() as u64));
        return None;
    }
    match parse_bytes(
        Collection::Region,
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
pub(super) fn parse_bytes(
    kind: Collection,
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
    let cuts = super::cut::check(rel, &text, split.yaml.clone(), split.body.clone());
    if !cuts.is_empty() {
        for d in cuts {
            diags.push(d);
        }
        return None;
    }
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
        Collection::Region => {
            Parsed::Region(Box::new(doc(rel, id, &text, &split, what, diags, cache)?))
        }
        Collection::Partner => Parsed::Partner(doc(rel, id, &text, &split, what, diags, cache)?),
        Collection::Theme => Parsed::Theme(doc(rel, id, &text, &split, what, diags, cache)?),
        Collection::Step => Parsed::Step(doc(rel, id, &text, &split, what, diags, cache)?),
        Collection::Element => Parsed::Element(doc(rel, id, &text, &split, what, diags, cache)?),
        Collection::Programme => {
            Parsed::Programme(doc(rel, id, &text, &split, what, diags, cache)?)
        }
        Collection::Page => Parsed::Page(doc(rel, id, &text, &split, what, diags, cache)?),
    })
}

/// The file or folder name `id` cannot be an address: say which name it
/// should have, and whether that one is taken.
pub(super) fn invalid_name(
    kind: Collection,
    id: &str,
    rel: &Path,
    ids: &HashSet<(&'static str, String)>,
) -> Diagnostic {
    let slug = crate::base::slug::slugify(id);
    let what = if kind == Collection::Region {
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
            Collection::Region => format!("regions/{slug}/"),
            k => format!("{}/{slug}.md", k.folder()),
        };
        d.suggest(format!(
            "`{slug}` is al in gebruik door {other}: geef {what} een andere naam, of voeg de twee samen"
        ))
    } else {
        d.suggest(format!("hernoem {what} naar `{slug}`"))
    }
}
