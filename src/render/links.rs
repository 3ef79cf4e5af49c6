//! Internal links in editors' Markdown must point at a page or file the
//! build writes; a broken one is a diagnostic at the link's place in the
//! source, with the nearest existing address as suggestion.

use super::Output;
use crate::diagnostics::{Collector, Diagnostic, did_you_mean};
use crate::load::Doc;
use crate::resolve::Site;
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::collections::HashSet;

/// Checks every site-internal link (starting with `/`) in every body.
pub fn check(site: &Site, output: &Output, diags: &Collector) {
    let mut known: HashSet<String> = HashSet::with_capacity(output.files.len() * 2);
    for f in &output.files {
        let p = format!("/{}", f.path);
        if let Some(dir) = p.strip_suffix("index.html") {
            known.insert(dir.to_string());
        }
        known.insert(p);
    }
    let bodies = site
        .regions
        .iter()
        .map(|r| body_of(&r.src.doc))
        .chain(site.partners.iter().map(body_of))
        .chain(site.themes.iter().map(body_of))
        .chain(site.steps.iter().map(body_of))
        .chain(site.elements.iter().map(body_of))
        .chain(site.programmes.iter().map(body_of))
        .chain(site.pages.iter().map(body_of));
    for (file, text, start, end) in bodies {
        let body = &text[start..end];
        let parser = Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES);
        for (event, range) in parser.into_offset_iter() {
            let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            else {
                continue;
            };
            if !dest_url.starts_with('/') || dest_url.starts_with("//") {
                continue;
            }
            let path = dest_url.split(['#', '?']).next().unwrap_or("");
            if known.contains(path) {
                continue;
            }
            let at = start + range.start + body[range.clone()].find(&*dest_url).unwrap_or(0);
            let span = at..at + dest_url.len().min(end - at);
            let mut d = Diagnostic::new(
                file.clone(),
                span,
                format!("link naar `{path}`: die pagina bestaat niet"),
            )
            .expected("een adres dat de site maakt, zoals /regio/<slug>/ of /themas/<id>/");
            let suggestion = did_you_mean(
                path,
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
        }
    }
}

fn body_of<M>(d: &Doc<M>) -> (std::path::PathBuf, std::sync::Arc<str>, usize, usize) {
    (d.file.clone(), d.text.clone(), d.body.start, d.body.end)
}
