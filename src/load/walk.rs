//! Finding the content: the walk over the content folder, what each file
//! is (a playbook, an attachment, a partner...), and what is refused on the
//! way (special files, links out of the folder, names that cannot be
//! published).

use super::{COLLECTIONS, Collection, Found, valid_slug};
use crate::base::diagnostics::{Collector, Diagnostic, did_you_mean};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// An entry of the content folder (path and type), or one that could not
/// be read (path and why).
pub(super) type Walked = Result<(PathBuf, std::fs::FileType), (PathBuf, String)>;

/// Every entry below `root`, in the order of a [`WalkDir`] sorted by name.
/// The folders two levels down (each region's own) are walked on
/// [`crate::base::io_threads`]: one after the other, thousands of them
/// kept a build waiting on a cold disk cache (benches/PERFORMANCE.md). The level
/// above them is listed without opening them, which `WalkDir` would do
/// for every folder it passes, even beyond `max_depth`.
pub(super) fn walk(root: &Path) -> Vec<Walked> {
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
pub(super) fn listed(dir: &Path) -> std::io::Result<Vec<(PathBuf, std::fs::FileType)>> {
    let mut children = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        children.push((e.file_name(), e.path(), e.file_type()?));
    }
    children.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(children.into_iter().map(|(_, p, k)| (p, k)).collect())
}

/// Editors' swap files, OS litter and the hidden folders of tools (`.git`)
/// are not content, at any depth.
pub(super) fn not_content(rel: &Path) -> bool {
    rel.iter().any(|p| {
        let p = p.to_string_lossy();
        p.starts_with('.') || p.ends_with('~')
    })
}

/// A FIFO, socket or device where a content file or attachment could be:
/// reading it would wait for ever, so it is named instead.
pub(super) fn special_file(rel: &Path, kind: std::fs::FileType) -> Diagnostic {
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

pub(super) fn classify(rel: &Path, diags: &Collector) -> Option<Found> {
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
            Some(Found::Doc(Collection::Region, slug.to_string(), rel.into()))
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
                "partners" => Collection::Partner,
                "themes" => Collection::Theme,
                "steps" => Collection::Step,
                "elements" => Collection::Element,
                "programmes" => Collection::Programme,
                "pages" => Collection::Page,
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

/// An attachment is published under its own name, so it keeps to the
/// alphabet of slugs plus the dot of its extension: a space or an accent
/// would have to be percent-encoded in every link to it.
pub(super) fn valid_attachment(name: &str) -> bool {
    name.split('.').all(valid_slug)
}

/// Why a file in a region folder cannot be published beside its pages, if
/// it cannot. The folder is `/regio/<slug>/`: a file there is served as
/// what its extension says, so an `index.html` would replace the playbook
/// and any page, image or script a browser runs (HTML, SVG, XML with a
/// style sheet, JavaScript) would bring raw markup onto the site, whatever
/// `allow_html` says. A name without an extension could take the place of
/// a folder the site writes there (`convenant/`).
pub(super) fn refused_attachment(name: &str) -> Option<&'static str> {
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
pub(super) fn attachment_slug(name: &str) -> String {
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
pub(super) fn symlink_allowed(root: &Path, link: &Path, diags: &Collector) -> bool {
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
