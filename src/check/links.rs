//! Links in editors' Markdown must resolve: site paths (`/regio/x/`),
//! links relative to the page (`../x/`), links to content files
//! (`@/regions/x/index.md`, as in Zola) and `#anchors`, on the page they
//! point at. A broken one is a diagnostic at the link's place in the source
//! with the nearest existing target as suggestion.

use crate::base::diagnostics::{Collector, Diagnostic, did_you_mean};
use crate::base::urls::{dangerous_scheme, resolve};
use crate::load::Doc;
use crate::resolve::Site;
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::collections::{HashMap, HashSet};

/// The ids on an HTML page, the targets of `#anchors`.
fn ids(html: &[u8]) -> HashSet<String> {
    let text = String::from_utf8_lossy(html);
    text.match_indices(" id=\"")
        .filter_map(|(i, m)| text[i + m.len()..].split('"').next().map(str::to_string))
        .collect()
}

/// Which page of the site shows a document's body, for relative links.
fn page_of(folder: &str, id: &str) -> String {
    match folder {
        "regions" => format!("/regio/{id}/"),
        "partners" => format!("/partners/{id}/"),
        "themes" => format!("/themas/{id}/"),
        "steps" => format!("/aanpak/{id}/"),
        "elements" => "/aanpak/convenant/".to_string(),
        "programmes" => format!("/programma/{id}/"),
        _ => format!("/{id}/"),
    }
}

/// The links and images written in the site's Markdown bodies, read once
/// per build (in parallel: with thousands of regions, reading every body
/// again, once before the render and once after, was a serial tenth of a
/// second each).
pub struct Written {
    bodies: Vec<Body>,
    links: Vec<WrittenLink>,
}

struct WrittenLink {
    /// Index in [`Written::bodies`].
    body: usize,
    /// Where the target is written in the file, for the caret; the link's
    /// start when it is not written there (a reference link).
    span: std::ops::Range<usize>,
    target: String,
    image: bool,
}

/// Reads every body of the site for its links.
pub fn written(site: &Site) -> Written {
    use rayon::prelude::*;
    let bodies: Vec<Body> = bodies(site).collect();
    let links = bodies
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, (_, _, text, start, end))| {
            let (start, end) = (*start, *end);
            let body = &text[start..end];
            let parser = Parser::new_ext(
                body,
                Options::ENABLE_TABLES
                    | Options::ENABLE_FOOTNOTES
                    | Options::ENABLE_HEADING_ATTRIBUTES,
            );
            parser
                .into_offset_iter()
                .filter_map(move |(event, range)| {
                    let (dest_url, image) = match event {
                        Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
                        Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
                        _ => return None,
                    };
                    let at = start + target_at(body, &range, &dest_url).unwrap_or(range.start);
                    Some(WrittenLink {
                        body: i,
                        span: at..(at + dest_url.len()).min(end),
                        target: dest_url.into_string(),
                        image,
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect();
    Written { bodies, links }
}

impl Written {
    /// The output files (`regio/x/index.html`) that some body links into
    /// with an `#anchor`: the render keeps their HTML so [`check`] can look
    /// the anchors up, and drops every other page's bytes once written.
    pub fn anchored_pages(&self) -> HashSet<String> {
        let mut out = HashSet::new();
        for l in self.links.iter().filter(|l| !l.image) {
            let page = &self.bodies[l.body].1;
            if let Some((path, frag)) = resolve(page, &l.target)
                .as_deref()
                .and_then(|t| t.split_once('#'))
                && !frag.is_empty()
            {
                let path = path.trim_start_matches('/');
                out.insert(if path.is_empty() || path.ends_with('/') {
                    format!("{path}index.html")
                } else {
                    path.to_string()
                });
            }
        }
        out
    }
}

/// Checks every internal link in every body against the built files:
/// `(path in the output, its bytes when it is a page)`. Also checks that no
/// old address needs a folder where the site writes a file.
pub fn check<'a>(
    site: &Site,
    written: &Written,
    files: impl Iterator<Item = (&'a str, Option<&'a [u8]>)>,
    diags: &Collector,
) {
    let mut known: HashSet<String> = HashSet::new();
    let mut pages: HashMap<String, &[u8]> = HashMap::new();
    let mut paths: HashSet<&str> = HashSet::new();
    for (path, html) in files {
        paths.insert(path);
        let p = format!("/{path}");
        let page = p.strip_suffix("index.html").unwrap_or(&p).to_string();
        if let Some(h) = html.filter(|_| p.ends_with(".html")) {
            pages.insert(page.clone(), h);
        }
        known.insert(page);
        known.insert(p);
    }
    check_alias_folders(site, &paths, diags);
    let mut anchors: HashMap<String, HashSet<String>> = HashMap::new();
    for l in &written.links {
        let (file, page, ..) = &written.bodies[l.body];
        let dest_url = l.target.as_str();
        let span = || l.span.clone();
        if let Some(scheme) = dangerous_scheme(dest_url) {
            diags.push(
                Diagnostic::new(
                    file.clone(),
                    span(),
                    format!("een link met `{scheme}` is niet toegestaan: zo'n link voert code uit in de browser van de lezer"),
                )
                .expected("een adres dat met https:// of / begint, of een link naar een inhoudsbestand (@/...)")
                .suggest("verwijder de link, of link naar de pagina waar de informatie staat"),
            );
            continue;
        }
        let own = site.base.own_path(dest_url);
        let Some(target) = own.or_else(|| resolve(page, dest_url)) else {
            if dest_url.starts_with("@/") {
                diags.push(
                    Diagnostic::new(file.clone(), span(), format!("`{dest_url}` is geen inhoudsbestand"))
                        .expected("@/regions/<slug>/index.md, @/partners/<id>.md, @/themes/<id>.md, @/pages/<naam>.md, ...")
                        .suggest("begin met @/ en gebruik het pad binnen content/"),
                );
            }
            continue;
        };
        let (path, frag) = match target.split_once('#') {
            Some((p, f)) => (p.to_string(), Some(f.to_string())),
            None => (target.split('?').next().unwrap_or("").to_string(), None),
        };
        let path = path.split('?').next().unwrap_or("").to_string();
        // A draft region's attachments sit under its own address; its
        // covenant pages are listed one by one.
        let region_root = path
            .strip_prefix("/regio/")
            .filter(|r| !r.contains("/convenant/"))
            .and_then(|r| r.split('/').next())
            .map(|slug| format!("/regio/{slug}/"));
        let draft = site
            .drafts
            .get(&path)
            .or_else(|| region_root.and_then(|r| site.drafts.get(&r)));
        if let (false, Some(draft_file)) = (known.contains(&path), draft) {
            diags.push(
                Diagnostic::new(
                    file.clone(),
                    span(),
                    format!(
                        "link naar `{path}`: die pagina staat nog op `draft: true` in {}, dus ze staat niet op de site",
                        draft_file.display()
                    ),
                )
                .expected("een link naar een gepubliceerde pagina")
                .suggest(format!(
                    "zet `draft: false` in {} zodra die pagina af is, of haal de link weg tot dan; `--drafts` toont haar alvast",
                    draft_file.display()
                )),
            );
            continue;
        }
        if !known.contains(&path) {
            let mut d = Diagnostic::new(
                file.clone(),
                span(),
                format!("link naar `{path}`: die pagina bestaat niet"),
            )
            .expected("een adres dat de site maakt, zoals /regio/<slug>/ of /themas/<id>/");
            let suggestion = did_you_mean(
                &path,
                known
                    .iter()
                    .filter(|k| k.ends_with('/'))
                    .map(String::as_str),
            );
            d = match suggestion {
                Some(s) => d.suggest(s),
                None if !path.ends_with('/') && known.contains(&format!("{path}/")) => {
                    d.suggest(format!("zet een / aan het eind: `{path}/`"))
                }
                None => d.suggest("controleer het adres, of verwijder de link"),
            };
            diags.push(d);
            continue;
        }
        let Some(frag) = frag.filter(|f| !f.is_empty()) else {
            continue;
        };
        let Some(html) = pages.get(&path) else {
            continue;
        };
        let set = anchors.entry(path.clone()).or_insert_with(|| ids(html));
        if !set.contains(&frag) {
            diags.push(
                Diagnostic::new(
                    file.clone(),
                    span(),
                    format!("anker `#{frag}` bestaat niet op {path}"),
                )
                .expected("het anker van een kop of onderdeel op die pagina")
                .maybe_suggest(did_you_mean(&frag, set.iter().map(String::as_str))),
            );
        }
    }
}

/// An old address is written as `<address>/index.html`, so each of its
/// segments becomes a folder. Where the site writes a file of that name
/// (`static/style.css`, `feed.xml`, an attachment) the two cannot both
/// exist; the render's own check only sees exact duplicates, and the feed,
/// sitemap and search files are made after it. Folders the site fills by
/// itself (a region's, the theme's, the search index's) are reserved: an
/// old address there would be overwritten by the next file the site puts
/// there. Compared without case, as a disk that folds it would.
fn check_alias_folders(site: &Site, written: &HashSet<&str>, diags: &Collector) {
    let docs = site
        .regions
        .iter()
        .map(|r| {
            (
                &r.src.doc.file,
                &r.src.doc.text,
                &r.src.doc.yaml,
                &r.src.doc.meta.aliases,
            )
        })
        .chain(
            site.partners
                .iter()
                .map(|d| (&d.file, &d.text, &d.yaml, &d.meta.aliases)),
        )
        .chain(
            site.themes
                .iter()
                .map(|d| (&d.file, &d.text, &d.yaml, &d.meta.aliases)),
        )
        .chain(
            site.programmes
                .iter()
                .map(|d| (&d.file, &d.text, &d.yaml, &d.meta.aliases)),
        )
        .chain(
            site.pages
                .iter()
                .map(|d| (&d.file, &d.text, &d.yaml, &d.meta.aliases)),
        )
        .filter(|(.., aliases)| !aliases.is_empty())
        .collect::<Vec<_>>();
    // Most sites have no old addresses; the tables below are for those
    // that do.
    if docs.is_empty() {
        return;
    }
    let files: HashMap<String, &str> = written.iter().map(|p| (p.to_lowercase(), *p)).collect();
    let regions: Vec<String> = site
        .regions
        .iter()
        .map(|r| crate::base::paths::region(r.slug()).to_lowercase())
        .collect();
    let reserved = |out: &str| -> Option<String> {
        let out = out.to_lowercase();
        if out.starts_with(crate::base::paths::STATIC) {
            return Some(format!("/{}", crate::base::paths::STATIC));
        }
        if out.starts_with(crate::base::paths::SEARCH_DATA) {
            return Some(format!("/{}", crate::base::paths::SEARCH_DATA));
        }
        regions
            .iter()
            .find(|r| out.starts_with(r.as_str()) && out != format!("{r}index.html"))
            .map(|r| format!("/{r}"))
    };
    for (file, text, yaml, aliases) in docs {
        for alias in aliases {
            let Ok(normal) = crate::resolve::alias::normalise(alias) else {
                continue;
            };
            let out = crate::resolve::alias::output_path(&normal);
            let at = || crate::load::yaml::locate(text, yaml, "aliases", alias);
            let Some((folders, _)) = out.rsplit_once('/') else {
                continue;
            };
            let clash = folders
                .match_indices('/')
                .map(|(i, _)| &folders[..i])
                .chain(std::iter::once(folders))
                .find_map(|f| files.get(&f.to_lowercase()));
            if let Some(folder) = clash {
                diags.push(
                    Diagnostic::new(
                        file.clone(),
                        at(),
                        format!(
                            "het oude adres `{alias}` botst met het bestand `/{folder}` van de site"
                        ),
                    )
                    .expected(
                        "een oud adres dat geen bestaand bestand van de site als map gebruikt",
                    )
                    .suggest("verwijder dit adres uit `aliases:`"),
                );
            } else if let Some(folder) = reserved(&out) {
                diags.push(
                    Diagnostic::new(
                        file.clone(),
                        at(),
                        format!(
                            "het oude adres `{alias}` ligt in `{folder}`, een map die de site zelf vult"
                        ),
                    )
                    .expected("een oud adres buiten de mappen van regio's, het thema en de zoekindex")
                    .suggest("verwijder dit adres uit `aliases:`"),
                );
            }
        }
    }
}

/// Offset in `body` of `target` as written in the link at `range`. Only the
/// end of the link is searched, where `(target "title")` stands: searching
/// the whole range would be quadratic for links nested in links (an image
/// inside an image inside ...).
fn target_at(body: &str, range: &std::ops::Range<usize>, target: &str) -> Option<usize> {
    let mut from = range
        .end
        .saturating_sub(target.len() + 512)
        .max(range.start);
    while !body.is_char_boundary(from) {
        from += 1;
    }
    let end = range.end.min(body.len());
    body.get(from..end)?.rfind(target).map(|i| from + i)
}

/// Every Markdown body of the site with its file and the page showing it.
type Body = (
    std::path::PathBuf,
    String,
    std::sync::Arc<str>,
    usize,
    usize,
);

fn bodies(site: &Site) -> impl Iterator<Item = Body> + '_ {
    site.regions
        .iter()
        .map(|r| body_of(&r.src.doc, "regions"))
        .chain(site.partners.iter().map(|d| body_of(d, "partners")))
        .chain(site.themes.iter().map(|d| body_of(d, "themes")))
        .chain(site.steps.iter().map(|d| body_of(d, "steps")))
        .chain(site.elements.iter().map(|d| body_of(d, "elements")))
        .chain(site.programmes.iter().map(|d| body_of(d, "programmes")))
        .chain(site.pages.iter().map(|d| body_of(d, "pages")))
}

fn body_of<M>(d: &Doc<M>, folder: &str) -> Body {
    (
        d.file.clone(),
        page_of(folder, &d.id),
        d.text.clone(),
        d.body.start,
        d.body.end,
    )
}
